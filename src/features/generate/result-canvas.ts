/**
 * Drawing a generation result (rendering seam of `<toon-generate-view>`): its pixels on the
 * result canvas once per result, and the canvas's data- attributes the e2e tests and benchmark
 * read (timings, backend, where a lost WebGPU device moved the run to WASM).
 */
import type { GenerateResult } from '../../bridge/diffusion';

/** Rounded timings of a run: text encoder, the median denoising step, the VAE decode (ms). */
export function resultTimings(r: GenerateResult): { text: number; step: number; decode: number } {
  const sorted = [...r.timings.stepsMs].sort((a, b) => a - b);
  const step = sorted.length ? sorted[Math.floor(sorted.length / 2)] : 0;
  return { text: Math.round(r.timings.textMs), step: Math.round(step), decode: Math.round(r.timings.decodeMs) };
}

const LOST_KEYS = ['lostStage', 'lostStep', 'stepsOnWebgpu', 'detectMs', 'recoveryMs'] as const;

/** Draws `r` on `canvas` unless it already shows it (same seed and total time). */
export function paintResult(canvas: HTMLCanvasElement, r: GenerateResult): void {
  const key = `${r.seed}:${r.timings.totalMs}`;
  if (canvas.dataset.seed === key) return;
  canvas.width = r.image.width;
  canvas.height = r.image.height;
  canvas
    .getContext('2d')
    ?.putImageData(new ImageData(new Uint8ClampedArray(r.image.data), r.image.width, r.image.height), 0, 0);
  canvas.dataset.seed = key;
  const tm = resultTimings(r);
  Object.assign(canvas.dataset, {
    totalMs: Math.round(r.timings.totalMs),
    textMs: tm.text,
    stepMs: tm.step,
    decodeMs: tm.decode,
    backend: r.backend,
  });
  const lost = r.deviceLost;
  if (lost) {
    Object.assign(canvas.dataset, {
      lostStage: lost.stage,
      lostStep: lost.step,
      stepsOnWebgpu: lost.stepsDone,
      detectMs: Math.round(lost.detectMs),
      recoveryMs: Math.round(lost.recoveryMs),
    });
  } else for (const k of LOST_KEYS) delete canvas.dataset[k];
}
