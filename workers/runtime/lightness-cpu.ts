/**
 * Lightness of an image in TypeScript on the CPU — the Values view's value check. Pure colour math
 * (src/core/color/lab.ts `rgbaLightness`), so it needs no model runtime: same numbers as the shipped
 * ONNX graph models/ops/srgb_to_lab.onnx within its reference tolerance (test/model/
 * lightness-ts-vs-onnx.test.ts), at a fraction of its time (test/bench/runtime.bench.mjs).
 * ORT-free: the runtime worker loads onnxruntime-web only for the self-test and explicit ONNX runs.
 */
import { rgbaLightness } from '../../src/core/color/lab';
import type { ImagePixels, LightnessResult } from './types';

/** L* (as 0..1) → 8-bit sRGB gray of the same lightness. */
export function lightnessToSrgb8(l01: number): number {
  const fy = (l01 * 100 + 16) / 116;
  const y = fy ** 3 > 216 / 24389 ? fy ** 3 : (116 * fy - 16) / (24389 / 27);
  const c = y <= 0.0031308 ? 12.92 * y : 1.055 * y ** (1 / 2.4) - 0.055;
  return Math.round(Math.min(1, Math.max(0, c)) * 255);
}

/** Mean and 5th/95th percentiles of values in 0..1 (1000-bin histogram). */
export function valueStats(values: Float32Array): { mean: number; p5: number; p95: number } {
  const bins = new Uint32Array(1001);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = Math.min(1, Math.max(0, values[i]));
    sum += v;
    bins[Math.round(v * 1000)]++;
  }
  const at = (q: number) => {
    const target = q * values.length;
    let acc = 0;
    for (let b = 0; b < bins.length; b++) {
      acc += bins[b];
      if (acc >= target) return b / 1000;
    }
    return 1;
  };
  return { mean: values.length ? sum / values.length : 0, p5: at(0.05), p95: at(0.95) };
}

export function checkImage({ width, height, data }: ImagePixels): void {
  if (width <= 0 || height <= 0 || data.length !== width * height * 4)
    throw new Error(`lightness: bad image ${width}×${height} with ${data.length} bytes`);
}

/** L* ÷ 100 per pixel and the gray preview, computed in TypeScript (backend 'cpu'). */
export function lightnessCpu(image: ImagePixels): LightnessResult {
  checkImage(image);
  const t0 = performance.now();
  const { gray, preview } = rgbaLightness(image.data, image.width, image.height);
  return {
    width: image.width,
    height: image.height,
    lightness: gray,
    preview,
    backend: 'cpu',
    ms: performance.now() - t0,
    stats: valueStats(gray),
  };
}
