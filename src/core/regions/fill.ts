/**
 * flatFill: hints → one flat colour per region (pure).
 *
 * - A point hint (also the bucket tool's click) fills the region under its centre; on a line
 *   pixel, the region under the line (`under`, the nearest one). Such hints are listed in
 *   `onLine`, so the app can say what happened (a trial's click on an outline filled the paper
 *   beside it without a word). "The smallest region within 4 px" was tried instead and lost on
 *   val (mean coverage 0.861 vs 0.867, models/colorizer/EVAL.md), so the nearest region stays.
 * - A stroke hint fills every region its centre line passes over (line pixels skipped). It
 *   passes over speech bubbles without filling them, unless it stays inside bubbles only.
 * - Several hints on one region: the LATEST hint wins (hints are applied in list order; the
 *   list is the order they were made). The app first divides regions in which point / stroke
 *   hints of different colours compete (split.ts `resolveHints`), so this rule decides only
 *   overlaps and the bucket. Removing a hint (eraser, undo) gives the region back to
 *   the previous hint on it, or leaves it uncoloured.
 * - A hint whose centre (point) or whole path (stroke) lies outside the image is listed in
 *   `outside` and changes nothing.
 */
import { rgbToLab, type Lab, type Rgb } from '../color/lab';
import type { Hint } from '../color/hints';
import { LINE, type RegionModel } from './types';

export interface FlatFill {
  /** Flat colour per region (Lab of the hint's sRGB colour), null = no hint. */
  colors: (Lab | null)[];
  /** The hint's own sRGB per region (for the flats layer), null = no hint. */
  rgb: (Rgb | null)[];
  /** Index of the hint that decided each region, −1 = none. */
  hintOf: Int32Array;
  /** Regions each hint filled (before later hints overrode it). */
  regionsOf: number[][];
  /** Indices of hints outside the image (ignored). */
  outside: number[];
  /** Indices of point hints whose centre is on a line pixel. */
  onLine: number[];
}

/** Whether a point hint's centre pixel is a line pixel. */
export function pointOnLine(model: RegionModel, h: Hint): boolean {
  if (h.kind !== 'point') return false;
  const xi = Math.floor(h.x);
  const yi = Math.floor(h.y);
  if (xi < 0 || yi < 0 || xi >= model.width || yi >= model.height) return false;
  return model.labels[yi * model.width + xi] < 0;
}

/** Calls `visit` at half-pixel steps along a stroke's centre line (its only point for a dot). */
export function walkStroke(pts: readonly (readonly [number, number])[], visit: (x: number, y: number) => void): void {
  if (pts.length === 1) visit(pts[0][0], pts[0][1]);
  for (let k = 1; k < pts.length; k++) {
    const [xa, ya] = pts[k - 1];
    const [xb, yb] = pts[k];
    const steps = Math.max(1, Math.ceil(Math.hypot(xb - xa, yb - ya) * 2));
    for (let s = 0; s <= steps; s++) visit(xa + ((xb - xa) * s) / steps, ya + ((yb - ya) * s) / steps);
  }
}

/** Region ids a hint fills (empty when outside the image or on lines only). */
export function regionsOfHint(model: RegionModel, h: Hint): number[] {
  const { width: W, height: H, labels, regions } = model;
  const at = (x: number, y: number): number => {
    const xi = Math.floor(x);
    const yi = Math.floor(y);
    if (xi < 0 || yi < 0 || xi >= W || yi >= H) return -2;
    return labels[yi * W + xi];
  };
  if (h.kind === 'point') {
    const xi = Math.floor(h.x);
    const yi = Math.floor(h.y);
    if (xi < 0 || yi < 0 || xi >= W || yi >= H) return [];
    const r = model.under[yi * W + xi];
    return r === LINE ? [] : [r];
  }
  const hit = new Set<number>();
  walkStroke(h.points, (x, y) => {
    const r = at(x, y);
    if (r >= 0) hit.add(r);
  });
  const all = [...hit];
  const plain = all.filter((r) => !regions[r].bubble);
  return (plain.length ? plain : all).sort((a, b) => a - b);
}

function isOutside(model: RegionModel, h: Hint): boolean {
  const { width: W, height: H } = model;
  const pts = h.kind === 'point' ? [[h.x, h.y] as [number, number]] : h.points;
  return pts.every(([x, y]) => x < 0 || y < 0 || x >= W || y >= H);
}

export function flatFill(model: RegionModel, hints: readonly Hint[]): FlatFill {
  const R = model.regions.length;
  const colors: (Lab | null)[] = new Array<Lab | null>(R).fill(null);
  const rgb: (Rgb | null)[] = new Array<Rgb | null>(R).fill(null);
  const hintOf = new Int32Array(R).fill(-1);
  const regionsOf: number[][] = [];
  const outside: number[] = [];
  const onLine: number[] = [];
  hints.forEach((h, idx) => {
    if (isOutside(model, h)) {
      outside.push(idx);
      regionsOf.push([]);
      return;
    }
    const rs = regionsOfHint(model, h);
    regionsOf.push(rs);
    if (pointOnLine(model, h)) onLine.push(idx);
    const c: Rgb = [h.rgb[0], h.rgb[1], h.rgb[2]];
    const lab = rgbToLab(c[0], c[1], c[2]);
    for (const r of rs) {
      colors[r] = lab;
      rgb[r] = c;
      hintOf[r] = idx;
    }
  });
  return { colors, rgb, hintOf, regionsOf, outside, onLine };
}
