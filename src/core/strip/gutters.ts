/**
 * Gutter detection for webtoon strips (pure; runs in the image worker and in Node tests).
 *
 * A gutter is a run of rows of near-uniform background between two panels. The detector:
 * 1. box-smooths the image (k×k, default 7) so sensor noise, JPEG ringing and fine
 *    screen-tone average out to a flat colour;
 * 2. finds the background colour as the most common colour of "uniform" smoothed rows
 *    (rows whose colour range is small), unless one is given;
 * 3. marks a row as background when at most `maxOutlierFraction` of its smoothed pixels
 *    differ from the background by more than `tolerance` (max channel difference);
 * 4. refines each run's edges on the horizontally-smoothed-only rows (undoing the vertical
 *    blur for plain backgrounds), keeps interior runs of at least `minGutter` rows, and
 *    treats runs touching the top or bottom edge as margins (trimmed, never cut).
 * Output: gutters, one cut row per interior gutter (its middle) and the panel row ranges with
 * gutters trimmed. Panels touching the image edges simply start at 0 / end at height.
 */

export interface RowRange {
  /** First row (inclusive). */
  top: number;
  /** Row after the last (exclusive). */
  bottom: number;
}

export interface GutterOptions {
  /** Max per-channel difference from the background for a smoothed pixel (0–255). */
  tolerance?: number;
  /** Share of a row's pixels allowed to differ (specks, stray lines). */
  maxOutlierFraction?: number;
  /** Shortest interior gutter that separates panels, in rows. */
  minGutter?: number;
  /** Smoothing window (odd). */
  smoothing?: number;
  /** Known background colour; detected when absent. */
  background?: [number, number, number];
}

export interface GutterResult {
  background: [number, number, number] | null;
  /** Every background run kept (margins and interior gutters), top to bottom. */
  gutters: RowRange[];
  /** Cut rows: the middle of each interior gutter, ascending. */
  cuts: number[];
  /** Content row ranges between gutters (gutters trimmed). */
  panels: RowRange[];
}

export const GUTTER_DEFAULTS = {
  tolerance: 28,
  maxOutlierFraction: 0.004,
  minGutter: 12,
  smoothing: 7,
} as const;

type RowVisitor = (y: number, row: Float32Array) => void;

/** Horizontal box filter of one row into `out` (RGB floats, width×3). */
function smoothRowH(data: Uint8ClampedArray, width: number, y: number, r: number, out: Float32Array): void {
  const base = y * width * 4;
  for (let c = 0; c < 3; c++) {
    let sum = 0;
    let n = 0;
    for (let x = 0; x <= Math.min(r, width - 1); x++) {
      sum += data[base + x * 4 + c];
      n++;
    }
    for (let x = 0; x < width; x++) {
      out[x * 3 + c] = sum / n;
      const add = x + r + 1;
      const drop = x - r;
      if (add < width) {
        sum += data[base + add * 4 + c];
        n++;
      }
      if (drop >= 0) {
        sum -= data[base + drop * 4 + c];
        n--;
      }
    }
  }
}

/** Streams k×k box-smoothed rows (clamped at the edges) to `visit`. */
function forEachSmoothedRow(data: Uint8ClampedArray, width: number, height: number, k: number, visit: RowVisitor): void {
  const r = k >> 1;
  const ring: Float32Array[] = [];
  for (let i = 0; i < k; i++) ring.push(new Float32Array(width * 3));
  const sum = new Float32Array(width * 3);
  const out = new Float32Array(width * 3);
  let count = 0;
  const load = (y: number) => {
    const slot = ring[y % k];
    smoothRowH(data, width, y, r, slot);
    for (let i = 0; i < sum.length; i++) sum[i] += slot[i];
    count++;
  };
  const unload = (y: number) => {
    const slot = ring[y % k];
    for (let i = 0; i < sum.length; i++) sum[i] -= slot[i];
    count--;
  };
  for (let y = 0; y <= Math.min(r, height - 1); y++) load(y);
  for (let y = 0; y < height; y++) {
    const inv = 1 / count;
    for (let i = 0; i < sum.length; i++) out[i] = sum[i] * inv;
    visit(y, out);
    if (y - r >= 0) unload(y - r);
    if (y + r + 1 < height) load(y + r + 1);
  }
}

/** Background = mean colour of the most common quantized colour among uniform smoothed rows. */
function detectBackground(data: Uint8ClampedArray, width: number, height: number, k: number, tol: number): [number, number, number] | null {
  const bins = new Map<number, { n: number; r: number; g: number; b: number }>();
  forEachSmoothedRow(data, width, height, k, (_y, row) => {
    let minR = 255, minG = 255, minB = 255, maxR = 0, maxG = 0, maxB = 0;
    let sr = 0, sg = 0, sb = 0;
    for (let x = 0; x < width; x++) {
      const R = row[x * 3], G = row[x * 3 + 1], B = row[x * 3 + 2];
      if (R < minR) minR = R;
      if (R > maxR) maxR = R;
      if (G < minG) minG = G;
      if (G > maxG) maxG = G;
      if (B < minB) minB = B;
      if (B > maxB) maxB = B;
      sr += R;
      sg += G;
      sb += B;
    }
    if (maxR - minR > 2 * tol || maxG - minG > 2 * tol || maxB - minB > 2 * tol) return;
    const mr = sr / width, mg = sg / width, mb = sb / width;
    const key = ((mr >> 4) << 8) | ((mg >> 4) << 4) | (mb >> 4);
    const bin = bins.get(key) ?? { n: 0, r: 0, g: 0, b: 0 };
    bin.n++;
    bin.r += mr;
    bin.g += mg;
    bin.b += mb;
    bins.set(key, bin);
  });
  let best: { n: number; r: number; g: number; b: number } | undefined;
  for (const bin of bins.values()) if (!best || bin.n > best.n) best = bin;
  if (!best) return null;
  return [Math.round(best.r / best.n), Math.round(best.g / best.n), Math.round(best.b / best.n)];
}

function rowIsBackground(row: Float32Array, width: number, bg: [number, number, number], tol: number, maxOut: number): boolean {
  const limit = Math.floor(width * maxOut);
  let out = 0;
  for (let x = 0; x < width; x++) {
    const i = x * 3;
    if (
      Math.abs(row[i] - bg[0]) > tol ||
      Math.abs(row[i + 1] - bg[1]) > tol ||
      Math.abs(row[i + 2] - bg[2]) > tol
    ) {
      if (++out > limit) return false;
    }
  }
  return true;
}

/** Finds gutters, cut rows and panel ranges in an RGBA image. */
export function detectGutters(
  data: Uint8ClampedArray,
  width: number,
  height: number,
  options: GutterOptions = {},
): GutterResult {
  if (data.length < width * height * 4) throw new RangeError('RGBA buffer smaller than width × height × 4');
  const tol = options.tolerance ?? GUTTER_DEFAULTS.tolerance;
  const maxOut = options.maxOutlierFraction ?? GUTTER_DEFAULTS.maxOutlierFraction;
  const minGutter = Math.max(1, options.minGutter ?? GUTTER_DEFAULTS.minGutter);
  const k = Math.max(1, (options.smoothing ?? GUTTER_DEFAULTS.smoothing) | 1);
  const whole: GutterResult = { background: null, gutters: [], cuts: [], panels: [{ top: 0, bottom: height }] };
  if (width === 0 || height === 0) return { ...whole, panels: [] };
  const bg = options.background ?? detectBackground(data, width, height, k, tol);
  if (!bg) return whole;

  const isBg = new Uint8Array(height);
  forEachSmoothedRow(data, width, height, k, (y, row) => {
    isBg[y] = rowIsBackground(row, width, bg, tol, maxOut) ? 1 : 0;
  });

  // Runs of background rows.
  const runs: RowRange[] = [];
  for (let y = 0; y < height; ) {
    if (!isBg[y]) {
      y++;
      continue;
    }
    const top = y;
    while (y < height && isBg[y]) y++;
    runs.push({ top, bottom: y });
  }

  // Refine run edges on horizontally-smoothed rows (the vertical blur widens content by ≤ k/2).
  const hRow = new Float32Array(width * 3);
  const rowOk = (y: number) => {
    smoothRowH(data, width, y, k >> 1, hRow);
    return rowIsBackground(hRow, width, bg, tol, Math.max(maxOut, 0.02));
  };
  const reach = (k >> 1) + 1;
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i];
    const floor = i > 0 ? runs[i - 1].bottom : 0;
    const ceil = i + 1 < runs.length ? runs[i + 1].top : height;
    for (let n = 0; n < reach && run.top > floor && rowOk(run.top - 1); n++) run.top--;
    for (let n = 0; n < reach && run.bottom < ceil && rowOk(run.bottom); n++) run.bottom++;
  }

  const gutters = runs.filter((g) => g.top === 0 || g.bottom === height || g.bottom - g.top >= minGutter);
  if (gutters.length === 1 && gutters[0].top === 0 && gutters[0].bottom === height) {
    return { background: bg, gutters, cuts: [], panels: [] };
  }
  const cuts: number[] = [];
  const panels: RowRange[] = [];
  let top = 0;
  for (const g of gutters) {
    if (g.top > top) panels.push({ top, bottom: g.top });
    if (g.top > 0 && g.bottom < height) cuts.push((g.top + g.bottom) >> 1);
    top = g.bottom;
  }
  if (top < height) panels.push({ top, bottom: height });
  return { background: bg, gutters, cuts, panels };
}
