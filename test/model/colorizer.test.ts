/**
 * The shipped colorizer (models/colorizer/colorizer.onnx, fp16-stored weights, fp32 compute) run by
 * onnxruntime-web (WASM) in Node must reproduce the training side's reference outputs written by
 * models/colorizer/export.py:
 *   - `ab16` (torch, weights rounded to fp16 exactly as stored): tight, max |Δab| < TIGHT;
 *   - `ab` (torch fp32): within the stated fp16 tolerance (CARD.md), max |Δab| < FP16_TOL Lab units.
 * When the unshipped build variants exist locally (build/colorizer.fp32.onnx, build/colorizer.int8.onnx)
 * they are checked too (fp32 tight; int8 within INT8_TOL) — see CARD.md for why int8 is not shipped.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-web';

const dir = path.resolve(__dirname, '../../models/colorizer');
// Same weights, different float32 summation order: the applier's propagation layer runs ~116 unrolled
// Jacobi steps, so ORT and torch drift apart by a few hundredths of an ab unit (measured max 0.024).
const TIGHT = 0.05;
const FP16_TOL = { max: 0.1, mean: 0.02 }; // measured: max 0.023, mean 0.0046
const INT8_TOL = { max: 3, mean: 0.5 }; // measured: max 1.22, mean 0.25

interface Case {
  name: string;
  height: number;
  width: number;
  hints: number;
  lineart: boolean;
  files: Record<'gray' | 'hints' | 'ab' | 'ab16', string>;
}
interface Info {
  stride: number;
  cases: Case[];
  models: Record<string, { bytes: number; sha256: string }>;
}
const info = JSON.parse(fs.readFileSync(path.join(dir, 'reference/cases.json'), 'utf8')) as Info;

function f32(file: string): Float32Array {
  const b = fs.readFileSync(path.join(dir, 'reference', file));
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

function diff(a: Float32Array, b: Float32Array): { max: number; mean: number } {
  expect(a.length).toBe(b.length);
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    sum += d;
    if (d > max) max = d;
  }
  return { max, mean: sum / a.length };
}

async function runCase(s: ort.InferenceSession, c: Case): Promise<Float32Array> {
  const out = await s.run({
    gray: new ort.Tensor('float32', f32(c.files.gray), [1, 1, c.height, c.width]),
    hints: new ort.Tensor('float32', f32(c.files.hints), [1, 3, c.height, c.width]),
  });
  expect(out.ab.dims).toEqual([1, 2, c.height, c.width]);
  return out.ab.data as Float32Array;
}

async function open(file: string): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(fs.readFileSync(path.join(dir, file)), { executionProviders: ['wasm'] });
}

describe('models/colorizer/colorizer.onnx (onnxruntime-web, WASM, Node)', () => {
  let session: ort.InferenceSession;
  beforeAll(async () => {
    ort.env.wasm.numThreads = 1;
    session = await open('colorizer.onnx');
  });

  it('is the exported file, within the 6 MB budget, with the documented contract', () => {
    const bytes = fs.readFileSync(path.join(dir, 'colorizer.onnx'));
    expect(bytes.byteLength).toBe(info.models['colorizer.onnx'].bytes);
    expect(bytes.byteLength).toBeLessThanOrEqual(6 * 1024 * 1024);
    expect(session.inputNames).toEqual(['gray', 'hints']);
    expect(session.outputNames).toEqual(['ab']);
  });

  for (const c of info.cases) {
    it(`reproduces the reference outputs: ${c.name} (${c.width}×${c.height}, ${c.hints} hints${c.lineart ? ', line art' : ''})`, async () => {
      const ab = await runCase(session, c);
      const tight = diff(ab, f32(c.files.ab16));
      expect(tight.max).toBeLessThan(TIGHT);
      const vs32 = diff(ab, f32(c.files.ab));
      expect(vs32.max).toBeLessThan(FP16_TOL.max);
      expect(vs32.mean).toBeLessThan(FP16_TOL.mean);
      // not a constant: the model produces colour
      let chroma = 0;
      const n = c.width * c.height;
      for (let i = 0; i < n; i++) chroma += Math.hypot(ab[i], ab[n + i]);
      expect(chroma / n).toBeGreaterThan(1);
    });
  }

  it('accepts any multiple of the stride (dynamic H, W) and a batch of 2', async () => {
    const H = info.stride * 3;
    const W = info.stride * 5;
    const gray = new Float32Array(2 * H * W).fill(0.8);
    const out = await session.run({
      gray: new ort.Tensor('float32', gray, [2, 1, H, W]),
      hints: new ort.Tensor('float32', new Float32Array(2 * 3 * H * W), [2, 3, H, W]),
    });
    expect(out.ab.dims).toEqual([2, 2, H, W]);
    const d = out.ab.data as Float32Array;
    expect(d.every(Number.isFinite)).toBe(true);
    // identical batch items give identical outputs
    expect(diff(d.subarray(0, 2 * H * W), d.subarray(2 * H * W)).max).toBe(0);
  });

  it('a red hint moves the hinted area towards red', async () => {
    const c = info.cases[0];
    const base = await runCase(session, c);
    const hints = new Float32Array(3 * c.width * c.height);
    const n = c.width * c.height;
    for (let y = 28; y < 36; y++)
      for (let x = 28; x < 36; x++) {
        const i = y * c.width + x;
        hints[i] = 70;
        hints[n + i] = 55;
        hints[2 * n + i] = 1;
      }
    const out = await session.run({
      gray: new ort.Tensor('float32', f32(c.files.gray), [1, 1, c.height, c.width]),
      hints: new ort.Tensor('float32', hints, [1, 3, c.height, c.width]),
    });
    const ab = out.ab.data as Float32Array;
    const i = 32 * c.width + 32;
    const dist = (a: number, b: number) => Math.hypot(a - 70, b - 55);
    expect(dist(ab[i], ab[n + i])).toBeLessThan(dist(base[i], base[n + i]));
  });

  for (const [file, tol] of [
    ['build/colorizer.fp32.onnx', { max: TIGHT, mean: TIGHT }],
    ['build/colorizer.int8.onnx', INT8_TOL],
  ] as const) {
    it.skipIf(!fs.existsSync(path.join(dir, file)))(
      `local build variant ${file} is within tolerance of torch fp32`,
      async () => {
        const s = await open(file);
        for (const c of info.cases) {
          const d = diff(await runCase(s, c), f32(c.files.ab));
          expect(d.max).toBeLessThan(tol.max);
          expect(d.mean).toBeLessThan(tol.mean);
        }
      },
    );
  }
});
