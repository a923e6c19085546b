/**
 * Line extraction (pure): which pixels are dark strokes, and how much ink each pixel carries.
 *
 * Threshold rule (gray panels and line art alike): Otsu's threshold on the histogram of the dark
 * pixels only (L* < 60, 1-L* bins), clamped to [20, 45]. On line art the darks are the stroke
 * cores and their anti-aliased edges, so the cut falls inside the edge ramp; on gray panels the
 * mid and light tones (L* ≥ 60) do not pull the cut up into the shading.
 * Pixels with L* below the threshold are lines; lighter anti-aliased edge pixels are not lines
 * (they are assigned to the region they touch).
 */
import { grayOfLuminance } from '../color/lab';

export const DARK_CEILING = 60;
export const LINE_T_MIN = 20;
export const LINE_T_MAX = 45;
/** L* at or above which a pixel is paper (no ink). */
export const PAPER_L = 92;

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
 * Ink per pixel, 0 (paper) … 1 (black): 1 − gray/255 of the sRGB gray whose L* is the pixel's
 * L* stretched so that L* ≥ PAPER_L counts as white paper. Multiplying (1 − ink) over a flat colour
 * gives the flat colour exactly on paper and dark lines on strokes.
 */
export function inkOf(L: Float32Array): Float32Array {
  const ink = new Float32Array(L.length);
  const lut = new Float32Array(1001);
  for (let k = 0; k <= 1000; k++) {
    const l = Math.min(100, (k / 10) * (100 / PAPER_L));
    // luminance of lightness l
    const fy = (l + 16) / 116;
    const y = fy > 6 / 29 ? fy * fy * fy : 3 * (6 / 29) ** 2 * (fy - 4 / 29);
    lut[k] = 1 - grayOfLuminance(y) / 255;
  }
  for (let i = 0; i < L.length; i++) ink[i] = lut[Math.max(0, Math.min(1000, Math.round(L[i] * 1000)))];
  return ink;
}
