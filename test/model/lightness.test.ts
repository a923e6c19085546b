/**
 * workers/runtime/lab-graph.ts `lightness()` — the path the app uses (RGBA bytes → planar float
 * tensor → shipped ONNX graph in row tiles → L* ÷ 100 + gray preview) — run in Node on WASM and
 * checked against an independent per-pixel CIE formula.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-web';
import { lightness, lightnessToSrgb8, TILE_PIXELS } from '../../workers/runtime/lab-graph';

const model = fs.readFileSync(path.resolve(__dirname, '../../models/ops/srgb_to_lab.onnx'));

/** CIE L* / 100 of an 8-bit sRGB colour (D65), written out independently of the graph. */
function refL(r: number, g: number, b: number): number {
  const lin = (c: number) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const y = 0.2126729 * lin(r) + 0.7151522 * lin(g) + 0.072175 * lin(b);
  const f = y > 216 / 24389 ? Math.cbrt(y) : ((24389 / 27) * y + 16) / 116;
  return (116 * f - 16) / 100;
}

describe('lightness() through the shipped graph (WASM, Node)', () => {
  beforeAll(() => {
    ort.env.wasm.numThreads = 1;
  });

  it('matches the CIE formula on every pixel across several row tiles, keeps alpha', async () => {
    const width = 1100;
    const height = Math.ceil((2.5 * TILE_PIXELS) / width); // three tiles, the last one partial
    const data = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      data[i * 4] = (i * 7) % 256;
      data[i * 4 + 1] = (i * 13 + 50) % 256;
      data[i * 4 + 2] = (i * 29 + 100) % 256;
      data[i * 4 + 3] = i % 3 === 0 ? 128 : 255;
    }
    const r = await lightness({ width, height, data }, 'wasm', undefined, model);
    expect(r.backend).toBe('wasm');
    expect(r.lightness.length).toBe(width * height);
    let maxErr = 0;
    for (let i = 0; i < width * height; i += 97) {
      maxErr = Math.max(maxErr, Math.abs(r.lightness[i] - refL(data[i * 4], data[i * 4 + 1], data[i * 4 + 2])));
    }
    // Last pixel (end of the partial tile) too.
    const last = width * height - 1;
    maxErr = Math.max(
      maxErr,
      Math.abs(r.lightness[last] - refL(data[last * 4], data[last * 4 + 1], data[last * 4 + 2])),
    );
    expect(maxErr).toBeLessThan(1e-5);
    expect(r.preview[3]).toBe(128);
    expect(r.preview[7]).toBe(255);
  });

  it('gray preview: an sRGB gray maps back to itself (±1), white 255, black 0', async () => {
    const grays = [0, 1, 17, 64, 128, 200, 254, 255];
    const data = new Uint8ClampedArray(grays.length * 4);
    grays.forEach((g, i) => data.set([g, g, g, 255], i * 4));
    const r = await lightness({ width: grays.length, height: 1, data }, 'wasm', undefined, model);
    grays.forEach((g, i) => {
      expect(Math.abs(r.preview[i * 4] - g)).toBeLessThanOrEqual(1);
      expect(r.preview[i * 4 + 1]).toBe(r.preview[i * 4]);
    });
    expect(lightnessToSrgb8(1)).toBe(255);
    expect(lightnessToSrgb8(0)).toBe(0);
  });

  it('rejects an image whose byte length does not match its size', async () => {
    await expect(
      lightness({ width: 4, height: 4, data: new Uint8ClampedArray(10) }, 'wasm', undefined, model),
    ).rejects.toThrow(/bad image/);
  });
});
