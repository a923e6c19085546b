/** Competing hints divide a region; the bucket replaces (src/core/regions/split.ts resolveHints). */
import { describe, expect, it } from 'vitest';
import { buildRegions, composite, exportLayers, LINE, resolveHints, type RegionModel } from '../../src/core/regions';
import type { Hint } from '../../src/core/color/hints';
import { drawBoxes } from './regions-synth';

type Rgb = [number, number, number];
const RED: Rgb = [220, 30, 30];
const BLUE: Rgb = [30, 60, 220];
const GREEN: Rgb = [40, 170, 60];
const point = (x: number, y: number, rgb: Rgb, fill = false): Hint => ({
  kind: 'point',
  x,
  y,
  rgb,
  radius: 2,
  ...(fill ? { fill: true } : {}),
});

/** The flat colour (sRGB) the fill gives pixel (x, y), or null when uncoloured. */
function colourAt(m: RegionModel, rgb: (Rgb | null)[], W: number, x: number, y: number): Rgb | null {
  const r = m.under[y * W + x];
  return r === LINE ? null : rgb[r];
}

/** Gray panel: two flat tones side by side, no line between them (a sky over a wall, say). */
function twoTones(W: number, H: number, split: number, left: number, right: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(W * H * 4);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const j = (y * W + x) * 4;
      const v = x < split ? left : right;
      out[j] = out[j + 1] = out[j + 2] = v;
      out[j + 3] = 255;
    }
  return out;
}

describe('resolveHints: competing hints', () => {
  it('a tone step with no line: two hints divide the region exactly on the step', () => {
    const W = 120;
    const H = 60;
    const rgba = twoTones(W, H, 70, 200, 120);
    const m = buildRegions(rgba, W, H, { kind: 'gray' });
    expect(m.under[30 * W + 10]).toBe(m.under[30 * W + 110]); // one region: nothing bounds the step
    const r = resolveHints(m, [point(10, 30, BLUE), point(110, 30, RED)], rgba);
    expect(r.split).toHaveLength(1);
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) expect(colourAt(r.model, r.fill.rgb, W, x, y)).toEqual(x < 70 ? BLUE : RED);
    // the flats layer is still one colour per region: exactly the two hinted colours
    const layers = exportLayers(r.model, r.fill.rgb);
    const colours = new Set<number>();
    for (let j = 0; j < layers.flats.length; j += 4)
      colours.add((layers.flats[j] << 16) | (layers.flats[j + 1] << 8) | layers.flats[j + 2]);
    expect(colours.size).toBe(2);
  });

  it('two rooms joined by a door wider than the gap closing: each room keeps its own hint', () => {
    // one box (under 30 % of the panel: no flood cap) with an inner wall at x 199–200 and a
    // 12-px door in it: too wide for gap 3, so both rooms are one region
    const s = drawBoxes(600, 300, [{ box: [20, 20, 380, 110] }]);
    for (let y = 20; y < 110; y++)
      for (const x of [199, 200]) {
        const j = (y * 600 + x) * 4;
        s.rgba[j] = s.rgba[j + 1] = s.rgba[j + 2] = y >= 60 && y < 72 ? 255 : 0;
      }
    const m = buildRegions(s.rgba, 600, 300, { gap: 3 });
    expect(m.capped).toBe(false);
    expect(m.under[40 * 600 + 100]).toBe(m.under[40 * 600 + 300]);
    const r = resolveHints(m, [point(100, 40, GREEN), point(300, 40, RED)], s.rgba);
    expect(r.split).toHaveLength(1);
    for (let y = 24; y < 106; y++) {
      for (let x = 24; x < 196; x++) expect(colourAt(r.model, r.fill.rgb, 600, x, y)).toEqual(GREEN);
      for (let x = 204; x < 376; x++) expect(colourAt(r.model, r.fill.rgb, 600, x, y)).toEqual(RED);
    }
    expect(colourAt(r.model, r.fill.rgb, 600, 5, 5)).toBeNull(); // outside: no hint
    // the composite keeps the lines dark over the divided flats
    const out = composite(r.model, s.rgba, r.fill.colors, 'lineart').rgba;
    expect(out[(40 * 600 + 199) * 4]).toBeLessThan(40);
  });

  it('the bucket replaces every earlier hint in its region; later hints compete with it', () => {
    const rgba = twoTones(120, 60, 70, 200, 120);
    const m = buildRegions(rgba, 120, 60, { kind: 'gray' });
    const bucket = resolveHints(m, [point(10, 30, BLUE), point(110, 30, RED), point(60, 30, GREEN, true)], rgba);
    expect(bucket.split).toEqual([]);
    expect(bucket.model).toBe(m);
    for (const x of [0, 50, 119]) expect(colourAt(m, bucket.fill.rgb, 120, x, 30)).toEqual(GREEN);
    const after = resolveHints(m, [point(10, 30, BLUE, true), point(110, 30, RED)], rgba);
    expect(colourAt(after.model, after.fill.rgb, 120, 5, 5)).toEqual(BLUE);
    expect(colourAt(after.model, after.fill.rgb, 120, 115, 55)).toEqual(RED);
  });

  it('hints of one colour join; one hint, or none, leaves the model as it was', () => {
    const rgba = twoTones(120, 60, 70, 200, 120);
    const m = buildRegions(rgba, 120, 60, { kind: 'gray' });
    for (const hints of [[], [point(10, 30, BLUE)], [point(10, 30, BLUE), point(110, 30, BLUE)]]) {
      const r = resolveHints(m, hints, rgba);
      expect(r.model).toBe(m);
      expect(r.split).toEqual([]);
    }
  });

  it('a stroke seeds along its path; the later hint wins where seeds overlap', () => {
    const rgba = twoTones(120, 60, 70, 200, 120);
    const m = buildRegions(rgba, 120, 60, { kind: 'gray' });
    const stroke: Hint = {
      kind: 'stroke',
      points: [
        [5, 5],
        [5, 55],
      ],
      rgb: BLUE,
      width: 4,
    };
    const r = resolveHints(m, [stroke, point(110, 30, RED), point(5, 30, GREEN)], rgba);
    expect(colourAt(r.model, r.fill.rgb, 120, 5, 30)).toEqual(GREEN);
    expect(colourAt(r.model, r.fill.rgb, 120, 5, 5)).toEqual(BLUE);
    expect(colourAt(r.model, r.fill.rgb, 120, 100, 10)).toEqual(RED);
    // every pixel of the panel has one of the three colours
    for (let y = 0; y < 60; y++)
      for (let x = 0; x < 120; x++) expect([BLUE, RED, GREEN]).toContainEqual(colourAt(r.model, r.fill.rgb, 120, x, y));
  });
});
