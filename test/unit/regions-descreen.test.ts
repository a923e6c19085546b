import { describe, expect, it } from 'vitest';
import { rgbToLab } from '../../src/core/color/lab';
import { buildRegions, composite } from '../../src/core/regions';

/**
 * A gray panel: a framed box whose left half is screentone (2 × 2 black dots every 6 px on white
 * paper) and whose right half is a smooth gray gradient. Both halves are one region (no line).
 */
function panel(): { rgba: Uint8ClampedArray; w: number; h: number } {
  const w = 120;
  const h = 80;
  const rgba = new Uint8ClampedArray(w * h * 4).fill(255);
  const put = (x: number, y: number, g: number) => rgba.set([g, g, g, 255], (y * w + x) * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      if (x < 3 || y < 3 || x >= w - 3 || y >= h - 3) put(x, y, 0);
      else if (x >= 60) put(x, y, 120 + Math.round((x - 60) * 1.5));
      else if (x % 6 < 2 && y % 6 < 2) put(x, y, 0);
    }
  return { rgba, w, h };
}

const chroma = (rgba: Uint8ClampedArray, i: number) => {
  const [, a, b] = rgbToLab(rgba[i * 4], rgba[i * 4 + 1], rgba[i * 4 + 2]);
  return Math.hypot(a, b);
};

describe('screentone under a colour (descreen)', () => {
  const { rgba, w, h } = panel();
  const m = buildRegions(rgba, w, h, { gap: 3, kind: 'gray' });
  const r = m.labels[40 * w + 30];
  const colors = m.regions.map((g) => (g.id === r ? ([60, -45, 40] as [number, number, number]) : null));

  it('is found and reported, but left as drawn by default (val)', () => {
    const out = composite(m, rgba, colors, 'gray');
    expect(out.halftoneRegions).toBe(1);
    expect(out.smoothed).toBeUndefined();
    // paper between the dots stays white: the colour shows on the dots only
    expect(chroma(out.rgba, 40 * w + 33)).toBeLessThan(2);
  });

  it("on request, the dotted half takes the tone's lightness and shows the colour; the gradient is untouched", () => {
    const plain = composite(m, rgba, colors, 'gray');
    const out = composite(m, rgba, colors, 'gray', undefined, { descreen: true });
    expect(out.smoothed).toBeDefined();
    let min = 255;
    let max = 0;
    for (let y = 15; y < 65; y++)
      for (let x = 15; x < 45; x++) {
        const i = y * w + x;
        expect(chroma(out.rgba, i), `(${x},${y})`).toBeGreaterThan(10);
        min = Math.min(min, out.rgba[i * 4 + 1]);
        max = Math.max(max, out.rgba[i * 4 + 1]);
      }
    expect(max - min).toBeLessThanOrEqual(2); // one even tone, no dots
    for (let y = 10; y < 70; y++)
      for (let x = 75; x < 110; x++) {
        const j = (y * w + x) * 4;
        expect([out.rgba[j], out.rgba[j + 1], out.rgba[j + 2]]).toEqual([
          plain.rgba[j],
          plain.rgba[j + 1],
          plain.rgba[j + 2],
        ]);
      }
  });

  it('leaves uncoloured regions and panels without colour alone', () => {
    const none = composite(
      m,
      rgba,
      colors.map(() => null),
      'gray',
      undefined,
      { descreen: true },
    );
    expect(none.halftoneRegions).toBe(0);
    expect(none.smoothed).toBeUndefined();
  });
});
