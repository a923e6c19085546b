/**
 * Automatic colours per region (pure): the colour net's per-pixel a*b* pooled to ONE colour per
 * region, as a flatter would pick it.
 *
 * - Pooling: the median a*b* (each channel) of the region's interior pixels — pixels whose four
 *   neighbours are in the same region, so anti-aliased edges and the net's halos along lines do
 *   not pull the colour; a region with no interior pixel uses all its pixels. `pool: 'mean'` is
 *   the plain mean (the median was chosen on the validation split, EVAL.md "Flats").
 * - Speech bubbles stay uncoloured (null); so does a region whose pooled chroma is below
 *   `minChroma` (default 0: on the validation split, leaving low-chroma regions uncoloured — 4 or
 *   8 — did not lower the chromatic ΔE, EVAL.md "Flats").
 * - Lightness: for a gray panel L* is the region's mean L* (composite keeps every pixel's L* anyway).
 *   For line art the region is paper (L* ≈ 100), where no chroma fits in gamut, so the flat's L*
 *   is the lightest value ≤ `lineartL` at which at least `gamutKeep` of the chroma is in gamut
 *   (never below 40).
 */
import { gamutScale, type Lab } from '../color/lab';
import { LINE, type PanelKind, type RegionModel } from './types';

export interface AutoOptions {
  /** 'median' (default) or 'mean' of the interior pixels' a*b*. */
  pool?: 'median' | 'mean';
  /** Pooled chroma below this leaves the region uncoloured (default AUTO_MIN_CHROMA). */
  minChroma?: number;
  /** Kind the colours are for (default the model's detected kind). */
  kind?: PanelKind;
  /** Highest L* of a line-art flat (default 85). */
  lineartL?: number;
  /** Share of the chroma that must be in gamut at the chosen line-art L* (default 0.9). */
  gamutKeep?: number;
  /**
   * Line art only: a pooled colour with some hue (chroma ≥ 1) is scaled up to at least this chroma,
   * keeping its hue (default AUTO_LINEART_CHROMA; 0 = as the net gives it). The net, trained with
   * an L2 loss, predicts faint colours from bare strokes; their hue is what it knows.
   */
  lineartChroma?: number;
  /**
   * Line art only: a pooled chroma below this leaves the region uncoloured — paper stays paper
   * instead of a gray flat at `lineartL` (default AUTO_LINEART_MIN_CHROMA).
   */
  lineartMinChroma?: number;
}

/** Chosen on the validation split (EVAL.md, "Flats (issue 13)"). */
export const AUTO_MIN_CHROMA = 0;
/** Chosen on the validation split (EVAL.md, "Flats (issue 13)", automatic colours on line art). */
export const AUTO_LINEART_CHROMA = 60;
/** Chosen on the validation split (EVAL.md, "Flats (issue 13)", automatic colours on line art). */
export const AUTO_LINEART_MIN_CHROMA = 1;

function median(values: Float32Array, count: number): number {
  const v = values.subarray(0, count).sort();
  const m = count >> 1;
  return count % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/** L* for a line-art flat of chroma (a, b): lightest ≤ top that keeps ≥ keep of it in gamut. */
export function lineartLightness(a: number, b: number, top = 85, keep = 0.9): number {
  for (let L = top; L >= 40; L -= 2.5) if (gamutScale(L, a, b) >= keep) return L;
  return 40;
}

/**
 * One colour per region from the net's a*b* (planar: a-plane then b-plane, model width × height).
 * Returns Lab per region id, null = leave uncoloured.
 */
export function regionColorsFromNet(model: RegionModel, ab: Float32Array, opts: AutoOptions = {}): (Lab | null)[] {
  const { width: W, height: H, labels, regions } = model;
  const n = W * H;
  if (ab.length < 2 * n) throw new Error(`regionColorsFromNet: ab has ${ab.length} values, needs ${2 * n}`);
  const R = regions.length;
  const pool = opts.pool ?? 'median';
  const minChroma = opts.minChroma ?? AUTO_MIN_CHROMA;
  const kind = opts.kind ?? model.kind;
  // interior flag and per-region counts (interior, all)
  const interior = new Uint8Array(n);
  const cntIn = new Int32Array(R);
  const cntAll = new Int32Array(R);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      const r = labels[i];
      if (r === LINE) continue;
      cntAll[r]++;
      if (
        x > 0 &&
        x < W - 1 &&
        y > 0 &&
        y < H - 1 &&
        labels[i - 1] === r &&
        labels[i + 1] === r &&
        labels[i - W] === r &&
        labels[i + W] === r
      ) {
        interior[i] = 1;
        cntIn[r]++;
      }
    }
  const useAll = new Uint8Array(R);
  const size = new Int32Array(R);
  for (let r = 0; r < R; r++) {
    useAll[r] = cntIn[r] === 0 ? 1 : 0;
    size[r] = useAll[r] ? cntAll[r] : cntIn[r];
  }
  // gather a and b values region by region (counting sort by region)
  const start = new Int32Array(R + 1);
  for (let r = 0; r < R; r++) start[r + 1] = start[r] + size[r];
  const fill = start.slice(0, R);
  const va = new Float32Array(start[R]);
  const vb = new Float32Array(start[R]);
  for (let i = 0; i < n; i++) {
    const r = labels[i];
    if (r === LINE || regions[r].bubble) continue;
    if (!interior[i] && !useAll[r]) continue;
    const k = fill[r]++;
    va[k] = ab[i];
    vb[k] = ab[n + i];
  }
  const out: (Lab | null)[] = new Array<Lab | null>(R).fill(null);
  for (let r = 0; r < R; r++) {
    const g = regions[r];
    const c = fill[r] - start[r];
    if (g.bubble || c === 0) continue;
    let a: number;
    let b: number;
    if (pool === 'mean') {
      a = 0;
      b = 0;
      for (let k = start[r]; k < fill[r]; k++) {
        a += va[k];
        b += vb[k];
      }
      a /= c;
      b /= c;
    } else {
      a = median(va.subarray(start[r], fill[r]), c);
      b = median(vb.subarray(start[r], fill[r]), c);
    }
    const chroma = Math.hypot(a, b);
    if (chroma < minChroma) continue;
    if (kind === 'lineart' && chroma < (opts.lineartMinChroma ?? AUTO_LINEART_MIN_CHROMA)) continue;
    const boost = opts.lineartChroma ?? AUTO_LINEART_CHROMA;
    if (kind === 'lineart' && chroma >= 1 && chroma < boost) {
      a *= boost / chroma;
      b *= boost / chroma;
    }
    const L = kind === 'lineart' ? lineartLightness(a, b, opts.lineartL ?? 85, opts.gamutKeep ?? 0.9) : g.meanL;
    out[r] = [L, a, b];
  }
  return out;
}
