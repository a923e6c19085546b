import { describe, expect, it } from 'vitest';
import {
  chroma,
  grayAbToRgba,
  hueDeg,
  hueDistance,
  isGrayscale,
  labToRgb,
  meanChroma,
  rgbaToGray,
  rgbToLab,
} from '../../src/core/color/lab';

describe('sRGB ↔ Lab (D65)', () => {
  it('matches known values', () => {
    const cases: [[number, number, number], [number, number, number]][] = [
      [
        [255, 255, 255],
        [100, 0, 0],
      ],
      [
        [0, 0, 0],
        [0, 0, 0],
      ],
      [
        [255, 0, 0],
        [53.2408, 80.0925, 67.2032],
      ],
      [
        [0, 255, 0],
        [87.7347, -86.1827, 83.1793],
      ],
      [
        [0, 0, 255],
        [32.297, 79.1875, -107.8602],
      ],
      [
        [128, 128, 128],
        [53.585, 0, 0],
      ],
    ];
    for (const [rgb, lab] of cases) {
      const got = rgbToLab(...rgb);
      for (let i = 0; i < 3; i++) expect(got[i]).toBeCloseTo(lab[i], 3);
    }
  });

  it('round-trips every 8-bit value of a sample cube exactly', () => {
    for (let r = 0; r < 256; r += 15)
      for (let g = 0; g < 256; g += 17)
        for (let b = 0; b < 256; b += 13) expect(labToRgb(...rgbToLab(r, g, b))).toEqual([r, g, b]);
  });

  it('gray + ab recombination keeps the lightness (ab = 0 gives the same gray back)', () => {
    const data = new Uint8ClampedArray([10, 10, 10, 255, 200, 200, 200, 255, 90, 90, 90, 255, 255, 255, 255, 255]);
    const gray = rgbaToGray(data, 2, 2);
    const rgba = grayAbToRgba(gray, new Float32Array(8), 2, 2);
    expect(Array.from(rgba)).toEqual(Array.from(data));
    expect(gray[1]).toBeCloseTo(rgbToLab(200, 200, 200)[0] / 100, 5);
  });

  it('chroma and hue helpers', () => {
    expect(chroma(3, 4)).toBe(5);
    expect(hueDeg(0, 10)).toBeCloseTo(90);
    expect(hueDeg(0, -10)).toBeCloseTo(270);
    expect(hueDistance(350, 10)).toBeCloseTo(20);
    expect(isGrayscale(new Uint8ClampedArray([5, 5, 5, 255, 250, 250, 250, 255]))).toBe(true);
    expect(isGrayscale(new Uint8ClampedArray([5, 5, 5, 255, 250, 20, 20, 255]))).toBe(false);
    expect(meanChroma(new Uint8ClampedArray([255, 0, 0, 255]))).toBeCloseTo(Math.hypot(80.0925, 67.2032), 2);
  });
});
