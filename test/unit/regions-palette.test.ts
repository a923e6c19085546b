/**
 * Automatic colours per region (src/core/regions/auto.ts) and the character-palette matcher
 * (src/core/regions/palette-match.ts), on synthetic panels with known parts.
 */
import { describe, expect, it } from 'vitest';
import { buildRegions, LINE, type RegionInfo, type RegionModel } from '../../src/core/regions';
import { lineartLightness, regionColorsFromNet } from '../../src/core/regions/auto';
import {
  hungarian,
  interiorPoints,
  matchPalette,
  MAX_COST,
  samplesFromPanel,
} from '../../src/core/regions/palette-match';
import { gamutScale } from '../../src/core/color/lab';

/** Panel of gray-filled boxes with 2-px black outlines on paper (drawn in order). */
function panel(
  width: number,
  height: number,
  boxes: { box: [number, number, number, number]; gray: number }[],
): Uint8ClampedArray {
  const px = new Uint8ClampedArray(width * height * 4).fill(255);
  const set = (x: number, y: number, g: number) => {
    const j = (y * width + x) * 4;
    px[j] = px[j + 1] = px[j + 2] = g;
  };
  for (const {
    box: [x0, y0, x1, y1],
    gray,
  } of boxes)
    for (let y = y0; y < y1; y++)
      for (let x = x0; x < x1; x++) set(x, y, x - x0 < 2 || x1 - 1 - x < 2 || y - y0 < 2 || y1 - 1 - y < 2 ? 0 : gray);
  return px;
}

/** A "character": hair over face, shirt below, two shoes; at (ox, oy), scaled by s. */
function character(ox: number, oy: number, s: number) {
  const b = (x0: number, y0: number, x1: number, y1: number): [number, number, number, number] => [
    Math.round(ox + x0 * s),
    Math.round(oy + y0 * s),
    Math.round(ox + x1 * s),
    Math.round(oy + y1 * s),
  ];
  return [
    { part: 'face', box: b(4, 8, 28, 30), gray: 215 },
    { part: 'hair', box: b(2, 0, 30, 10), gray: 60 },
    { part: 'shirt', box: b(0, 28, 32, 60), gray: 150 },
    { part: 'shoe', box: b(2, 58, 14, 66), gray: 100 },
    { part: 'shoe', box: b(18, 58, 30, 66), gray: 100 },
  ];
}

function regionAt(m: RegionModel, x: number, y: number): number {
  return m.labels[Math.floor(y) * m.width + Math.floor(x)];
}
const centre = (b: [number, number, number, number]) => [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2] as const;

describe('regionColorsFromNet', () => {
  // two boxes: left one, its net output reddish with a few outliers; right one near-neutral
  const W = 40;
  const H = 20;
  const rgba = panel(W, H, [
    { box: [0, 0, 20, 20], gray: 200 },
    { box: [18, 0, 40, 20], gray: 200 },
  ]);
  const m = buildRegions(rgba, W, H, { gap: 0 });
  const left = regionAt(m, 9, 9);
  const right = regionAt(m, 29, 9);
  const n = W * H;
  const ab = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const r = m.labels[i];
    if (r === left) {
      ab[i] = 40;
      ab[n + i] = 20;
    } else if (r === right) {
      ab[i] = 1;
      ab[n + i] = -1;
    }
  }
  // outliers on a few left pixels (the net's halo): the median ignores them, the mean does not
  for (let k = 0; k < 10; k++) {
    const i = 5 * W + 4 + k;
    ab[i] = -60;
    ab[n + i] = -60;
  }

  it('gives one colour per region: the median a*b*, outliers ignored', () => {
    expect(left).not.toBe(right);
    expect(left).toBeGreaterThanOrEqual(0);
    const c = regionColorsFromNet(m, ab, { kind: 'gray' });
    expect(c).toHaveLength(m.regions.length);
    const cl = c[left];
    expect(cl).not.toBeNull();
    expect(cl?.[1]).toBe(40);
    expect(cl?.[2]).toBe(20);
    expect(cl?.[0]).toBeCloseTo(m.regions[left].meanL, 6);
    const mean = regionColorsFromNet(m, ab, { kind: 'gray', pool: 'mean' })[left];
    expect(mean?.[1]).toBeLessThan(38);
  });

  it('leaves near-neutral regions (below minChroma), bubbles and lines uncoloured', () => {
    const c = regionColorsFromNet(m, ab, { kind: 'gray', minChroma: 4 });
    expect(c[right]).toBeNull();
    // default minChroma (0, chosen on val): the faint colour is kept
    expect(regionColorsFromNet(m, ab, { kind: 'gray' })[right]?.slice(1)).toEqual([1, -1]);
    const bubbly: RegionModel = {
      ...m,
      regions: m.regions.map((g: RegionInfo) => (g.id === left ? { ...g, bubble: true } : g)),
    };
    expect(regionColorsFromNet(bubbly, ab, { kind: 'gray' })[left]).toBeNull();
    expect(m.labels.includes(LINE)).toBe(true);
  });

  // (white regions of ≥ 3 % of a panel count as speech bubbles — src/core/color/bubbles.ts — so
  // these panels are filled light gray)
  it('line art: the flat gets an in-gamut lightness below paper', () => {
    const c = regionColorsFromNet(m, ab, { kind: 'lineart' })[left];
    expect(c).not.toBeNull();
    const [L, a, b] = c as [number, number, number];
    expect(L).toBeLessThanOrEqual(85);
    expect(L).toBeGreaterThanOrEqual(40);
    expect(gamutScale(L, a, b)).toBeGreaterThanOrEqual(0.9);
    expect(lineartLightness(0, 0)).toBe(85);
  });

  it('rejects an ab buffer of the wrong size', () => {
    expect(() => regionColorsFromNet(m, new Float32Array(10))).toThrow(/needs/);
  });
});

describe('hungarian', () => {
  it('finds the optimal assignment (3 × 4)', () => {
    // brute-force check on a fixed matrix
    const cost = Float64Array.from([4, 1, 3, 9, 2, 0, 5, 9, 3, 2, 2, 9]);
    const col = hungarian(cost, 3, 4);
    const total = [...col].reduce((a, c, r) => a + cost[r * 4 + c], 0);
    let best = Infinity;
    for (let a = 0; a < 4; a++)
      for (let b = 0; b < 4; b++)
        for (let c = 0; c < 4; c++)
          if (a !== b && b !== c && a !== c) best = Math.min(best, cost[a] + cost[4 + b] + cost[8 + c]);
    expect(total).toBe(best);
    expect(new Set(col).size).toBe(3);
  });
});

describe('matchPalette', () => {
  const parts1 = character(10, 10, 1);
  const W1 = 60;
  const H1 = 90;
  const m1 = buildRegions(panel(W1, H1, parts1), W1, H1, { gap: 0 });
  const labelOf = new Map<number, string>();
  for (const p of parts1) {
    const [cx, cy] = centre(p.box);
    labelOf.set(regionAt(m1, cx, p.part === 'hair' ? p.box[1] + 4 : cy), p.part);
  }
  const samples = samplesFromPanel(m1, labelOf);

  it('remembers tone, relative size, position in the bbox and neighbours', () => {
    expect(samples).toHaveLength(5);
    const hair = samples.find((s) => s.label === 'hair');
    expect(hair?.relPos[1]).toBeLessThan(0.15);
    expect(hair?.meanL).toBeLessThan(40);
    const shirt = samples.find((s) => s.label === 'shirt');
    expect(shirt?.neighbors).toEqual(expect.arrayContaining(['face', 'shoe']));
  });

  it('colours the same character in a new panel (moved, 1.5× larger, other shapes around)', () => {
    const W2 = 160;
    const H2 = 140;
    const parts2 = character(70, 20, 1.5);
    const other = [{ part: 'box', box: [4, 90, 40, 130] as [number, number, number, number], gray: 200 }];
    const m2 = buildRegions(panel(W2, H2, [...other, ...parts2]), W2, H2, { gap: 0 });
    const got = matchPalette(m2, samples, { bbox: [70, 20, 70 + 48, 20 + 99] });
    const want = new Map<number, string>();
    for (const p of parts2) {
      const [cx, cy] = centre(p.box);
      want.set(regionAt(m2, cx, p.part === 'hair' ? p.box[1] + 5 : cy), p.part);
    }
    expect(got).toHaveLength(5);
    for (const a of got) {
      expect(want.get(a.regionId)).toBe(a.label);
      expect(regionAt(m2, a.x, a.y)).toBe(a.regionId); // the hint point lies inside its region
    }
    const boxRegion = regionAt(m2, 20, 110);
    expect(got.some((a) => a.regionId === boxRegion)).toBe(false);
  });

  it('line art (every part white, the face with eyes inside): flagged as bubbles, still learnt and matched', () => {
    const white = (ox: number, oy: number, k: number) => {
      const parts = character(ox, oy, k).map((p) => ({ ...p, gray: 255 }));
      const eye = (x: number): { part: string; box: [number, number, number, number]; gray: number } => {
        const [fx, fy] = [parts[0].box[0], parts[0].box[1]];
        const e = Math.max(3, Math.round(3 * k));
        return {
          part: 'eye',
          box: [fx + Math.round(x * k), fy + Math.round(8 * k), fx + Math.round(x * k) + e, fy + Math.round(8 * k) + e],
          gray: 0,
        };
      };
      return [...parts, eye(6), eye(15)];
    };
    const lab = (m: RegionModel, parts: { part: string; box: [number, number, number, number] }[]) => {
      const out = new Map<number, string>();
      for (const p of parts.filter((q) => q.part !== 'eye')) {
        const [cx, cy] = centre(p.box);
        out.set(regionAt(m, cx, p.part === 'hair' ? p.box[1] + 4 : p.part === 'face' ? p.box[3] - 5 : cy), p.part);
      }
      return out;
    };
    const p1 = white(10, 10, 1);
    const a = buildRegions(panel(W1, H1, p1), W1, H1, { gap: 0 });
    const la = lab(a, p1);
    expect([...la.keys()].some((id) => a.regions[id].bubble)).toBe(true); // what broke "Colour as" on line art
    const learnt = samplesFromPanel(a, la);
    expect(learnt).toHaveLength(5);
    const p2 = white(70, 20, 1.5);
    const b = buildRegions(panel(160, 140, p2), 160, 140, { gap: 0 });
    const got = matchPalette(b, learnt, { bbox: [70, 20, 70 + 48, 20 + 99] });
    const want = lab(b, p2);
    expect(got).toHaveLength(5);
    for (const x of got) expect(want.get(x.regionId)).toBe(x.label);
  });

  it('estimates the character box when none is given', () => {
    const W2 = 120;
    const H2 = 130;
    const parts2 = character(30, 25, 1.25);
    const m2 = buildRegions(panel(W2, H2, parts2), W2, H2, { gap: 0 });
    const got = matchPalette(m2, samples);
    expect(got).toHaveLength(5);
    for (const p of parts2) {
      const [cx, cy] = centre(p.box);
      const r = regionAt(m2, cx, p.part === 'hair' ? p.box[1] + 4 : cy);
      expect(got.find((a) => a.regionId === r)?.label).toBe(p.part);
    }
  });

  it('leaves regions unmatched when nothing is close enough, and handles empty input', () => {
    const W2 = 100;
    const H2 = 100;
    // one big mid-gray box: the only figure region (the paper around it is background)
    const m2 = buildRegions(panel(W2, H2, [{ box: [10, 10, 90, 90], gray: 110 }]), W2, H2, { gap: 0 });
    expect(matchPalette(m2, samples, { maxCost: 0.5 })).toEqual([]);
    // at the default cap it goes to the one entry closest in tone, size and place: the shirt
    const got = matchPalette(m2, samples);
    expect(got.map((a) => a.label)).toEqual(['shirt']);
    expect(got[0].cost).toBeGreaterThan(0.5);
    expect(got[0].cost).toBeLessThanOrEqual(MAX_COST + 1);
    expect(matchPalette(m2, [])).toEqual([]);
  });

  it('interior points sit inside their regions, away from the edge', () => {
    const pts = interiorPoints(m1, [...labelOf.keys()]);
    for (const [r, [x, y]] of pts) expect(regionAt(m1, x, y)).toBe(r);
  });
});
