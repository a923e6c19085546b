/**
 * The TypeScript lightness (src/core/color/lab.ts `srgbFloatToLab`, `rgbaLightness`; the Values
 * view's path through workers/runtime/lightness-cpu.ts) against the float64 numpy reference that
 * the ONNX graph's tests use (models/ops/srgb_to_lab.reference.json), with that file's tolerances.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { grayOfLuminance, rgbaLightness, rgbaToGray, srgbFloatToLab } from '../../src/core/color/lab';
import { lightnessCpu, lightnessToSrgb8 } from '../../workers/runtime/lightness-cpu';

interface TensorJson {
  dims: number[];
  data: number[];
}
const ref = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../../models/ops/srgb_to_lab.reference.json'), 'utf8'),
) as {
  input: TensorJson;
  outputs: Record<'lab' | 'gray', TensorJson>;
  tolerance: Record<'lab' | 'gray', number>;
};

/** Independent per-pixel formulas (written out again, not imported). */
const decode = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const encode = (y: number) => (y <= 0.0031308 ? 12.92 * y : 1.055 * y ** (1 / 2.4) - 0.055);
const luminance = (r: number, g: number, b: number) =>
  0.2126729 * decode(r / 255) + 0.7151522 * decode(g / 255) + 0.072175 * decode(b / 255);

describe('TypeScript lightness vs the ONNX graph reference (numpy float64)', () => {
  it('srgbFloatToLab reproduces the reference lab and gray (named colours, gray ramp, clamped values)', () => {
    const [, , h, w] = ref.input.dims;
    const plane = h * w;
    let errLab = 0;
    let errGray = 0;
    for (let i = 0; i < plane; i++) {
      const lab = srgbFloatToLab(ref.input.data[i], ref.input.data[plane + i], ref.input.data[2 * plane + i]);
      for (let c = 0; c < 3; c++) errLab = Math.max(errLab, Math.abs(lab[c] - ref.outputs.lab.data[c * plane + i]));
      errGray = Math.max(errGray, Math.abs(lab[0] / 100 - ref.outputs.gray.data[i]));
    }
    expect(errLab).toBeLessThan(ref.tolerance.lab);
    expect(errGray).toBeLessThan(ref.tolerance.gray);
    // The reference holds out-of-range inputs (clamped by the graph): they are really exercised.
    expect(ref.input.data.some((v) => v < 0 || v > 1)).toBe(true);
  });

  it('rgbaLightness on 8-bit pixels = srgbFloatToLab(v / 255) = rgbaToGray, for a 16³ colour cube', () => {
    const vals = Array.from({ length: 16 }, (_, i) => i * 17);
    const n = vals.length ** 3;
    const data = new Uint8ClampedArray(n * 4);
    let i = 0;
    for (const r of vals)
      for (const g of vals) for (const b of vals) data.set([r, g, b, (i++ * 37) % 256], (i - 1) * 4);
    const { gray, preview } = rgbaLightness(data, n, 1);
    const old = rgbaToGray(data, n, 1);
    let err = 0;
    for (let p = 0; p < n; p++) {
      const L = srgbFloatToLab(data[p * 4] / 255, data[p * 4 + 1] / 255, data[p * 4 + 2] / 255)[0] / 100;
      err = Math.max(err, Math.abs(gray[p] - L));
      expect(gray[p]).toBe(old[p]);
      // Preview: the 8-bit gray whose luminance is nearest, i.e. the same L*; alpha kept.
      const y = luminance(data[p * 4], data[p * 4 + 1], data[p * 4 + 2]);
      const want = Math.round(Math.min(1, Math.max(0, encode(y))) * 255);
      expect([preview[p * 4], preview[p * 4 + 1], preview[p * 4 + 2], preview[p * 4 + 3]]).toEqual([
        want,
        want,
        want,
        data[p * 4 + 3],
      ]);
    }
    expect(err).toBeLessThan(ref.tolerance.gray);
  });

  it('every 8-bit sRGB gray previews as itself; the preview agrees with lightnessToSrgb8', () => {
    for (let g = 0; g < 256; g++) {
      const y = luminance(g, g, g);
      expect(grayOfLuminance(y)).toBe(g);
      const { gray } = rgbaLightness(new Uint8ClampedArray([g, g, g, 255]), 1, 1);
      expect(lightnessToSrgb8(gray[0])).toBe(g);
    }
    expect(grayOfLuminance(0)).toBe(0);
    expect(grayOfLuminance(1.5)).toBe(255);
  });

  it('lightnessCpu: backend cpu, statistics, and a clear error for a malformed image', () => {
    const data = new Uint8ClampedArray(400 * 4);
    for (let p = 0; p < 400; p++) data.fill(p < 200 ? 0 : 255, p * 4, p * 4 + 4);
    const r = lightnessCpu({ width: 20, height: 20, data });
    expect(r.backend).toBe('cpu');
    expect(r.stats.mean).toBeCloseTo(0.5, 6);
    expect([r.stats.p5, r.stats.p95]).toEqual([0, 1]);
    expect(() => lightnessCpu({ width: 20, height: 21, data })).toThrow(/bad image 20×21/);
  });
});
