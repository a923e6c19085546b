/**
 * Gutter detection for webtoon strips (pure; runs in the image worker and in Node tests).
 *
 * A gutter is a run of rows of near-uniform background between two panels. The detector:
 * 1. box-smooths the image (k×k, default 7) so sensor noise, JPEG ringing and fine
 *    screen-tone average out to a flat colour;
 * 2. finds the background colour as the most common colour of "uniform" smoothed rows
 *    (rows whose colour range is small; sampled; must cover ≥ minGutter rows; 16 levels, then
 *    4 levels within the winning bin), unless given;
 * 3. marks a row as background when at most `maxOutlierFraction` of its smoothed pixels
 *    differ from the background by more than `tolerance` (max channel difference) and the row's
 *    mean colour is within `FLAT` of the background (a pale gradient is content, not paper);
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

/**
 * Largest distance (0–255, max channel) of a background row's mean colour from the background.
 * Every pixel may be `tolerance` away (noise, tone, specks), but the row as a whole must be the
 * paper: the rows of a pale gradient each pass the per-pixel test, and a full-bleed panel fading
 * to white would otherwise lose its palest rows to the margin (a trial lost 33 rows).
 */
const FLAT = 4;

/**
 * Horizontal box sums of one row (window 2r+1, edges clamped) into `out` (RGB, width×3 ints).
 * Integer sums with a constant window size keep the hot loops cheap (no division, no floats).
 */
function hsumRow(data: Uint8ClampedArray, width: number, y: number, r: number, out: Int32Array): void {
  const base = y * width * 4;
  const last = width - 1;
  for (let c = 0; c < 3; c++) {
    const p0 = base + c;
    let sum = (r + 1) * data[p0];
    for (let x = 1; x <= r; x++) sum += data[p0 + Math.min(x, last) * 4];
    for (let x = 0, o = c; x < width; x++, o += 3) {
      out[o] = sum;
      const add = x + r + 1;
      const drop = x - r;
      sum += data[p0 + (add < width ? add : last) * 4] - data[p0 + (drop > 0 ? drop : 0) * 4];
    }
  }
}

/** Streams k×k box sums (edges clamped; every value is a sum of k² pixels) to `visit`. */
function forEachSmoothedRow(
  data: Uint8ClampedArray,
  width: number,
  height: number,
  k: number,
  visit: (y: number, sums: Int32Array) => void,
): void {
  const r = k >> 1;
  const n = width * 3;
  const slots = k + 1;
  const ring: Int32Array[] = Array.from({ length: slots }, () => new Int32Array(n));
  const loaded = new Int32Array(slots).fill(-1);
  const row = (y: number): Int32Array => {
    const yy = y < 0 ? 0 : y >= height ? height - 1 : y;
    const slot = yy % slots;
    if (loaded[slot] !== yy) {
      hsumRow(data, width, yy, r, ring[slot]);
      loaded[slot] = yy;
    }
    return ring[slot];
  };
  const sum = new Int32Array(n);
  for (let j = -r; j <= r; j++) {
    const h = row(j);
    for (let i = 0; i < n; i++) sum[i] += h[i];
  }
  for (let y = 0; y < height; y++) {
    visit(y, sum);
    if (y + 1 < height) {
      const add = row(y + r + 1);
      const drop = row(y - r);
      for (let i = 0; i < n; i++) sum[i] += add[i] - drop[i];
    }
  }
}

/** k×k box sums of the single row `y` (for sampling). */
function smoothedRowAt(
  data: Uint8ClampedArray,
  width: number,
  height: number,
  k: number,
  y: number,
  out: Int32Array,
  tmp: Int32Array,
): void {
  const r = k >> 1;
  out.fill(0);
  for (let j = -r; j <= r; j++) {
    const yy = Math.min(height - 1, Math.max(0, y + j));
    hsumRow(data, width, yy, r, tmp);
    for (let i = 0; i < out.length; i++) out[i] += tmp[i];
  }
}

/**
 * Background = mean colour of the most common quantized colour among uniform smoothed rows,
 * sampled every few rows (cheap: the exact test runs later on every row).
 */
function detectBackground(
  data: Uint8ClampedArray,
  width: number,
  height: number,
  k: number,
  tol: number,
  minRows: number,
): [number, number, number] | null {
  const bins = new Map<number, { n: number; rows: [number, number, number][] }>();
  const nn = k * k;
  const span = 2 * tol * nn;
  const row = new Int32Array(width * 3);
  const tmp = new Int32Array(width * 3);
  const step = Math.max(1, Math.min(8, Math.floor(height / 512)));
  for (let y = 0; y < height; y += step) {
    smoothedRowAt(data, width, height, k, y, row, tmp);
    let minR = Infinity,
      minG = Infinity,
      minB = Infinity,
      maxR = -1,
      maxG = -1,
      maxB = -1;
    let sr = 0,
      sg = 0,
      sb = 0;
    let uniform = true;
    for (let x = 0, i = 0; x < width; x++, i += 3) {
      const R = row[i],
        G = row[i + 1],
        B = row[i + 2];
      if (R < minR) minR = R;
      if (R > maxR) maxR = R;
      if (G < minG) minG = G;
      if (G > maxG) maxG = G;
      if (B < minB) minB = B;
      if (B > maxB) maxB = B;
      if (maxR - minR > span || maxG - minG > span || maxB - minB > span) {
        uniform = false;
        break;
      }
      sr += R;
      sg += G;
      sb += B;
    }
    if (!uniform) continue;
    const mr = sr / width / nn,
      mg = sg / width / nn,
      mb = sb / width / nn;
    const key = ((mr >> 4) << 8) | ((mg >> 4) << 4) | (mb >> 4);
    const bin = bins.get(key) ?? { n: 0, rows: [] };
    bin.n++;
    bin.rows.push([mr, mg, mb]);
    bins.set(key, bin);
  }
  let best: { n: number; rows: [number, number, number][] } | undefined;
  for (const bin of bins.values()) if (!best || bin.n > best.n) best = bin;
  // A background must cover at least one gutter's worth of rows.
  if (!best || best.n * step < minRows) return null;
  // Within the winning 16-level bin, the most common 4-level colour: a pale gradient's uniform rows
  // share the paper's coarse bin, and averaging them in would turn white paper gray (241).
  const fine = new Map<number, [number, number, number, number]>();
  for (const [r, g, b] of best.rows) {
    const key = ((r >> 2) << 12) | ((g >> 2) << 6) | (b >> 2);
    const f = fine.get(key) ?? [0, 0, 0, 0];
    f[0]++;
    f[1] += r;
    f[2] += g;
    f[3] += b;
    fine.set(key, f);
  }
  let top: [number, number, number, number] = [0, 0, 0, 0];
  for (const f of fine.values()) if (f[0] > top[0]) top = f;
  return [Math.round(top[1] / top[0]), Math.round(top[2] / top[0]), Math.round(top[3] / top[0])];
}

/** How far a row's mean colour (of `n`-pixel window sums) is from the background (max channel). */
function rowMeanDeviation(row: Int32Array, width: number, bg: [number, number, number], n: number): number {
  let r = 0,
    g = 0,
    b = 0;
  for (let i = 0; i < width * 3; i += 3) {
    r += row[i];
    g += row[i + 1];
    b += row[i + 2];
  }
  const d = width * n;
  return Math.max(Math.abs(r / d - bg[0]), Math.abs(g / d - bg[1]), Math.abs(b / d - bg[2]));
}

/** Whether a row of window sums (each a sum of `n` pixels) is background. */
function rowIsBackground(
  row: Int32Array,
  width: number,
  bg: [number, number, number],
  tol: number,
  maxOut: number,
  n: number,
): boolean {
  const limit = Math.floor(width * maxOut);
  const t = tol * n;
  const b0 = bg[0] * n,
    b1 = bg[1] * n,
    b2 = bg[2] * n;
  let out = 0;
  for (let x = 0, i = 0; x < width; x++, i += 3) {
    const d0 = row[i] - b0,
      d1 = row[i + 1] - b1,
      d2 = row[i + 2] - b2;
    if (d0 > t || d0 < -t || d1 > t || d1 < -t || d2 > t || d2 < -t) {
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
  const bg = options.background ?? detectBackground(data, width, height, k, tol, minGutter);
  if (!bg) return whole;

  const tolOk = new Uint8Array(height);
  const flat = new Uint8Array(height);
  forEachSmoothedRow(data, width, height, k, (y, sums) => {
    tolOk[y] = rowIsBackground(sums, width, bg, tol, maxOut, k * k) ? 1 : 0;
    flat[y] = rowMeanDeviation(sums, width, bg, k * k) <= FLAT ? 1 : 0;
  });
  // A row is flat when a row within ±2 is: a screen-tone background's smoothed rows alternate
  // around its colour with a period of a few rows, a gradient's rows do not come back.
  // Rows within the smoothing radius of the image's ends are averaged with clamped copies of the
  // end row, so they take the flatness of the first row whose window lies inside the image.
  const r = k >> 1;
  if (height > 2 * r) {
    for (let y = 0; y < r; y++) flat[y] = flat[r];
    for (let y = height - r; y < height; y++) flat[y] = flat[height - 1 - r];
  }
  const isBg = new Uint8Array(height);
  for (let y = 0; y < height; y++) {
    if (!tolOk[y]) continue;
    for (let j = Math.max(0, y - 2); j <= Math.min(height - 1, y + 2); j++) if (flat[j]) isBg[y] = 1;
  }

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
  const hRow = new Int32Array(width * 3);
  const hDev = (y: number) => {
    hsumRow(data, width, y, k >> 1, hRow);
    return rowMeanDeviation(hRow, width, bg, k);
  };
  // Single rows of plain paper are flat; those of a screen tone are not (dots / no dots), so there
  // edges are refined on the per-pixel test alone.
  const longest = runs.reduce<RowRange | null>((a, b) => (!a || b.bottom - b.top > a.bottom - a.top ? b : a), null);
  const mid = longest ? (longest.top + longest.bottom) >> 1 : 0;
  let plain = !!longest;
  for (let y = mid; longest && y < Math.min(longest.bottom, mid + 4); y++) if (hDev(y) > FLAT) plain = false;
  const rowOk = (y: number) => {
    if (plain && hDev(y) > FLAT) return false;
    hsumRow(data, width, y, k >> 1, hRow);
    return rowIsBackground(hRow, width, bg, tol, Math.max(maxOut, 0.02), k);
  };
  const reach = r + 1;
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i];
    const floor = i > 0 ? runs[i - 1].bottom : 0;
    const ceil = i + 1 < runs.length ? runs[i + 1].top : height;
    // Give back edge rows that are not paper on their own (the smoothing reaches into content),
    // then take in the paper rows next to the run.
    for (let n = 0; n < reach && run.top > 0 && run.bottom - run.top > 1 && !rowOk(run.top); n++) run.top++;
    for (let n = 0; n < reach && run.bottom < height && run.bottom - run.top > 1 && !rowOk(run.bottom - 1); n++)
      run.bottom--;
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
