/**
 * Line extraction (src/core/regions/lines.ts) on synthetic line art with known regions: thin and
 * light anti-aliased strokes (rendered with 8 × 8 supersampling), gray scanned paper, tone areas
 * that must not become lines, and 1–5 px breaks in thin strokes.
 */
import { describe, expect, it } from 'vitest';
import { buildRegions, composite, extractLines, flatFill, LINE, type RegionModel } from '../../src/core/regions';
import { dropToneCells, maxFilter, minFilter } from '../../src/core/regions/lines';
import { rgbaToGray, rgbToLab } from '../../src/core/color/lab';

type Seg = { a: [number, number]; b: [number, number]; w: number; ink: number };

/** Distance from (x, y) to segment ab. */
function segDist(x: number, y: number, [ax, ay]: [number, number], [bx, by]: [number, number]): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(x - ax - t * dx, y - ay - t * dy);
}

/**
 * Line art: `paper` gray, strokes of width w px and darkness `ink` (0..1) anti-aliased by 8 × 8
 * supersampling (coverage × ink), optional ±noise on the paper (a scan). Returns RGBA.
 */
function render(W: number, H: number, segs: Seg[], paper = 255, noise = 0): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(W * H * 4);
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const S = 8;
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      let dark = 0;
      for (let sy = 0; sy < S; sy++)
        for (let sx = 0; sx < S; sx++) {
          const px = x + (sx + 0.5) / S;
          const py = y + (sy + 0.5) / S;
          let d = 0;
          for (const s of segs) if (segDist(px, py, s.a, s.b) <= s.w / 2) d = Math.max(d, s.ink);
          dark += d;
        }
      const p = paper + (noise ? (rand() * 2 - 1) * noise : 0);
      const g = Math.round(p * (1 - dark / (S * S)));
      const j = (y * W + x) * 4;
      rgba[j] = rgba[j + 1] = rgba[j + 2] = g;
      rgba[j + 3] = 255;
    }
  return rgba;
}

/** A 4-sided outline from (x0, y0) to (x1, y1), with an optional break [from, to) in its top edge. */
function box(x0: number, y0: number, x1: number, y1: number, w: number, ink: number, gap?: [number, number]): Seg[] {
  const top: Seg[] = gap
    ? [
        { a: [x0, y0], b: [gap[0], y0], w, ink },
        { a: [gap[1], y0], b: [x1, y0], w, ink },
      ]
    : [{ a: [x0, y0], b: [x1, y0], w, ink }];
  return [
    ...top,
    { a: [x1, y0], b: [x1, y1], w, ink },
    { a: [x1, y1], b: [x0, y1], w, ink },
    { a: [x0, y1], b: [x0, y0], w, ink },
  ];
}

/** The region ids under a list of probe points; every probe region must be a real region. */
const at = (m: RegionModel, pts: [number, number][]) => pts.map(([x, y]) => m.labels[y * m.width + x]);

/** Pixels of region r that lie inside the rectangle (x0, y0)-(x1, y1) shrunk by `pad`, over all pixels of that rectangle. */
function share(m: RegionModel, r: number, x0: number, y0: number, x1: number, y1: number, pad: number): number {
  let hit = 0;
  let all = 0;
  for (let y = Math.ceil(y0 + pad); y < y1 - pad; y++)
    for (let x = Math.ceil(x0 + pad); x < x1 - pad; x++) {
      all++;
      if (m.labels[y * m.width + x] === r) hit++;
    }
  return hit / all;
}

describe('maxFilter / minFilter', () => {
  it('equal a brute-force square window at every pixel, borders included', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (const [W, H] of [
      [1, 1],
      [7, 3],
      [13, 11],
      [30, 17],
    ])
      for (const r of [1, 2, 3, 5]) {
        const g = new Float32Array(W * H).map(() => Math.round(rand() * 255));
        const mx = maxFilter(g, W, H, r);
        const mn = minFilter(g, W, H, r);
        for (let y = 0; y < H; y++)
          for (let x = 0; x < W; x++) {
            let a = -Infinity;
            let b = Infinity;
            for (let yy = Math.max(0, y - r); yy <= Math.min(H - 1, y + r); yy++)
              for (let xx = Math.max(0, x - r); xx <= Math.min(W - 1, x + r); xx++) {
                a = Math.max(a, g[yy * W + xx]);
                b = Math.min(b, g[yy * W + xx]);
              }
            expect(mx[y * W + x]).toBe(a);
            expect(mn[y * W + x]).toBe(b);
          }
      }
  });
});

describe('extractLines: thin, light, anti-aliased strokes', () => {
  // a 120 × 80 frame split by a vertical stroke and a diagonal one: 3 regions + the outside
  const W = 140;
  const H = 100;
  const frame = (w: number, ink: number): Seg[] => [
    ...box(10.5, 10.5, 130.5, 90.5, w, ink),
    { a: [60.5, 10.5], b: [60.5, 90.5], w, ink },
    { a: [60.5, 50.5], b: [130.5, 20.5], w, ink },
  ];
  const probes: [number, number][] = [
    [35, 50],
    [100, 70],
    [110, 20],
    [3, 3],
  ];

  for (const [w, ink, paper, noise] of [
    [0.8, 1, 255, 0], // hairline: no pixel is fully covered
    [1.2, 0.75, 255, 0], // light gray pen
    [1, 0.9, 215, 6], // thin stroke on gray, noisy scanned paper
  ] as const) {
    it(`stroke ${w} px, ink ${ink}, paper ${paper}${noise ? ` ± ${noise}` : ''}: every region found whole, none merged`, () => {
      const rgba = render(W, H, frame(w, ink), paper, noise);
      const m = buildRegions(rgba, W, H);
      const ids = at(m, probes);
      for (const id of ids) expect(id).toBeGreaterThanOrEqual(0);
      expect(new Set(ids).size).toBe(4);
      // left cell whole (pixels more than 2 px from its strokes)
      expect(share(m, ids[0], 10.5, 10.5, 60.5, 90.5, 2)).toBe(1);
      expect(m.kind).toBe('lineart');
      // the old rule (dark pixels only, L* < 20…45) misses these strokes: regions merge
      const old = extractLines(rgbaToGray(rgba, W, H), W, H, { coverage: 1 }).line;
      let oldLine = 0;
      let newLine = 0;
      for (let i = 0; i < W * H; i++) {
        oldLine += old[i];
        newLine += m.labels[i] === LINE ? 1 : 0;
      }
      expect(newLine).toBeGreaterThan(oldLine);
    });
  }

  it('gray scanned paper: ink 0 on paper, a flat keeps its exact colour there and lines stay dark', () => {
    const rgba = render(W, H, frame(1.5, 1), 215, 0);
    const m = buildRegions(rgba, W, H);
    const [left] = at(m, probes);
    expect(m.ink[50 * W + 35]).toBe(0);
    const colors = flatFill(m, [{ kind: 'point', x: 35.5, y: 50.5, rgb: [224, 32, 32], radius: 1 }]).colors;
    expect(colors[left]).not.toBeNull();
    const out = composite(m, rgba, colors, m.kind).rgba;
    const j = (50 * W + 35) * 4;
    expect([out[j], out[j + 1], out[j + 2]]).toEqual([224, 32, 32]);
    // the darkest pixel of the vertical stroke stays dark (its ink is kept: flat × (1 − ink))
    let darkest = 0;
    for (let x = 55; x < 66; x++)
      if (rgba[(50 * W + x) * 4] < rgba[(50 * W + darkest) * 4] || darkest === 0) darkest = x;
    const k = (50 * W + darkest) * 4;
    expect(Math.max(out[k], out[k + 1], out[k + 2])).toBeLessThan(40);
  });
});

describe('extractLines: tones are not lines', () => {
  it('flat gray tones (dark ones too) inside black outlines and next to white stay regions', () => {
    const W = 120;
    const H = 60;
    const rgba = new Uint8ClampedArray(W * H * 4).fill(255);
    const set = (x: number, y: number, g: number) => {
      const j = (y * W + x) * 4;
      rgba[j] = rgba[j + 1] = rgba[j + 2] = g;
    };
    // left: a tone of 100 inside a 2-px black outline; right: a tone of 110 with no outline on white
    for (let y = 10; y < 50; y++)
      for (let x = 10; x < 50; x++) set(x, y, x < 12 || x >= 48 || y < 12 || y >= 48 ? 0 : 100);
    for (let y = 10; y < 50; y++) for (let x = 70; x < 110; x++) set(x, y, 110);
    const line = extractLines(rgbaToGray(rgba, W, H), W, H).line;
    let toneLines = 0;
    for (let y = 12; y < 48; y++) for (let x = 12; x < 48; x++) toneLines += line[y * W + x];
    for (let y = 10; y < 50; y++) for (let x = 70; x < 110; x++) toneLines += line[y * W + x];
    expect(toneLines).toBe(0);
    expect(line[20 * W + 10]).toBe(1);
    // and a thin 1-px stroke of the same gray on white IS a line (57 % ink)
    for (let y = 5; y < 55; y++) set(60, y, 110);
    expect(extractLines(rgbaToGray(rgba, W, H), W, H).line[30 * W + 60]).toBe(1);
  });
});

describe('gap closing on thin anti-aliased strokes', () => {
  for (const g of [1, 2, 3, 4, 5]) {
    it(`closes a ${g}-px break in a 1-px anti-aliased outline (gap ${Math.max(3, g)})${g >= 3 ? '; a plain flood fill does not' : ''}`, () => {
      const W = 100;
      const H = 80;
      const rgba = render(W, H, box(20.5, 20.5, 80.5, 60.5, 1, 1, [45, 45 + g]), 255, 0);
      const m = buildRegions(rgba, W, H, { gap: Math.max(3, g) });
      const [inside, outside] = at(m, [
        [50, 40],
        [5, 5],
      ]);
      expect(inside).toBeGreaterThanOrEqual(0);
      expect(outside).toBeGreaterThanOrEqual(0);
      expect(inside).not.toBe(outside);
      expect(share(m, inside, 20.5, 20.5, 80.5, 60.5, 2)).toBe(1);
      expect(m.capped).toBe(false);
      // gap 0 (plain flood fill) leaves a break of ≥ 3 px open: the inside joins the outside (the flood
      // cap then splits it off). Breaks of 1–2 px between round anti-aliased ends are partly inked
      // (≥ 25 %, joined to the strokes): the line extraction itself closes them.
      if (g < 3) return;
      const open = buildRegions(rgba, W, H, { gap: 0 });
      const [a, b] = at(open, [
        [50, 40],
        [5, 5],
      ]);
      expect(a === b || open.capped).toBe(true);
    });
  }
});

it('rgbToLab sanity for the composite check', () => {
  expect(rgbToLab(255, 255, 255)[0]).toBeCloseTo(100, 1);
});

describe('gap closing keeps necks', () => {
  it('a shape with a 3-px waist between strokes that go on stays one region at gap 3; a 3-px break between stroke ends is closed', () => {
    // hourglass: two 30 × 30 chambers joined by a 3-px wide, 6-px long neck (1-px anti-aliased outline)
    const W = 100;
    const H = 60;
    const ink = 1;
    const w = 1;
    const segs: Seg[] = [
      // left chamber 10..40 × 15..45, right chamber 50..80 × 15..45, neck y 28.5..31.5, x 40..50
      { a: [10.5, 15.5], b: [40.5, 15.5], w, ink },
      { a: [10.5, 45.5], b: [40.5, 45.5], w, ink },
      { a: [10.5, 15.5], b: [10.5, 45.5], w, ink },
      { a: [40.5, 15.5], b: [40.5, 27.5], w, ink },
      { a: [40.5, 32.5], b: [40.5, 45.5], w, ink },
      { a: [40.5, 27.5], b: [50.5, 27.5], w, ink },
      { a: [40.5, 32.5], b: [50.5, 32.5], w, ink },
      { a: [50.5, 15.5], b: [50.5, 27.5], w, ink },
      { a: [50.5, 32.5], b: [50.5, 45.5], w, ink },
      { a: [50.5, 15.5], b: [80.5, 15.5], w, ink },
      { a: [50.5, 45.5], b: [80.5, 45.5], w, ink },
      { a: [80.5, 15.5], b: [80.5, 45.5], w, ink },
    ];
    const rgba = render(W, H, segs);
    const merged = buildRegions(rgba, W, H, { gap: 3 });
    const [l, r, out] = at(merged, [
      [25, 30],
      [65, 30],
      [3, 3],
    ]);
    expect(l).toBeGreaterThanOrEqual(0);
    expect(l).toBe(r);
    expect(out).not.toBe(l);
    // without the neck rule the ball splits the hourglass at its waist
    const split = buildRegions(rgba, W, H, { gap: 3, necks: false });
    const [l2, r2] = at(split, [
      [25, 30],
      [65, 30],
    ]);
    expect(l2).not.toBe(r2);
  });
});

describe('dropToneCells (gray panels, option toneCells)', () => {
  it('clears a checker mesh of small cells and keeps a 1-px diagonal stroke', () => {
    const W = 40;
    const H = 40;
    const line = new Uint8Array(W * H);
    // checker of 2 × 2 cells in the left half (cells touch only at corners)
    for (let y = 0; y < H; y++)
      for (let x = 0; x < 20; x++) if ((Math.floor(x / 2) + Math.floor(y / 2)) % 2 === 0) line[y * W + x] = 1;
    // a 1-px diagonal stroke in the right half
    for (let k = 0; k < 18; k++) line[(k + 10) * W + 21 + k] = 1;
    dropToneCells(line, W, H, 16);
    let left = 0;
    for (let y = 2; y < H - 2; y++) for (let x = 2; x < 18; x++) left += line[y * W + x];
    expect(left).toBe(0);
    for (let k = 0; k < 18; k++) expect(line[(k + 10) * W + 21 + k]).toBe(1);
  });
});
