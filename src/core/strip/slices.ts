/**
 * Slicing a strip for upload (pure): the strip as drawn — panels and their remembered gutters,
 * scaled to the export width (layout.ts) — cut into slices by the rules of slice-plan.ts, using
 * each row's visual detail so that unavoidable cuts through a panel land on flat rows.
 */
import { freeCutRows, type StripLayout } from './layout';
import { cutCosts, planSlices, type RowRange } from './slice-plan';

/** Luma standard deviation at which a row counts as fully detailed (detail 1). */
export const DETAIL_FULL_STD = 48;

/**
 * Visual detail of each row of an RGBA image: the standard deviation of its luma (sampled every
 * `step` px), divided by DETAIL_FULL_STD and capped at 1. A flat row (gutter, sky) is 0.
 */
export function rowDetail(data: Uint8ClampedArray | Uint8Array, width: number, height: number, step = 2): Float32Array {
  const out = new Float32Array(height);
  for (let y = 0; y < height; y++) {
    let s = 0;
    let s2 = 0;
    let n = 0;
    for (let x = 0, i = y * width * 4; x < width; x += step, i += step * 4) {
      const l = 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
      s += l;
      s2 += l * l;
      n++;
    }
    const mean = s / n;
    const std = Math.sqrt(Math.max(0, s2 / n - mean * mean));
    out[y] = Math.min(1, std / DETAIL_FULL_STD);
  }
  return out;
}

export interface StripPlan {
  layout: StripLayout;
  /** Cost of a cut at each row boundary (0 = splits no panel). */
  cost: Float32Array;
  slices: RowRange[];
}

/** Plans slices of at most `maxHeight` rows; `detail` has one entry per laid-out row (optional). */
export function planStrip(layout: StripLayout, maxHeight: number, detail?: Float32Array): StripPlan {
  const cost = cutCosts(layout.total, freeCutRows(layout), detail);
  return { layout, cost, slices: planSlices(cost, { maxHeight }) };
}
