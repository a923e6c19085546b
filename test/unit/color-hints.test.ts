import { describe, expect, it } from 'vitest';
import { isHint, rasterizeHints, type Hint } from '../../src/core/color/hints';
import { rgbToLab } from '../../src/core/color/lab';

const RED: [number, number, number] = [230, 20, 20];

describe('hint rasterization', () => {
  it('draws a point hint as a disc carrying the colour’s a, b with mask 1', () => {
    const { tensor, outside } = rasterizeHints([{ kind: 'point', x: 10, y: 10, rgb: RED, radius: 3 }], 20, 20);
    expect(outside).toEqual([]);
    const n = 400;
    const [, a, b] = rgbToLab(...RED);
    const i = 10 * 20 + 10;
    expect(tensor[i]).toBeCloseTo(a, 4);
    expect(tensor[n + i]).toBeCloseTo(b, 4);
    expect(tensor[2 * n + i]).toBe(1);
    let area = 0;
    for (let j = 0; j < n; j++) area += tensor[2 * n + j];
    expect(area).toBeGreaterThan(20); // ≈ π·3² = 28
    expect(area).toBeLessThan(40);
    expect(tensor[2 * n + 0]).toBe(0);
  });

  it('a 1-pixel hint still marks its pixel', () => {
    const { tensor } = rasterizeHints([{ kind: 'point', x: 3.2, y: 4.7, rgb: RED, radius: 0.1 }], 8, 8);
    expect(tensor[2 * 64 + 4 * 8 + 3]).toBe(1);
  });

  it('draws strokes along their path and scales coordinates', () => {
    const h: Hint = {
      kind: 'stroke',
      points: [
        [0, 10],
        [39, 10],
      ],
      rgb: [20, 20, 230],
      width: 2,
    };
    const { tensor } = rasterizeHints([h], 40, 20, 0.5);
    const n = 20 * 10;
    for (let x = 0; x < 20; x++) expect(tensor[2 * n + 5 * 20 + x]).toBe(1);
    expect(tensor[2 * n + 0]).toBe(0);
  });

  it('reports hints entirely outside the image and ignores them', () => {
    const { tensor, outside } = rasterizeHints(
      [
        { kind: 'point', x: -50, y: 5, rgb: RED, radius: 3 },
        { kind: 'point', x: 5, y: 5, rgb: RED, radius: 1 },
        {
          kind: 'stroke',
          points: [
            [100, 100],
            [120, 130],
          ],
          rgb: RED,
          width: 4,
        },
      ],
      16,
      16,
    );
    expect(outside).toEqual([0, 2]);
    let marked = 0;
    for (let j = 0; j < 256; j++) marked += tensor[512 + j];
    expect(marked).toBeGreaterThan(0);
    expect(marked).toBeLessThan(10);
  });

  it('later hints paint over earlier ones', () => {
    const { tensor } = rasterizeHints(
      [
        { kind: 'point', x: 4, y: 4, rgb: RED, radius: 2 },
        { kind: 'point', x: 4, y: 4, rgb: [20, 200, 20], radius: 2 },
      ],
      8,
      8,
    );
    expect(tensor[4 * 8 + 4]).toBeCloseTo(rgbToLab(20, 200, 20)[1], 4);
  });

  it('validates stored hints', () => {
    expect(isHint({ kind: 'point', x: 1, y: 2, rgb: [1, 2, 3], radius: 4 })).toBe(true);
    expect(isHint({ kind: 'stroke', points: [[1, 2]], rgb: [1, 2, 3], width: 2 })).toBe(true);
    expect(isHint({ kind: 'point', x: 1, rgb: [1, 2, 3] })).toBe(false);
    expect(isHint(null)).toBe(false);
  });
});
