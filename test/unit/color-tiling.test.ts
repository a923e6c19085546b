import { describe, expect, it } from 'vitest';
import {
  cropPlanar,
  padPlanar,
  resizeArea,
  resizeBilinear,
  runTiled,
  tileStarts,
  type Planar,
} from '../../src/core/color/tiling';

function ramp(width: number, height: number, channels: number): Planar {
  const data = new Float32Array(channels * width * height);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.37) * 50 + (i % 7);
  return { data, width, height, channels };
}

describe('padding and tiling', () => {
  it('pads to the stride by replicating edges, crops back exactly', () => {
    const img = ramp(17, 5, 2);
    const p = padPlanar(img, 16);
    expect([p.width, p.height]).toEqual([32, 16]);
    expect(p.data[31]).toBe(img.data[16]); // last column replicated
    expect(p.data[15 * 32]).toBe(img.data[4 * 17]); // last row replicated
    const z = padPlanar(img, 16, 0);
    expect(z.data[31]).toBe(0);
    expect(Array.from(cropPlanar(p, 17, 5).data)).toEqual(Array.from(img.data));
  });

  it('pads a 1×1 image to one stride cell', () => {
    const p = padPlanar({ data: new Float32Array([0.5]), width: 1, height: 1, channels: 1 }, 16);
    expect(p.width * p.height).toBe(256);
    expect(p.data.every((v) => v === 0.5)).toBe(true);
  });

  it('tile starts cover the length with the requested overlap', () => {
    expect(tileStarts(100, 128, 16)).toEqual([0]);
    for (const len of [129, 256, 300, 1000, 6400]) {
      const s = tileStarts(len, 128, 32);
      expect(s[0]).toBe(0);
      expect(s[s.length - 1] + 128).toBe(len);
      for (let i = 1; i < s.length; i++) expect(s[i - 1] + 128 - s[i]).toBeGreaterThanOrEqual(32);
    }
  });

  it('an identity op through overlapping tiles reconstructs the input (no seams)', async () => {
    const img = ramp(300, 200, 2);
    let calls = 0;
    const out = await runTiled(
      [img],
      (t) => {
        calls++;
        return t[0];
      },
      { tile: 128, overlap: 32, outChannels: 2 },
    );
    expect(calls).toBe(3 * 2);
    let err = 0;
    for (let i = 0; i < img.data.length; i++) err = Math.max(err, Math.abs(out.data[i] - img.data[i]));
    expect(err).toBeLessThan(1e-4);
  });

  it('a per-tile constant op blends smoothly (no jump larger than the tile difference / overlap)', async () => {
    const img = { data: new Float32Array(256 * 64), width: 256, height: 64, channels: 1 };
    let k = 0;
    const out = await runTiled([img], (t) => ({ ...t[0], data: new Float32Array(t[0].data.length).fill(k++ * 32) }), {
      tile: 128,
      overlap: 32,
      outChannels: 1,
    });
    let maxStep = 0;
    for (let x = 1; x < 256; x++) maxStep = Math.max(maxStep, Math.abs(out.data[x] - out.data[x - 1]));
    expect(maxStep).toBeLessThanOrEqual(32 / 32 + 1e-3 * 32);
  });

  it('bilinear resize of a constant is constant; area downscale averages', () => {
    const c = { data: new Float32Array(12).fill(3), width: 4, height: 3, channels: 1 };
    expect(Array.from(resizeBilinear(c, 9, 7).data).every((v) => Math.abs(v - 3) < 1e-6)).toBe(true);
    const a = resizeArea({ data: new Float32Array([0, 2, 4, 6]), width: 2, height: 2, channels: 1 }, 1, 1);
    expect(a.data[0]).toBe(3);
  });
});
