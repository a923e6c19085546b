/**
 * Screentone under a colour (pure): for gray panels whose tones are kept, a coloured region drawn
 * as halftone — dark dots on white paper — would show as coloured dots on white, since paper
 * (L* 100) holds no chroma. Such pixels take the tone's lightness instead: the linear-light mean of
 * the same region's non-line pixels in a (2·RADIUS + 1)² window (tent weights, so a dot pattern
 * whose period does not divide the window leaves no visible ripple), so the colour shows at the tone's
 * value, as a colourist who descreens before colouring gets. Everything else keeps its gray.
 *
 * A pixel counts as halftone when its window (non-line pixels) holds paper (gray ≥ PAPER, at least
 * MIN_PAPER of it) and dots (dark pieces, DOT_CONTRAST under the paper, of at most MAX_DOT pixels
 * each; at least MIN_DOTS of it), and only in regions where at least TONE_REGION of the pixels are
 * such (a toned ground, not the lettering of a bubble): shading, dark shapes, gradients and a flat
 * tone (no paper) are left exactly as drawn. Cost: separable min / max / count passes, O(n),
 * then the window mean for halftone pixels only. Off by default (`composite` opts.descreen): on val
 * (models/colorizer/EVAL.md, "Screentone under a colour") the dataset's toned panels are coloured
 * with their dots, so smoothing loses there; the editor offers it when a coloured region is halftone.
 */
import { LINEAR_OF_8BIT } from '../color/lab';
import { LINE } from './types';

export const DESCREEN = {
  RADIUS: 5,
  SMOOTH: 3,
  PAPER: 235,
  DOT_CONTRAST: 96,
  MIN_PAPER: 0.1,
  MIN_DOTS: 0.02,
  MAX_DOT: 36,
  TONE_REGION: 0.5,
} as const;

/** 1 on dark non-line pixels whose 8-connected dark piece has at most `max` pixels (a dot). */
function dotMask(dark: Uint8Array, width: number, height: number, max: number): Float32Array {
  const n = width * height;
  const out = new Float32Array(n);
  const seen = new Uint8Array(n);
  const stack: number[] = [];
  const piece: number[] = [];
  for (let s = 0; s < n; s++) {
    if (!dark[s] || seen[s]) continue;
    seen[s] = 1;
    stack.push(s);
    piece.length = 0;
    while (stack.length) {
      const p = stack.pop() as number;
      if (piece.length <= max) piece.push(p);
      const x = p % width;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          const q = p + dy * width + dx;
          if ((dx || dy) && xx >= 0 && xx < width && q >= 0 && q < n && dark[q] && !seen[q]) {
            seen[q] = 1;
            stack.push(q);
          }
        }
    }
    if (piece.length <= max) for (const p of piece) out[p] = 1;
  }
  return out;
}

/** Midpoints between neighbouring gray levels in linear light: level g covers [MID[g - 1], MID[g]). */
const MID = new Float64Array(255);
for (let g = 0; g < 255; g++) MID[g] = (LINEAR_OF_8BIT[g] + LINEAR_OF_8BIT[g + 1]) / 2;

/** The gray level nearest (in linear light) to linear value `y` (binary search: no pow per pixel). */
function toGray(y: number): number {
  let lo = 0;
  let hi = 255;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (y < MID[m]) hi = m;
    else lo = m + 1;
  }
  return lo;
}

/**
 * Box sums of `v` over the (2r+1)² window (clipped at the border), separable; the column pass runs
 * a row at a time (row-major, no strided reads).
 */
function boxSum(v: Float32Array, width: number, height: number, r: number): Float32Array {
  const tmp = new Float32Array(v.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let s = 0;
    for (let x = 0; x <= Math.min(r, width - 1); x++) s += v[row + x];
    for (let x = 0; x < width; x++) {
      tmp[row + x] = s;
      if (x + r + 1 < width) s += v[row + x + r + 1];
      if (x - r >= 0) s -= v[row + x - r];
    }
  }
  const out = new Float32Array(v.length);
  const acc = new Float32Array(width);
  for (let y = 0; y <= Math.min(r, height - 1); y++) for (let x = 0; x < width; x++) acc[x] += tmp[y * width + x];
  for (let y = 0; y < height; y++) {
    out.set(acc, y * width);
    if (y + r + 1 < height) for (let x = 0, a = (y + r + 1) * width; x < width; x++) acc[x] += tmp[a + x];
    if (y - r >= 0) for (let x = 0, a = (y - r) * width; x < width; x++) acc[x] -= tmp[a + x];
  }
  return out;
}

/** Two box passes of radius `r`: a tent. */
const tent = (v: Float32Array, w: number, h: number, r: number): Float32Array => boxSum(boxSum(v, w, h, r), w, h, r);

/** Halftone pixels (`flag`, of any region) and, per coloured region, whether it is mostly halftone (`regions`: 1). */
export interface Halftone {
  flag: Uint8Array;
  regions: Uint8Array;
  /** How many regions of `colored` are mostly halftone. */
  count: number;
}

/**
 * Per pixel, 1 where its window holds paper and dots (the halftone test, before any colour): it
 * depends only on the panel's gray and the region model, so it is made once per model and kept
 * beside it (a re-apply after a hint edit only counts regions) — 1 byte per pixel.
 */
const masks = new WeakMap<Int32Array, { gray: Uint8ClampedArray; mask: Uint8Array }>();

function halftoneMask(gray: Uint8ClampedArray, labels: Int32Array, width: number, height: number): Uint8Array {
  const hit = masks.get(labels);
  if (hit && hit.gray === gray) return hit.mask;
  const n = width * height;
  const { RADIUS: r, PAPER, DOT_CONTRAST, MIN_PAPER, MIN_DOTS, MAX_DOT } = DESCREEN;
  const paper = new Float32Array(n);
  const dark = new Uint8Array(n);
  const valid = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (labels[i] === LINE) continue;
    const g = gray[i * 4];
    valid[i] = 1;
    if (g >= PAPER) paper[i] = 1;
    else if (g <= PAPER - DOT_CONTRAST) dark[i] = 1;
  }
  const P = boxSum(paper, width, height, r);
  const D = boxSum(dotMask(dark, width, height, MAX_DOT), width, height, r);
  const V = boxSum(valid, width, height, r);
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++)
    if (labels[i] !== LINE && V[i] > 0 && P[i] >= MIN_PAPER * V[i] && D[i] >= MIN_DOTS * V[i]) mask[i] = 1;
  masks.set(labels, { gray, mask });
  return mask;
}

/** Finds the halftone of the regions in `colored` (`gray` is RGBA, R = G = B); null when there is none. */
export function findHalftone(
  gray: Uint8ClampedArray,
  labels: Int32Array,
  colored: Uint8Array,
  width: number,
  height: number,
): Halftone | null {
  if (!colored.some((c) => c)) return null;
  const flag = halftoneMask(gray, labels, width, height);
  const R = colored.length;
  const area = new Float64Array(R);
  const tone = new Float64Array(R);
  for (let i = 0; i < width * height; i++) {
    const l = labels[i];
    if (l === LINE) continue;
    area[l]++;
    if (flag[i] && colored[l]) tone[l]++;
  }
  const regions = new Uint8Array(R);
  let count = 0;
  for (let l = 0; l < R; l++)
    if (tone[l] > 0 && tone[l] >= DESCREEN.TONE_REGION * area[l]) {
      regions[l] = 1;
      count++;
    }
  return count ? { flag, regions, count } : null;
}

/**
 * Gray level per pixel (0–255) to composite with: the panel's gray, and for the halftone pixels of
 * a mostly-halftone region the tone's mean — linear light, tent-weighted (two box passes of radius
 * SMOOTH, so a dot pattern whose period does not divide the window leaves no visible ripple), over
 * that region's pixels only (normalised convolution over the region's box). O(pixels of those boxes).
 */
export function descreenLevels(
  gray: Uint8ClampedArray,
  labels: Int32Array,
  ht: Halftone,
  width: number,
  height: number,
): Uint8Array {
  const n = width * height;
  const r = DESCREEN.SMOOTH;
  const out = new Uint8Array(n);
  const R = ht.regions.length;
  const box = new Int32Array(R * 4).fill(-1); // x0, y0, x1, y1 of each region's halftone pixels
  for (let i = 0; i < n; i++) {
    out[i] = gray[i * 4];
    const l = labels[i];
    if (!ht.flag[i] || !ht.regions[l]) continue;
    const x = i % width;
    const y = (i - x) / width;
    const b = l * 4;
    if (box[b] < 0) {
      box[b] = box[b + 2] = x;
      box[b + 1] = box[b + 3] = y;
    } else {
      box[b] = Math.min(box[b], x);
      box[b + 1] = Math.min(box[b + 1], y);
      box[b + 2] = Math.max(box[b + 2], x);
      box[b + 3] = Math.max(box[b + 3], y);
    }
  }
  for (let l = 0; l < R; l++) {
    if (box[l * 4] < 0) continue;
    const x0 = Math.max(0, box[l * 4] - 2 * r);
    const y0 = Math.max(0, box[l * 4 + 1] - 2 * r);
    const x1 = Math.min(width - 1, box[l * 4 + 2] + 2 * r);
    const y1 = Math.min(height - 1, box[l * 4 + 3] + 2 * r);
    const w = x1 - x0 + 1;
    const h = y1 - y0 + 1;
    let num: Float32Array = new Float32Array(w * h);
    let den: Float32Array = new Float32Array(w * h);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const i = (y0 + y) * width + x0 + x;
        if (labels[i] !== l) continue;
        num[y * w + x] = LINEAR_OF_8BIT[gray[i * 4]];
        den[y * w + x] = 1;
      }
    num = tent(num, w, h, r);
    den = tent(den, w, h, r);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const i = (y0 + y) * width + x0 + x;
        if (ht.flag[i] && labels[i] === l && den[y * w + x] > 0) out[i] = toGray(num[y * w + x] / den[y * w + x]);
      }
  }
  return out;
}
