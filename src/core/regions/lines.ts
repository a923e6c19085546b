/**
 * Line extraction (pure): which pixels are strokes, and how much ink each pixel carries.
 *
 * Two rules, united (`extractLines`):
 *  1. Dark: L* below an adaptive threshold — Otsu's threshold on the histogram of the dark pixels
 *     only (L* < 60, 1-L* bins), clamped to [20, 45] (`lineThreshold`). Catches thick strokes and
 *     solid blacks on any paper; on gray panels the mid and light tones (L* ≥ 60) do not pull the
 *     cut up into the shading.
 *  2. Thin strokes by their coverage against the paper around them (options `coverage`, `weak`,
 *     `paperRadius` r): c = 1 − g / paper, with g the pixel's sRGB gray and paper the gray
 *     closing of the panel (max filter then min filter, square window of radius r, separable). A closing fills dark valleys narrower than 2r + 1 px with the gray on both
 *     sides and keeps steps, so a thin anti-aliased stroke is measured against the paper it is
 *     drawn on (white, or the gray of a scan), while a tone area — however dark, and next to
 *     white or an outline — has paper = itself and c ≈ 0: shading is not taken as lines. Pixels
 *     with c ≥ `coverage` are lines; pixels with c ≥ `weak` are lines when 8-connected to one
 *     (hysteresis: light stretches of a stroke that is darker elsewhere).
 * Pixels that are neither are not lines (they are assigned to the region they touch).
 *
 * Gray panels (kind 'gray': tones already drawn) take a stroke rule instead of rule 1: a dark
 * pixel is a line only when it is a thin dark structure — its coverage against the gray closing of
 * radius `grayDarkRadius` R (a black-hat: valleys up to 2R + 1 px wide) is ≥ `coverage` — so dark
 * tone areas (shadows, black hair, dark screentone fields) stay regions and keep their shading,
 * while outlines up to 2R + 1 px wide are lines (beyond the image border counts as paper, so a
 * frame along the border is a line too). Rule 2 is kept, with its own cuts
 * (`grayCoverage` 0.4, `grayWeak` 0.2: a stroke over a tone is measured against the tone, so it
 * has less contrast than on white; chosen on val, EVAL.md "Competing hints"). Then screentone cells
 * go (`toneCells`: small 4-connected pieces that touch three or more others only at corners — a
 * checker mesh that 8-connectivity would join into one big "stroke"), and 8-connected line components
 * smaller than `toneSpeck` px are dropped (screentone dots and specks inside a tone are tone, not
 * lines: the region around them fills under them and the composite keeps their L*).
 */
import type { PanelKind } from './types';

export const DARK_CEILING = 60;
export const LINE_T_MIN = 20;
export const LINE_T_MAX = 45;
/** L* at or above which a pixel is paper (no ink). */
export const PAPER_L = 92;

export interface LineOptions {
  /** Ink coverage (vs the local paper) at or above which a pixel is a line; ≥ 1 turns rule 2 off. */
  coverage?: number;
  /** Hysteresis: coverage at or above which a pixel 8-connected to a line pixel is a line. */
  weak?: number;
  /** Radius (px) of the closing that gives the paper around a stroke (strokes up to 2r + 1 px wide). */
  paperRadius?: number;
  /** Gray panels: radius of the closing a dark pixel must be a thin valley of to be a line; 0: no dark rule. */
  grayDarkRadius?: number;
  /** Gray panels: 8-connected line components with fewer pixels are tone (dots, specks), not lines. */
  toneSpeck?: number;
  /** Gray panels: rule 2's coverage (a stroke drawn over a tone has less contrast than on paper); NaN: `coverage`. */
  grayCoverage?: number;
  /** Gray panels: rule 2's hysteresis coverage; NaN: `weak`. */
  grayWeak?: number;
  /** Gray panels: drop screentone cells (small 4-connected pieces touching ≥ 3 others diagonally) before the speck rule (on). */
  toneCells?: boolean;
}

export const LINE_DEFAULTS: Required<LineOptions> = {
  coverage: 0.5,
  weak: 0.25,
  paperRadius: 2,
  grayDarkRadius: 4,
  toneSpeck: 16,
  grayCoverage: 0.4,
  grayWeak: 0.2,
  toneCells: true,
};

/** sRGB gray (0..255, fractional) of each L* (0..1) via a table (0.001 L* steps). */
export function grayOf(L: Float32Array): Float32Array {
  const lut = new Float32Array(1102);
  for (let k = 0; k < lut.length; k++) {
    const l = Math.min(100, k / 10);
    const fy = (l + 16) / 116;
    const y = fy > 6 / 29 ? fy * fy * fy : 3 * (6 / 29) ** 2 * (fy - 4 / 29);
    const c = y <= 0.0031308 ? 12.92 * y : 1.055 * y ** (1 / 2.4) - 0.055;
    lut[k] = 255 * Math.min(1, Math.max(0, c));
  }
  const g = new Float32Array(L.length);
  for (let i = 0; i < L.length; i++) {
    const v = L[i];
    g[i] = lut[v > 0 ? (v * 1000 + 0.5) | 0 : 0];
  }
  return g;
}

/**
 * Square max (sign 1) or min (sign −1) filter of radius r: separable, a row pass then a column
 * pass, O(n · (2r + 1)) — r is small (a few px). The window is clipped at the borders, unless
 * `outside` is given: then the image is taken to continue with that value beyond its borders.
 */
function rankFilter(
  g: Float32Array,
  width: number,
  height: number,
  r: number,
  max: boolean,
  outside?: number,
): Float32Array {
  const tmp = new Float32Array(g);
  const pick = (a: number, b: number) => (max ? (b > a ? b : a) : b < a ? b : a);
  for (let y = 0; y < height; y++) {
    const o = y * width;
    for (let x = 0; x < width; x++) {
      const lo = x - r < 0 ? 0 : x - r;
      const hi = x + r >= width ? width - 1 : x + r;
      let m = outside !== undefined && (x - r < 0 || x + r >= width) ? pick(g[o + lo], outside) : g[o + lo];
      for (let k = lo + 1; k <= hi; k++) {
        const v = g[o + k];
        if (max ? v > m : v < m) m = v;
      }
      tmp[o + x] = m;
    }
  }
  const out = new Float32Array(tmp);
  for (let y = 0; y < height; y++) {
    const o = y * width;
    const lo = y - r < 0 ? 0 : y - r;
    const hi = y + r >= height ? height - 1 : y + r;
    if (outside !== undefined && (y - r < 0 || y + r >= height))
      for (let x = 0; x < width; x++) out[o + x] = pick(out[o + x], outside);
    for (let yy = lo; yy <= hi; yy++) {
      if (yy === y) continue;
      const q = yy * width;
      if (max) {
        for (let x = 0; x < width; x++) if (tmp[q + x] > out[o + x]) out[o + x] = tmp[q + x];
      } else {
        for (let x = 0; x < width; x++) if (tmp[q + x] < out[o + x]) out[o + x] = tmp[q + x];
      }
    }
  }
  return out;
}

/** Square max filter of radius r. */
export function maxFilter(g: Float32Array, width: number, height: number, r: number): Float32Array {
  return r > 0 ? rankFilter(g, width, height, r, true) : new Float32Array(g);
}

/** Square min filter of radius r. */
export function minFilter(g: Float32Array, width: number, height: number, r: number): Float32Array {
  return r > 0 ? rankFilter(g, width, height, r, false) : new Float32Array(g);
}

/**
 * Gray closing (max filter, then min filter) with a square window of radius r; `outside`: the
 * value the image continues with beyond its borders (default: the window is clipped).
 */
export function closing(g: Float32Array, width: number, height: number, r: number, outside?: number): Float32Array {
  if (r <= 0) return new Float32Array(g);
  return rankFilter(rankFilter(g, width, height, r, true, outside), width, height, r, false, outside);
}

/**
 * Line mask (1 = stroke) of a panel from its L* (0..1): rule 1 (dark) ∪ rule 2 (coverage vs the
 * local paper, with hysteresis). Returns the mask and the dark threshold (L*, 0..100).
 */
export function extractLines(
  L: Float32Array,
  width: number,
  height: number,
  opts: LineOptions = {},
  gray?: Float32Array,
  kind: PanelKind = 'lineart',
): { line: Uint8Array; threshold: number } {
  const o = { ...LINE_DEFAULTS, ...opts };
  if (kind === 'gray') {
    if (!Number.isNaN(o.grayCoverage)) o.coverage = o.grayCoverage;
    if (!Number.isNaN(o.grayWeak)) o.weak = o.grayWeak;
  }
  const n = width * height;
  const finish = (m: Uint8Array) =>
    kind === 'gray'
      ? dropSpecks(o.toneCells ? dropToneCells(m, width, height, o.toneSpeck) : m, width, height, o.toneSpeck)
      : m;
  const T = lineThreshold(L);
  const t = T / 100;
  const line = new Uint8Array(n);
  const g = gray ?? grayOf(L);
  if (kind === 'gray') {
    // stroke rule: dark AND a thin valley (black-hat at radius grayDarkRadius)
    const R = Math.round(o.grayDarkRadius);
    if (R > 0) {
      // Beyond the image is paper: a panel's frame drawn along the image border is a stroke (a
      // trial's 6-px frame was a "dark area" region that joined the sky to the ground around it).
      const around = closing(g, width, height, R, 255);
      const cut = Math.min(o.coverage, 0.99);
      for (let i = 0; i < n; i++) {
        const p = around[i];
        line[i] = L[i] < t && p > 0 && 1 - g[i] / p >= cut ? 1 : 0;
      }
    }
  } else for (let i = 0; i < n; i++) line[i] = L[i] < t ? 1 : 0;
  if (o.coverage >= 1) return { line: finish(line), threshold: T };
  const paper = closing(g, width, height, Math.max(1, Math.round(o.paperRadius)));
  const weak = Math.min(o.weak, o.coverage);
  // 2 = weak candidate (not yet a line)
  const queue = new Int32Array(n);
  let tail = 0;
  for (let i = 0; i < n; i++) {
    const p = paper[i];
    const c = p > 0 ? 1 - g[i] / p : 0;
    if (line[i]) queue[tail++] = i;
    else if (c >= o.coverage) {
      line[i] = 1;
      queue[tail++] = i;
    } else if (c >= weak) line[i] = 2;
  }
  // hysteresis: weak candidates 8-connected to a line become lines
  flood8(queue, tail, width, height, (j) => {
    if (line[j] !== 2) return false;
    line[j] = 1;
    return true;
  });
  for (let i = 0; i < n; i++) if (line[i] === 2) line[i] = 0;
  return { line: finish(line), threshold: T };
}

/**
 * Breadth-first 8-neighbour flood: `queue[0..tail)` are the seeds; `take(j)` marks a neighbour and
 * says whether it joins (then it is appended to `queue`). Returns the final queue length.
 */
export function flood8(
  queue: Int32Array,
  tail: number,
  width: number,
  height: number,
  take: (j: number) => boolean,
): number {
  for (let head = 0; head < tail; head++) {
    const q = queue[head];
    const x = q % width;
    const y = (q - x) / width;
    for (let dy = -1; dy <= 1; dy++) {
      const yy = y + dy;
      if (yy < 0 || yy >= height) continue;
      for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx;
        if (xx < 0 || xx >= width) continue;
        const j = yy * width + xx;
        if (take(j)) queue[tail++] = j;
      }
    }
  }
  return tail;
}

/** Clears 8-connected components of `line` with fewer than `min` pixels (in place; returns it). */
export function dropSpecks(line: Uint8Array, width: number, height: number, min: number): Uint8Array {
  if (min <= 1) return line;
  const n = width * height;
  const seen = new Uint8Array(n);
  const comp = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    if (!line[s] || seen[s]) continue;
    comp[0] = s;
    seen[s] = 1;
    const size = flood8(comp, 1, width, height, (j) => {
      if (!line[j] || seen[j]) return false;
      seen[j] = 1;
      return true;
    });
    if (size < min) for (let k = 0; k < size; k++) line[comp[k]] = 0;
  }
  return line;
}

/**
 * Screentone cells: clears 4-connected pieces of `line` smaller than `min` px that touch at least
 * three other pieces only diagonally (a checker or dot mesh, which 8-connectivity joins into one
 * big "stroke"); a 1-px diagonal stroke's pieces touch two, so strokes stay. In place; returns it.
 */
export function dropToneCells(line: Uint8Array, width: number, height: number, min: number): Uint8Array {
  const n = width * height;
  const id = new Int32Array(n).fill(-1);
  const sizes: number[] = [];
  const queue = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    if (!line[s] || id[s] >= 0) continue;
    const c = sizes.length;
    id[s] = c;
    queue[0] = s;
    let tail = 1;
    for (let head = 0; head < tail; head++) {
      const q = queue[head];
      const x = q % width;
      const nb = [x > 0 ? q - 1 : -1, x < width - 1 ? q + 1 : -1, q - width, q + width];
      for (const j of nb)
        if (j >= 0 && j < n && line[j] && id[j] < 0) {
          id[j] = c;
          queue[tail++] = j;
        }
    }
    sizes.push(tail);
  }
  const touches = sizes.map(() => new Set<number>());
  for (let q = 0; q < n; q++) {
    const c = id[q];
    if (c < 0 || sizes[c] >= min) continue;
    const x = q % width;
    const y = (q - x) / width;
    for (const [dx, dy] of [
      [-1, -1],
      [1, -1],
      [-1, 1],
      [1, 1],
    ]) {
      const xx = x + dx;
      const yy = y + dy;
      if (xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
      const d = id[yy * width + xx];
      if (d >= 0 && d !== c) touches[c].add(d);
    }
  }
  for (let q = 0; q < n; q++) {
    const c = id[q];
    if (c >= 0 && sizes[c] < min && touches[c].size >= 3) line[q] = 0;
  }
  return line;
}

/** Otsu's threshold over the dark pixels' L* (0..100 scale); returns the clamped cut. */
export function lineThreshold(L: Float32Array): number {
  const bins = DARK_CEILING;
  const hist = new Float64Array(bins);
  let total = 0;
  for (let i = 0; i < L.length; i++) {
    const v = L[i] * 100;
    if (v < DARK_CEILING) {
      hist[Math.max(0, Math.floor(v))]++;
      total++;
    }
  }
  if (total === 0) return LINE_T_MIN;
  let sumAll = 0;
  for (let k = 0; k < bins; k++) sumAll += (k + 0.5) * hist[k];
  let wB = 0;
  let sumB = 0;
  let best = -1;
  let cut = LINE_T_MIN;
  for (let k = 0; k < bins - 1; k++) {
    wB += hist[k];
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += (k + 0.5) * hist[k];
    const mB = sumB / wB;
    const mF = (sumAll - sumB) / wF;
    const between = wB * wF * (mB - mF) ** 2;
    if (between > best) {
      best = between;
      cut = k + 1;
    }
  }
  return Math.min(LINE_T_MAX, Math.max(LINE_T_MIN, cut));
}

/**
 * The panel's paper gray: the 90th percentile of the sRGB gray, at most the gray of L* PAPER_L
 * (white paper and its faint noise count as fully white) and at least 128.
 */
export function paperGray(g: Float32Array): number {
  const hist = new Float64Array(256);
  for (let i = 0; i < g.length; i++) hist[Math.min(255, Math.max(0, Math.round(g[i])))]++;
  let acc = 0;
  let p90 = 255;
  for (let k = 0; k < 256; k++) {
    acc += hist[k];
    if (acc >= 0.9 * g.length) {
      p90 = k;
      break;
    }
  }
  return Math.max(128, Math.min(PAPER_GRAY, p90));
}

const PAPER_GRAY = grayOf(new Float32Array([PAPER_L / 100]))[0];

/**
 * Ink per pixel, 0 (paper) … 1 (black): the coverage 1 − g / paper of the pixel's sRGB gray g
 * against the panel's paper gray (`paperGray`, or the one given), clamped to [0, 1]. Multiplying
 * (1 − ink) over a flat colour gives the flat colour exactly on paper (white or a scan's gray),
 * the flat shaded by the coverage on anti-aliased line pixels and black on solid strokes.
 */
export function inkOf(L: Float32Array, paper?: number, gray?: Float32Array): Float32Array {
  const g = gray ?? grayOf(L);
  const p = paper ?? paperGray(g);
  const ink = new Float32Array(L.length);
  for (let i = 0; i < L.length; i++) ink[i] = Math.min(1, Math.max(0, 1 - g[i] / p));
  return ink;
}
