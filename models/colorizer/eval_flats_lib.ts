/**
 * The flats evaluation's TypeScript side (bundled into node by eval_flats.mjs with rolldown): the
 * app's own region code (src/core/regions), today's network pipeline (workers/colorize/pipeline.ts)
 * and the metrics. Protocol: models/colorizer/EVAL.md, "Flats (issue 13)".
 */
import { ciede2000 } from '../../src/core/color/ciede2000';
import type { Hint } from '../../src/core/color/hints';
import { rgbaToGray, rgbToLab, type Lab } from '../../src/core/color/lab';
import {
  buildRegions,
  composite,
  extractLines,
  flatFill,
  inkOf,
  LINE,
  resolveHints,
  type BuildOptions,
  type LineOptions,
  type PanelKind,
  type RegionInfo,
  type RegionModel,
} from '../../src/core/regions';
import { growInto } from '../../src/core/regions/segment';
import { regionColorsFromNet, type AutoOptions } from '../../src/core/regions/auto';
import { colorizePixels, type RunModel } from '../../workers/colorize/pipeline';

export { buildRegions, regionColorsFromNet, colorizePixels, composite, flatFill, resolveHints };
export type { BuildOptions };

export interface EvalPanel {
  width: number;
  height: number;
  /** Ground-truth colour, RGB interleaved. */
  color: Uint8Array;
  /** Ink coverage of the line art, 0 (paper) … 255. */
  ink: Uint8Array;
  /** Gray panel (round(2.55 L*)); derived from `color` when absent. */
  gray?: Uint8Array;
  /** Speech bubble / text mask (> 0 inside); those GT regions get no hint. */
  mask?: Uint8Array;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function hashSeed(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The panel the app is given: line art (black on white, 255 − ink) or the gray tones. */
export function inputRgba(p: EvalPanel, kind: PanelKind): Uint8ClampedArray {
  const n = p.width * p.height;
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    let g: number;
    if (kind === 'lineart') g = 255 - p.ink[i];
    else if (p.gray) g = p.gray[i];
    else g = Math.round(2.55 * rgbToLab(p.color[i * 3], p.color[i * 3 + 1], p.color[i * 3 + 2])[0]);
    out[i * 4] = out[i * 4 + 1] = out[i * 4 + 2] = g;
    out[i * 4 + 3] = 255;
  }
  return out;
}

export interface GtRegions {
  labels: Int32Array; // −1 on GT line pixels
  count: number;
  area: Int32Array;
  /** Median GT Lab per region. */
  color: Lab[];
  /** Regions that get hints: ≥ MIN_GT_AREA px, not mostly bubble / text. */
  hintable: number[];
  /** GT Lab per pixel. */
  lab: Float32Array;
}

export const MIN_GT_AREA = 16;
/**
 * Default ink (0–255) from which a GT line-art pixel is a line (GT regions, line agreement): 128
 * (50 %) as first defined; eval_flats.mjs `--gtInk=` passes another (EVAL.md "Which strokes bound a GT region").
 */
export const GT_INK = 128;
const JOIN_DE = 6;

/**
 * Ground-truth regions, two definitions:
 *  - 'line' (default): the line-bounded regions of the GT line art — 4-connected non-line pixels
 *    (ink < 50 %) — with the median GT colour as their flat: a flatter's regions with perfect gap
 *    closing. Pixels of a region that are not of its median colour (tone dots, gradients, colour
 *    edges without a line) count against every method alike; the 'oracle' row (the GT image
 *    itself) shows how much.
 *  - 'color': 4-connected non-line pixels whose GT colours differ by less than ΔE*ab 6 from their
 *    neighbour (colour-defined flats; tone dots become many tiny unhinted regions).
 */
export function gtRegions(p: EvalPanel, mode: 'line' | 'color' = 'line', gtInk = GT_INK): GtRegions {
  const { width: W, height: H } = p;
  const n = W * H;
  const lab = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const c = rgbToLab(p.color[i * 3], p.color[i * 3 + 1], p.color[i * 3 + 2]);
    lab[i * 3] = c[0];
    lab[i * 3 + 1] = c[1];
    lab[i * 3 + 2] = c[2];
  }
  const labels = new Int32Array(n).fill(-2);
  for (let i = 0; i < n; i++) if (p.ink[i] >= gtInk) labels[i] = -1;
  const near = (i: number, j: number) =>
    mode === 'line' ||
    Math.hypot(lab[i * 3] - lab[j * 3], lab[i * 3 + 1] - lab[j * 3 + 1], lab[i * 3 + 2] - lab[j * 3 + 2]) < JOIN_DE;
  let count = 0;
  const stack: number[] = [];
  for (let s = 0; s < n; s++) {
    if (labels[s] !== -2) continue;
    const id = count++;
    labels[s] = id;
    stack.push(s);
    while (stack.length) {
      const q = stack.pop() as number;
      const x = q % W;
      const nb = [x > 0 ? q - 1 : -1, x < W - 1 ? q + 1 : -1, q >= W ? q - W : -1, q + W < n ? q + W : -1];
      for (const r of nb)
        if (r >= 0 && labels[r] === -2 && near(q, r)) {
          labels[r] = id;
          stack.push(r);
        }
    }
  }
  const area = new Int32Array(count);
  const inMask = new Int32Array(count);
  for (let i = 0; i < n; i++)
    if (labels[i] >= 0) {
      area[labels[i]]++;
      if (p.mask && p.mask[i] > 0) inMask[labels[i]]++;
    }
  const per: number[][][] = Array.from({ length: count }, () => [[], [], []]);
  for (let i = 0; i < n; i++) {
    const r = labels[i];
    if (r < 0 || area[r] < MIN_GT_AREA) continue;
    for (let c = 0; c < 3; c++) per[r][c].push(lab[i * 3 + c]);
  }
  const color: Lab[] = per.map(
    (ch) =>
      ch.map((v) => {
        if (!v.length) return 0;
        v.sort((a, b) => a - b);
        return v[v.length >> 1];
      }) as Lab,
  );
  const hintable: number[] = [];
  for (let r = 0; r < count; r++) if (area[r] >= MIN_GT_AREA && inMask[r] < 0.5 * area[r]) hintable.push(r);
  return { labels, count, area, color, hintable, lab };
}

/** One point hint at a random interior pixel (4 neighbours in the region) of each listed region. */
export function hintsFor(
  gt: GtRegions,
  regions: readonly number[],
  W: number,
  H: number,
  rand: () => number,
  radius: number,
): Hint[] {
  const inner: number[][] = Array.from({ length: gt.count }, () => []);
  const all: number[][] = Array.from({ length: gt.count }, () => []);
  const want = new Set(regions);
  const L = gt.labels;
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      const r = L[i];
      if (r < 0 || !want.has(r)) continue;
      all[r].push(i);
      if (
        x > 0 &&
        x < W - 1 &&
        y > 0 &&
        y < H - 1 &&
        L[i - 1] === r &&
        L[i + 1] === r &&
        L[i - W] === r &&
        L[i + W] === r
      )
        inner[r].push(i);
    }
  return regions.map((r) => {
    const pool = inner[r].length ? inner[r] : all[r];
    const i = pool[Math.floor(rand() * pool.length)];
    const [Lr, a, b] = gt.color[r];
    const rgb = labToRgb8(Lr, a, b);
    return { kind: 'point', x: (i % W) + 0.5, y: Math.floor(i / W) + 0.5, rgb, radius } satisfies Hint;
  });
}

function labToRgb8(L: number, a: number, b: number): [number, number, number] {
  const fy = (L + 16) / 116;
  const fx = fy + a / 500;
  const fz = fy - b / 200;
  const inv = (t: number) => (t > 6 / 29 ? t ** 3 : 3 * (6 / 29) ** 2 * (t - 4 / 29));
  const X = 0.95047 * inv(fx);
  const Y = inv(fy);
  const Z = 1.08883 * inv(fz);
  const r = 3.2404542 * X - 1.5371385 * Y - 0.4985314 * Z;
  const g = -0.969266 * X + 1.8760108 * Y + 0.041556 * Z;
  const bb = 0.0556434 * X - 0.2040259 * Y + 1.0572252 * Z;
  const enc = (c: number) => {
    const v = c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055;
    return Math.max(0, Math.min(255, Math.round(v * 255)));
  };
  return [enc(r), enc(g), enc(bb)];
}

/** k distinct hintable regions (all when fewer), in random order. */
export function pickRegions(gt: GtRegions, k: number, rand: () => number): number[] {
  const pool = gt.hintable.slice();
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, Math.min(k, pool.length));
}

/**
 * Plain flood fill (a paint bucket without gap closing): 4-connected components of non-line
 * pixels, the app's lines (`extractLines` with the same options and line rule — `kind` — as the
 * region model).
 */
export function plainModel(
  rgba: Uint8ClampedArray,
  W: number,
  H: number,
  lines?: LineOptions,
  kind: PanelKind = 'lineart',
): RegionModel {
  const n = W * H;
  const L = rgbaToGray(rgba, W, H);
  const { line, threshold } = extractLines(L, W, H, lines, undefined, kind);
  const T = threshold / 100;
  const labels = new Int32Array(n).fill(-2);
  for (let i = 0; i < n; i++) if (line[i]) labels[i] = LINE;
  const regions: RegionInfo[] = [];
  const stack: number[] = [];
  for (let s = 0; s < n; s++) {
    if (labels[s] !== -2) continue;
    const id = regions.length;
    labels[s] = id;
    stack.push(s);
    let area = 0;
    while (stack.length) {
      const q = stack.pop() as number;
      area++;
      const x = q % W;
      const nb = [x > 0 ? q - 1 : -1, x < W - 1 ? q + 1 : -1, q >= W ? q - W : -1, q + W < n ? q + W : -1];
      for (const r of nb)
        if (r >= 0 && labels[r] === -2) {
          labels[r] = id;
          stack.push(r);
        }
    }
    regions.push({
      id,
      area,
      bbox: [0, 0, W, H],
      centroid: [0, 0],
      meanL: 0,
      touchesBorder: false,
      bubble: false,
      neighbors: [],
    });
  }
  return {
    width: W,
    height: H,
    labels,
    under: new Int32Array(labels),
    ink: inkOf(L),
    regions,
    kind: 'gray',
    gap: 0,
    capped: false,
    lineThreshold: T * 100,
  };
}

/** Per-result metrics against the GT (sums, so splits aggregate exactly). */
export interface Metrics {
  coverage: number; // mean over hinted regions of the share within ΔE00 ≤ 10 (NaN: no hinted region)
  covered95: number; // share of hinted regions with coverage ≥ 0.95
  leakage: number; // share of pixels outside every hinted region moved by ΔE00 > 10 (NaN: none outside)
  leakageOff: number; // the same over those pixels that are not GT line pixels (ink < 50 %: unhinted, tiny and bubble regions)
  tinyOk: number; // pixels of tiny GT regions (< MIN_GT_AREA, never hinted) within ΔE00 ≤ 10 of their GT colour (line art: the GT Lab; gray: own L* with GT a*b*), and their count
  tinyN: number;
  deSum: number; // chromatic ΔE*ab sum and count (GT chroma > 10)
  deN: number;
  psnr: number;
  ssim: number;
}

const DE_OK = 10;

export function labsOf(rgba: Uint8ClampedArray | Uint8Array, n: number): Float32Array {
  const out = new Float32Array(n * 3);
  const cache = new Map<number, Lab>();
  for (let i = 0; i < n; i++) {
    const key = (rgba[i * 4] << 16) | (rgba[i * 4 + 1] << 8) | rgba[i * 4 + 2];
    let c = cache.get(key);
    if (!c) {
      c = rgbToLab(rgba[i * 4], rgba[i * 4 + 1], rgba[i * 4 + 2]);
      cache.set(key, c);
    }
    out[i * 3] = c[0];
    out[i * 3 + 1] = c[1];
    out[i * 3 + 2] = c[2];
  }
  return out;
}

export function metrics(
  p: EvalPanel,
  gt: GtRegions,
  kind: PanelKind,
  hinted: readonly number[],
  result: Uint8ClampedArray,
  input: Float32Array /* Lab of the input */,
  withSsim = true,
): Metrics {
  const { width: W, height: H } = p;
  const n = W * H;
  const res = labsOf(result, n);
  const isHinted = new Uint8Array(gt.count);
  for (const r of hinted) isHinted[r] = 1;
  const ok = new Float64Array(gt.count);
  let outside = 0;
  let moved = 0;
  let outsideOff = 0;
  let movedOff = 0;
  let deSum = 0;
  let deN = 0;
  let tinyOk = 0;
  let tinyN = 0;
  const at = (a: Float32Array, i: number): Lab => [a[i * 3], a[i * 3 + 1], a[i * 3 + 2]];
  // memo: results are flat per region, so (region, result colour, input gray) repeats a lot
  const memo = new Map<number, boolean>();
  for (let i = 0; i < n; i++) {
    const r = gt.labels[i];
    const got = at(res, i);
    const rk = (result[i * 4] << 16) | (result[i * 4 + 1] << 8) | result[i * 4 + 2];
    const ik = Math.round(input[i * 3] * 10);
    if (r >= 0 && isHinted[r]) {
      const key = (r * 16777216 + rk) * 1024 + ik;
      let hit = memo.get(key);
      if (hit === undefined) {
        const c = gt.color[r];
        const target: Lab = kind === 'lineart' ? c : [input[i * 3], c[1], c[2]];
        hit = ciede2000(got, target) <= DE_OK;
        memo.set(key, hit);
      }
      if (hit) ok[r]++;
    } else {
      outside++;
      if (r >= 0) outsideOff++;
      if (r >= 0 && gt.area[r] < MIN_GT_AREA) {
        tinyN++;
        const t: Lab = kind === 'lineart' ? at(gt.lab, i) : [input[i * 3], gt.lab[i * 3 + 1], gt.lab[i * 3 + 2]];
        if (ciede2000(got, t) <= DE_OK) tinyOk++;
      }
      if (
        Math.abs(got[0] - input[i * 3]) + Math.abs(got[1] - input[i * 3 + 1]) + Math.abs(got[2] - input[i * 3 + 2]) >
          1e-6 &&
        ciede2000(got, at(input, i)) > DE_OK
      ) {
        moved++;
        if (r >= 0) movedOff++;
      }
    }
    const ga = gt.lab[i * 3 + 1];
    const gb = gt.lab[i * 3 + 2];
    if (Math.hypot(ga, gb) > 10) {
      deSum += Math.hypot(got[0] - gt.lab[i * 3], got[1] - ga, got[2] - gb);
      deN++;
    }
  }
  let cov = 0;
  let c95 = 0;
  for (const r of hinted) {
    const s = ok[r] / gt.area[r];
    cov += s;
    if (s >= 0.95) c95++;
  }
  let mse = 0;
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) mse += (result[i * 4 + c] - p.color[i * 3 + c]) ** 2;
  mse /= 3 * n;
  return {
    coverage: hinted.length ? cov / hinted.length : NaN,
    covered95: hinted.length ? c95 / hinted.length : NaN,
    leakage: outside ? moved / outside : NaN,
    leakageOff: outsideOff ? movedOff / outsideOff : NaN,
    tinyOk,
    tinyN,
    deSum,
    deN,
    psnr: 10 * Math.log10((255 * 255) / Math.max(mse, 1e-10)),
    ssim: withSsim ? ssim(result, p.color, W, H) : NaN,
  };
}

/** SSIM as eval.py: Gaussian σ = 1.5 (truncate 3.5), mean over R, G, B. */
export function ssim(x: Uint8ClampedArray, y: Uint8Array, W: number, H: number): number {
  const rad = Math.ceil(3.5 * 1.5);
  const k: number[] = [];
  for (let i = -rad; i <= rad; i++) k.push(Math.exp(-(i * i) / (2 * 1.5 * 1.5)));
  const ks = k.reduce((a, b) => a + b, 0);
  for (let i = 0; i < k.length; i++) k[i] /= ks;
  const refl = (i: number, m: number) => {
    // scipy 'reflect' (d c b a | a b c d | d c b a)
    while (i < 0 || i >= m) i = i < 0 ? -i - 1 : 2 * m - i - 1;
    return i;
  };
  const blur = (a: Float64Array): Float64Array => {
    const t = new Float64Array(W * H);
    const o = new Float64Array(W * H);
    for (let yy = 0; yy < H; yy++)
      for (let xx = 0; xx < W; xx++) {
        let s = 0;
        for (let d = -rad; d <= rad; d++) s += k[d + rad] * a[yy * W + refl(xx + d, W)];
        t[yy * W + xx] = s;
      }
    for (let yy = 0; yy < H; yy++)
      for (let xx = 0; xx < W; xx++) {
        let s = 0;
        for (let d = -rad; d <= rad; d++) s += k[d + rad] * t[refl(yy + d, H) * W + xx];
        o[yy * W + xx] = s;
      }
    return o;
  };
  const c1 = (0.01 * 255) ** 2;
  const c2 = (0.03 * 255) ** 2;
  let total = 0;
  const n = W * H;
  for (let ch = 0; ch < 3; ch++) {
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      a[i] = x[i * 4 + ch];
      b[i] = y[i * 3 + ch];
    }
    const aa = a.map((v) => v * v);
    const bb = b.map((v) => v * v);
    const ab = a.map((v, i) => v * b[i]);
    const [ma, mb, saa, sbb, sab] = [blur(a), blur(b), blur(aa), blur(bb), blur(ab)];
    let s = 0;
    for (let i = 0; i < n; i++) {
      const va = saa[i] - ma[i] ** 2;
      const vb = sbb[i] - mb[i] ** 2;
      const cov = sab[i] - ma[i] * mb[i];
      s += ((2 * ma[i] * mb[i] + c1) * (2 * cov + c2)) / ((ma[i] ** 2 + mb[i] ** 2 + c1) * (va + vb + c2));
    }
    total += s / n;
  }
  return total / 3;
}

/** Share of the hintable GT regions' pixels that the region model calls lines (never coloured). */
export function lineShare(gt: GtRegions, model: RegionModel): number {
  const want = new Uint8Array(gt.count);
  for (const r of gt.hintable) want[r] = 1;
  let n = 0;
  let line = 0;
  for (let i = 0; i < gt.labels.length; i++)
    if (gt.labels[i] >= 0 && want[gt.labels[i]]) {
      n++;
      if (model.labels[i] === LINE) line++;
    }
  return n ? line / n : 0;
}

/** The GT colour image as RGBA (the 'oracle' row: what perfect colours score). */
export function gtRgba(p: EvalPanel): Uint8ClampedArray {
  const n = p.width * p.height;
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    out[i * 4] = p.color[i * 3];
    out[i * 4 + 1] = p.color[i * 3 + 1];
    out[i * 4 + 2] = p.color[i * 3 + 2];
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** Net a*b* (planar) of the app's automatic-colour run: no hints, bubbles not whitened. */
export async function netAb(rgba: Uint8ClampedArray, W: number, H: number, run: RunModel): Promise<Float32Array> {
  const r = await colorizePixels({ width: W, height: H, data: rgba }, [], run, { keepBubblesWhite: false });
  const n = W * H;
  const ab = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const [, a, b] = rgbToLab(r.rgba[i * 4], r.rgba[i * 4 + 1], r.rgba[i * 4 + 2]);
    ab[i] = a;
    ab[n + i] = b;
  }
  return ab;
}

export type Method = 'net' | 'flood' | 'gap' | 'gap+auto';

/** Results of every method for one panel, one kind, one hint set. */
export async function runMethods(
  rgba: Uint8ClampedArray,
  W: number,
  H: number,
  kind: PanelKind,
  hints: Hint[],
  models: { plain: RegionModel; gap: RegionModel; ab: Float32Array | null },
  run: RunModel,
  auto: AutoOptions,
  methods: readonly string[] = ['net', 'flood', 'gap', 'gap+auto'],
): Promise<Partial<Record<Method, Uint8ClampedArray>>> {
  const out: Partial<Record<Method, Uint8ClampedArray>> = {};
  if (methods.includes('net')) out.net = (await colorizePixels({ width: W, height: H, data: rgba }, hints, run)).rgba;
  if (methods.includes('flood'))
    out.flood = composite(models.plain, rgba, flatFill(models.plain, hints).colors, kind).rgba;
  // the app: competing hints divide a region (src/core/regions/split.ts), then one flat per region
  const { model: gapModel, fill: gapFill } = resolveHints(models.gap, hints, rgba);
  const fill = gapFill.colors;
  if (methods.includes('gap')) out.gap = composite(gapModel, rgba, fill, kind).rgba;
  if (methods.includes('gap+auto') && models.ab) {
    const sugg = regionColorsFromNet(gapModel, models.ab, { ...auto, kind });
    out['gap+auto'] = composite(
      gapModel,
      rgba,
      fill.map((c, r) => c ?? sugg[r]),
      kind,
    ).rgba;
  }
  return out;
}

/** gap+auto only (for choosing the automatic-colour options on val). */
export function autoResult(
  rgba: Uint8ClampedArray,
  kind: PanelKind,
  hints: Hint[],
  model: RegionModel,
  ab: Float32Array,
  auto: AutoOptions,
): Uint8ClampedArray {
  const { model: m, fill: f } = resolveHints(model, hints, rgba);
  const fill = f.colors;
  const sugg = regionColorsFromNet(m, ab, { ...auto, kind });
  return composite(
    m,
    rgba,
    fill.map((c, r) => c ?? sugg[r]),
    kind,
  ).rgba;
}

/**
 * The 'perfect' flat fill: the GT line-bounded regions as the region model (GT line pixels —
 * ink ≥ 50 % — are LINE, flats run under them to the nearest GT region) with the app's ink and
 * composite. What a flat fill + multiply composite scores with perfect regions: the ceiling of
 * coverage and the floor of leakage that no line extraction can beat.
 */
export function perfectModel(p: EvalPanel, gt: GtRegions, rgba: Uint8ClampedArray): RegionModel {
  const { width: W, height: H } = p;
  const n = W * H;
  const labels = new Int32Array(gt.labels);
  const under = new Int32Array(labels);
  growInto(under, W, H, new Int32Array(n), LINE);
  const regions: RegionInfo[] = [];
  for (let r = 0; r < gt.count; r++)
    regions.push({
      id: r,
      area: gt.area[r],
      bbox: [0, 0, W, H],
      centroid: [0, 0],
      meanL: 0,
      touchesBorder: false,
      bubble: false,
      neighbors: [],
    });
  const L = rgbaToGray(rgba, W, H);
  return {
    width: W,
    height: H,
    labels,
    under,
    ink: inkOf(L),
    regions,
    kind: 'lineart',
    gap: 0,
    capped: false,
    lineThreshold: 0,
  };
}

/** Line agreement with the GT line art: recall = share of GT line pixels (ink ≥ 50 %) the model calls lines; precision = share of the model's line pixels that are GT line pixels. */
export function lineAgreement(p: EvalPanel, model: RegionModel, gtInk = GT_INK): { recall: number; precision: number } {
  let gtLine = 0;
  let both = 0;
  let mLine = 0;
  for (let i = 0; i < p.ink.length; i++) {
    const g = p.ink[i] >= gtInk;
    const m = model.labels[i] === LINE;
    if (g) gtLine++;
    if (m) mLine++;
    if (g && m) both++;
  }
  return { recall: gtLine ? both / gtLine : 1, precision: mLine ? both / mLine : 1 };
}
