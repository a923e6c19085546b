/** Competing hints divide a region; the bucket replaces (src/core/regions/split.ts resolveHints). */
import { describe, expect, it } from 'vitest';
import {
  buildRegions,
  composite,
  exportLayers,
  LINE,
  paperRegions,
  paperSpread,
  resolveHints,
  type RegionModel,
} from '../../src/core/regions';
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
    // the two it replaced colour nothing: the editor drops them from the list
    expect(bucket.replaced).toEqual([0, 1]);
    const after = resolveHints(m, [point(10, 30, BLUE, true), point(110, 30, RED)], rgba);
    expect(after.replaced).toEqual([]);
    expect(colourAt(after.model, after.fill.rgb, 120, 5, 5)).toEqual(BLUE);
    expect(colourAt(after.model, after.fill.rgb, 120, 115, 55)).toEqual(RED);
  });

  it('a hint is replaced only where a LATER bucket fills every region it fills', () => {
    // two boxes sharing a wall: a stroke across both keeps colouring the box the bucket does not fill
    const s = drawBoxes(200, 80, [{ box: [5, 5, 100, 75] }, { box: [100, 5, 195, 75] }]);
    const m = buildRegions(s.rgba, 200, 80, { kind: 'lineart' });
    const across: Hint = {
      kind: 'stroke',
      points: [
        [30, 40],
        [170, 40],
      ],
      rgb: RED,
      width: 4,
    };
    const left = point(50, 40, GREEN, true);
    expect(resolveHints(m, [across, left], s.rgba).replaced).toEqual([]);
    const right = point(150, 40, BLUE, true);
    expect(resolveHints(m, [across, left, right], s.rgba).replaced).toEqual([0]);
    // a bucket replaced by a later bucket; a bucket before nothing stays
    expect(resolveHints(m, [left, point(60, 30, BLUE, true)], s.rgba).replaced).toEqual([0]);
    expect(resolveHints(m, [point(60, 30, BLUE, true), point(50, 40, RED)], s.rgba).replaced).toEqual([]);
  });

  it('paperSpread: a fill clicked on a drawn part that covers a wide stretch of blank paper (a leak kept tones hide) is named; one clicked on the paper is the paper notice', () => {
    const s = drawBoxes(200, 80, [{ box: [5, 5, 195, 75] }]);
    // a gray bag whose outline is missing: one region with the white paper around it
    for (let y = 8; y < 73; y++)
      for (let x = 10; x < 45; x++) {
        const j = (y * 200 + x) * 4;
        s.rgba[j] = s.rgba[j + 1] = s.rgba[j + 2] = 150;
      }
    const m = buildRegions(s.rgba, 200, 80, { kind: 'gray' });
    const onBag = [point(20, 40, RED)];
    const r = resolveHints(m, onBag, s.rgba);
    const spread = paperSpread(r.model, s.rgba, r.fill, onBag);
    const region = m.labels[40 * 200 + 20];
    expect(spread.regions).toEqual([region]);
    expect(spread.share).toBeGreaterThan(0.5);
    expect(spread.share).toBeLessThan(0.8);
    // the same region clicked on its paper: not a leak (the user filled the background)
    const onPaper = [point(150, 40, RED)];
    const rp = resolveHints(m, onPaper, s.rgba);
    expect(paperSpread(rp.model, s.rgba, rp.fill, onPaper)).toEqual({ regions: [], share: 0 });
    // a small drawn part with little paper: nothing
    const small = drawBoxes(200, 80, [{ box: [5, 5, 60, 75] }, { box: [60, 5, 195, 75] }]);
    for (let y = 8; y < 73; y++)
      for (let x = 8; x < 57; x++) {
        const j = (y * 200 + x) * 4;
        small.rgba[j] = small.rgba[j + 1] = small.rgba[j + 2] = 150;
      }
    const ms = buildRegions(small.rgba, 200, 80, { kind: 'gray' });
    const rs = resolveHints(ms, onBag, small.rgba);
    expect(paperSpread(rs.model, small.rgba, rs.fill, onBag).share).toBe(0);
  });

  it('paperRegions: a filled region of white paper is listed (it stays white with tones kept); a toned one is not', () => {
    const s = drawBoxes(200, 80, [{ box: [5, 5, 100, 75] }, { box: [100, 5, 195, 75] }]);
    // right box toned mid-gray, left box white paper
    for (let y = 8; y < 73; y++)
      for (let x = 103; x < 193; x++) {
        const j = (y * 200 + x) * 4;
        s.rgba[j] = s.rgba[j + 1] = s.rgba[j + 2] = 150;
      }
    const m = buildRegions(s.rgba, 200, 80, { kind: 'gray' });
    const left = m.labels[40 * 200 + 50];
    const right = m.labels[40 * 200 + 150];
    const r = resolveHints(m, [point(50, 40, RED), point(150, 40, BLUE)], s.rgba);
    expect(paperRegions(r.model, s.rgba, r.fill.colors)).toEqual([left]);
    expect(
      paperRegions(
        r.model,
        s.rgba,
        r.fill.colors.map((c, i) => (i === left ? null : c)),
      ),
    ).toEqual([]);
    expect(right).not.toBe(left);
    // the composite keeps white white there: what the notice tells the user
    const out = composite(r.model, s.rgba, r.fill.colors, 'gray').rgba;
    const j = (40 * 200 + 50) * 4;
    expect([out[j], out[j + 1], out[j + 2]]).toEqual([255, 255, 255]);
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

  it('a colour whose seeds a later hint covers entirely drops out; the others still divide the region', () => {
    const rgba = twoTones(120, 60, 70, 200, 120);
    const m = buildRegions(rgba, 120, 60, { kind: 'gray' });
    const big: Hint = { kind: 'point', x: 100, y: 30, rgb: RED, radius: 6 };
    const r = resolveHints(m, [point(10, 30, BLUE), point(100, 30, GREEN), big], rgba);
    expect(r.model.regions.every((g, i) => g.id === i)).toBe(true);
    expect(r.model.regions).toHaveLength(2);
    expect(colourAt(r.model, r.fill.rgb, 120, 10, 10)).toEqual(BLUE);
    expect(colourAt(r.model, r.fill.rgb, 120, 110, 50)).toEqual(RED);
  });

  it('an earlier hint whose centre a later one covers still colours its share', () => {
    const rgba = twoTones(120, 60, 70, 200, 120);
    const m = buildRegions(rgba, 120, 60, { kind: 'gray' });
    const a: Hint = { kind: 'point', x: 10, y: 30, rgb: BLUE, radius: 6 };
    const b: Hint = { kind: 'point', x: 100, y: 30, rgb: RED, radius: 6 };
    const c: Hint = { kind: 'point', x: 13, y: 30, rgb: RED, radius: 1 }; // on BLUE's centre: later wins there
    const r = resolveHints(m, [a, b, c], rgba);
    expect(colourAt(r.model, r.fill.rgb, 120, 2, 5)).toEqual(BLUE);
    expect(colourAt(r.model, r.fill.rgb, 120, 110, 50)).toEqual(RED);
  });

  it("a divided region's outline goes with the share on its side; each share has its own area, box and mean L*", () => {
    // one box with a door too wide for the gap closing (as above), left / right halves in two tones
    const s = drawBoxes(600, 300, [{ box: [20, 20, 380, 110] }]);
    for (let y = 20; y < 110; y++)
      for (let x = 22; x < 378; x++) {
        const j = (y * 600 + x) * 4;
        if (s.rgba[j] > 128 && y > 21 && y < 108) s.rgba[j] = s.rgba[j + 1] = s.rgba[j + 2] = x < 200 ? 235 : 170;
      }
    const m = buildRegions(s.rgba, 600, 300, { gap: 3, kind: 'gray' });
    const r0 = m.under[60 * 600 + 100];
    expect(m.under[60 * 600 + 300]).toBe(r0);
    const r = resolveHints(m, [point(100, 60, GREEN), point(300, 60, RED)], s.rgba);
    const left = r.model.under[60 * 600 + 100];
    const right = r.model.under[60 * 600 + 300];
    expect(left).not.toBe(right);
    // the outline (line pixels) on each side: under = that side's share
    expect(r.model.labels[60 * 600 + 21]).toBe(LINE);
    expect(r.model.under[60 * 600 + 21]).toBe(left);
    expect(r.model.under[60 * 600 + 378]).toBe(right);
    const gl = r.model.regions[left];
    const gr = r.model.regions[right];
    let nl = 0;
    let nr = 0;
    for (let i = 0; i < 600 * 300; i++) {
      if (r.model.labels[i] === left) nl++;
      if (r.model.labels[i] === right) nr++;
    }
    expect([gl.area, gr.area]).toEqual([nl, nr]);
    expect(gl.bbox[2]).toBeLessThanOrEqual(201);
    expect(gr.bbox[0]).toBeGreaterThanOrEqual(199);
    expect(gl.meanL).toBeGreaterThan(gr.meanL + 10);
    expect(gl.neighbors).toContain(right);
    expect(gr.neighbors).toContain(left);
  });
});
