// Generate view's result seam (src/features/generate/result-canvas.ts): the timings it shows and
// writes on the result canvas — text encoder, MEDIAN denoising step, decode — rounded to ms.
import { describe, expect, it } from 'vitest';
import type { GenerateResult } from '../../src/bridge/diffusion';
import { resultTimings } from '../../src/features/generate/result-canvas';

const result = (stepsMs: number[]) =>
  ({ timings: { textMs: 12.4, stepsMs, decodeMs: 80.6, totalMs: 500 } }) as unknown as GenerateResult;

describe('resultTimings', () => {
  it('takes the median step (upper median for an even count) without reordering the input', () => {
    const steps = [30, 10, 20.6, 400];
    expect(resultTimings(result(steps))).toEqual({ text: 12, step: 30, decode: 81 });
    expect(steps).toEqual([30, 10, 20.6, 400]);
    expect(resultTimings(result([5, 90.5, 7])).step).toBe(7);
  });

  it('reports step 0 for a run with no steps', () => {
    expect(resultTimings(result([])).step).toBe(0);
  });
});
