/**
 * Gray panels (src/core/regions/lines.ts stroke rule, kind.ts detection) and tiny-region merging
 * (tiny.ts): dark tone areas next to outlines stay one region, thin strokes and outlines inside
 * tones are lines, screentone dots are tone, light gray renders are detected as gray, and tiny
 * slivers merge into the neighbour with the longest shared border.
 */
import { describe, expect, it } from 'vitest';
import { buildRegions, composite, extractLines, flatFill, LINE } from '../../src/core/regions';
import { detectKind } from '../../src/core/regions/kind';
import { grayOf, paperGray } from '../../src/core/regions/lines';
import { mergeTiny } from '../../src/core/regions/tiny';
import { rgbaToGray, rgbToLab } from '../../src/core/color/lab';

function canvas(W: number, H: number, fill = 255) {
  const rgba = new Uint8ClampedArray(W * H * 4).fill(255);
  const set = (x: number, y: number, g: number) => {
    const j = (y * W + x) * 4;
    rgba[j] = rgba[j + 1] = rgba[j + 2] = g;
  };
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) set(x, y, fill);
  return { rgba, set, get: (x: number, y: number) => rgba[(y * W + x) * 4] };
}

/** A 2-px black outline around [x0, x1) × [y0, y1) with `inside(x, y)` gray inside it. */
function shape(
  c: ReturnType<typeof canvas>,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  inside: (x: number, y: number) => number,
) {
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++)
      c.set(x, y, x < x0 + 2 || x >= x1 - 2 || y < y0 + 2 || y >= y1 - 2 ? 0 : inside(x, y));
}

const W = 140;
const H = 90;

describe('gray panels: the stroke rule', () => {
  // left: a shirt shaded from L* ≈ 15 to 60 (dark tones below the old dark threshold) inside a
  // black outline; right: a flat dark tone (gray 90) inside an outline with a 1-px fold line across it
  const panel = () => {
    const c = canvas(W, H);
    shape(c, 8, 8, 68, 82, (x) => 20 + Math.round((x - 10) * 1.6));
    shape(c, 78, 13, 132, 77, (x) => (x === 105 ? 0 : 90));
    return c;
  };

  it('a shaded (dark) tone area inside an outline stays one region; the old rule cut it into lines', () => {
    const c = panel();
    const L = rgbaToGray(c.rgba, W, H);
    const gray = extractLines(L, W, H, {}, undefined, 'gray').line;
    const old = extractLines(L, W, H).line;
    let toneLines = 0;
    let oldToneLines = 0;
    for (let y = 10; y < 80; y++)
      for (let x = 10; x < 66; x++) {
        toneLines += gray[y * W + x];
        oldToneLines += old[y * W + x];
      }
    expect(toneLines).toBe(0);
    expect(oldToneLines).toBeGreaterThan(200); // the dark end of the shading was lines before
    // the outline is still a line
    expect(gray[40 * W + 8]).toBe(1);
    expect(gray[8 * W + 40]).toBe(1);

    const m = buildRegions(c.rgba, W, H);
    expect(m.kind).toBe('gray');
    expect(m.linesAs).toBe('gray');
    const shirt = m.labels[40 * W + 12];
    expect(shirt).toBeGreaterThanOrEqual(0);
    for (let y = 10; y < 80; y++) for (let x = 10; x < 66; x++) expect(m.labels[y * W + x]).toBe(shirt);
    expect(m.labels[40 * W + 2]).not.toBe(shirt); // outside the outline
  });

  it('a thin stroke inside a tone is a line and splits it; the tone beside it is not', () => {
    const c = panel();
    const m = buildRegions(c.rgba, W, H);
    expect(m.labels[40 * W + 105]).toBe(LINE);
    const a = m.labels[40 * W + 95];
    const b = m.labels[40 * W + 115];
    expect(a).toBeGreaterThanOrEqual(0);
    expect(b).toBeGreaterThanOrEqual(0);
    expect(a).not.toBe(b);
    for (let y = 15; y < 75; y++) for (let x = 80; x < 104; x++) expect(m.labels[y * W + x]).toBe(a);
  });

  it("screentone dots are tone, not lines: one hint fills the dotted shirt and keeps every pixel's L*", () => {
    const c = canvas(W, H);
    // 2 × 2 dots of gray 30 on a 5-px grid inside the outline (a dot touching the outline would be part of it)
    shape(c, 8, 8, 100, 82, (x, y) =>
      (x % 5 === 2 || x % 5 === 3) && (y % 5 === 2 || y % 5 === 3) && x > 11 && x < 96 && y > 11 && y < 78 ? 30 : 235,
    );
    const m = buildRegions(c.rgba, W, H);
    expect(m.kind).toBe('gray');
    const shirt = m.labels[41 * W + 43];
    expect(shirt).toBeGreaterThanOrEqual(0);
    for (let y = 11; y < 79; y++) for (let x = 11; x < 97; x++) expect(m.labels[y * W + x]).toBe(shirt);
    // the line-art rule takes every dot as a line
    const asLineart = buildRegions(c.rgba, W, H, { kind: 'lineart' });
    expect(asLineart.labels[42 * W + 42]).toBe(LINE);
    const fill = flatFill(m, [{ kind: 'point', x: 43.5, y: 43.5, rgb: [40, 90, 220], radius: 1 }]);
    const out = composite(m, c.rgba, fill.colors, 'gray').rgba;
    let maxDL = 0;
    let tinted = 0;
    for (let y = 11; y < 79; y++)
      for (let x = 11; x < 97; x++) {
        const j = (y * W + x) * 4;
        const a = rgbToLab(c.rgba[j], c.rgba[j + 1], c.rgba[j + 2]);
        const b = rgbToLab(out[j], out[j + 1], out[j + 2]);
        maxDL = Math.max(maxDL, Math.abs(a[0] - b[0]));
        if (b[2] < -10) tinted++; // blue
      }
    expect(maxDL).toBeLessThan(0.6);
    expect(tinted).toBe(86 * 68);
  });

  it("the user's kind wins over detection: line art set as gray takes the stroke rule", () => {
    const c = panel();
    const asLineart = buildRegions(c.rgba, W, H, { kind: 'lineart' });
    expect(asLineart.kind).toBe('gray'); // detected
    expect(asLineart.linesAs).toBe('lineart');
    expect(asLineart.labels[40 * W + 12]).toBe(LINE); // the dark shading is lines under the old rule
  });
});

describe('kind detection', () => {
  it('light flat tones (L* ≈ 90) inside outlines are gray; the old paper rule called them line art', () => {
    const c = canvas(W, H);
    shape(c, 5, 5, 70, 85, () => 228);
    shape(c, 72, 5, 135, 60, () => 238);
    const L = rgbaToGray(c.rgba, W, H);
    const g = grayOf(L);
    const line = extractLines(L, W, H, {}, g).line;
    expect(detectKind(g, line, W, H, paperGray(g)).kind).toBe('gray');
    expect(detectKind(g, line, W, H, paperGray(g), 'paper').kind).toBe('lineart');
  });

  it('line art on noisy gray scanned paper and on white stays line art', () => {
    for (const [paper, noise] of [
      [255, 0],
      [215, 8],
    ]) {
      const c = canvas(W, H);
      let seed = 7;
      const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
      for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) c.set(x, y, Math.round(paper + (rand() * 2 - 1) * noise));
      for (let k = 10; k < 130; k++) {
        c.set(k, 20, 20);
        c.set(k, 60, 20);
        c.set(k, 61, 120);
      }
      for (let y = 10; y < 80; y++) c.set(70, y, 20);
      expect(buildRegions(c.rgba, W, H).kind).toBe('lineart');
    }
  });
});

describe('tiny-region merging', () => {
  it('merges a region below the size into the neighbour with the longest shared border', () => {
    // 12 × 6: region 0 (left, 5 columns), a line column, region 2 (right); a 2-px region 1 at the
    // top of the line column touches region 0 on 2 px and region 2 on 1 px (via the line below)
    const w = 12;
    const h = 6;
    const labels = new Int32Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) labels[y * w + x] = x < 5 ? 0 : x === 5 ? LINE : 2;
    labels[0 * w + 5] = 1;
    labels[0 * w + 4] = 1; // region 1: (4, 0), (5, 0)
    const merged = mergeTiny(labels, w, h, 4);
    expect(merged).toBe(1);
    expect(labels[0 * w + 5]).toBe(0);
    expect(labels[0 * w + 4]).toBe(0);
    expect(labels[3 * w + 5]).toBe(LINE);
    expect(labels[3 * w + 8]).toBe(2);
    // nothing below the size: nothing changes
    expect(mergeTiny(labels, w, h, 4)).toBe(0);
  });

  it('a region with no neighbour stays; minArea ≤ 1 is off', () => {
    const w = 5;
    const labels = new Int32Array(w * w).fill(LINE);
    labels[12] = 0;
    expect(mergeTiny(labels, w, w, 8)).toBe(0);
    expect(labels[12]).toBe(0);
    const two = new Int32Array([0, 1, 1, 1]);
    expect(mergeTiny(two, 2, 2, 1)).toBe(0);
    expect(mergeTiny(two, 2, 2, 2)).toBe(1);
    expect([...two]).toEqual([1, 1, 1, 1]);
  });

  it('buildRegions: a tiny pocket between strokes joins its big neighbour, and a hint on the pocket fills what the user sees there', () => {
    const c = canvas(80, 60);
    // a box, and a 3 × 3 pocket closed by strokes inside it (a sliver between crossing strokes)
    for (let x = 10; x < 70; x++) {
      c.set(x, 10, 0);
      c.set(x, 50, 0);
    }
    for (let y = 10; y <= 50; y++) {
      c.set(10, y, 0);
      c.set(70, y, 0);
    }
    for (let k = 20; k <= 24; k++) {
      c.set(k, 20, 0);
      c.set(k, 24, 0);
      c.set(20, k, 0);
      c.set(24, k, 0);
    }
    const off = buildRegions(c.rgba, 80, 60, { minRegion: 0, gap: 0 });
    const on = buildRegions(c.rgba, 80, 60, { minRegion: 16, gap: 0 });
    expect(off.labels[22 * 80 + 22]).toBeGreaterThanOrEqual(0);
    expect(off.labels[22 * 80 + 22]).not.toBe(off.labels[30 * 80 + 40]);
    expect(on.regions.length).toBe(off.regions.length - 1);
    const pocket = on.labels[22 * 80 + 22];
    expect(pocket).toBeGreaterThanOrEqual(0);
    expect(pocket).toBe(on.labels[30 * 80 + 40]); // merged into the box interior, its longest border
    expect(on.labels[3 * 80 + 3]).not.toBe(pocket); // not into the outside
    const fill = flatFill(on, [{ kind: 'point', x: 22.5, y: 22.5, rgb: [220, 40, 40], radius: 1 }]);
    const out = composite(on, c.rgba, fill.colors, 'lineart').rgba;
    for (const [x, y] of [
      [22, 22],
      [40, 30],
    ])
      expect([...out.subarray((y * 80 + x) * 4, (y * 80 + x) * 4 + 3)]).toEqual([220, 40, 40]);
  });
});

describe('gray panel framed along the image border (found by a new-user trial)', () => {
  // 200 × 120: a 6-px black frame on the image border, a gray sky gradient above a 3-px horizon
  // line at y = 70, white ground below, and a gray figure standing on the horizon.
  const FW = 200;
  const FH = 120;
  const c = canvas(FW, FH);
  for (let y = 0; y < FH; y++)
    for (let x = 0; x < FW; x++) {
      const frame = x < 6 || y < 6 || x >= FW - 6 || y >= FH - 6;
      c.set(x, y, frame ? 0 : y >= 70 && y < 73 ? 0 : y < 70 ? Math.round(160 + y) : 255);
    }
  shape(c, 120, 30, 150, 71, () => 128);
  const m = buildRegions(c.rgba, FW, FH);

  it('the frame is a line, so the sky and the ground are separate regions', () => {
    expect(m.kind).toBe('gray');
    expect(m.labels[3 * FW + 100]).toBe(LINE); // inside the frame
    const sky = m.labels[30 * FW + 40];
    const ground = m.labels[100 * FW + 40];
    expect(sky).toBeGreaterThanOrEqual(0);
    expect(ground).toBeGreaterThanOrEqual(0);
    expect(sky).not.toBe(ground);
    // a bucket on the ground leaves the sky uncoloured
    const f = flatFill(m, [{ kind: 'point', x: 40, y: 100, rgb: [90, 168, 69], radius: 2 }]);
    expect(f.rgb[ground]).toEqual([90, 168, 69]);
    expect(f.rgb[sky]).toBeNull();
  });
});
