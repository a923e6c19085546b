/**
 * Keeps every encoded slice under the per-file size cap (pure; the encoder is passed in).
 *
 * For each planned slice, top to bottom:
 * - encode at the chosen quality; if it fits, keep it;
 * - JPEG over the cap: re-encode with quality lowered in QUALITY_STEP steps down to QUALITY_FLOOR;
 *   the first that fits is kept (`lowered`);
 * - still over (or PNG): the slice is re-planned into shorter slices (at most half its height,
 *   same cut rules) and each part goes through the same steps at the chosen quality (`split`);
 * - a slice already shorter than MIN_SPLIT rows that still does not fit is kept and flagged
 *   `overCap` (never happens with sane caps: a 32-row slice is a few kB).
 */
import type { RowRange } from './slice-plan';
import { QUALITY_FLOOR, QUALITY_STEP, type SliceFormat } from './presets';

export const MIN_SPLIT = 32;

export interface FittedSlice<T> extends RowRange {
  data: T;
  size: number;
  /** JPEG quality used (undefined for PNG). */
  quality?: number;
  /** JPEG quality was lowered below the chosen one to fit the cap. */
  lowered?: true;
  /** Part of a planned slice that was cut shorter to fit the cap. */
  split?: true;
  /** Still over the cap (only for slices shorter than MIN_SPLIT rows). */
  overCap?: true;
}

export interface FitOptions {
  format: SliceFormat;
  quality: number;
  capBytes: number;
}

export type Encoder<T> = (range: RowRange, quality: number | undefined) => Promise<{ data: T; size: number }>;
/** Splits a range into shorter slices no taller than `maxHeight`. */
export type Replanner = (range: RowRange, maxHeight: number) => RowRange[];

const step = (q: number) => Math.round((q - QUALITY_STEP) * 100) / 100;

export async function fitSlices<T>(
  plan: RowRange[],
  opts: FitOptions,
  encode: Encoder<T>,
  replan: Replanner,
  onSlice?: (done: number, planned: number) => void,
): Promise<FittedSlice<T>[]> {
  const jpeg = opts.format === 'jpeg';
  const out: FittedSlice<T>[] = [];
  const queue: { range: RowRange; split: boolean }[] = plan.map((range) => ({ range, split: false }));
  while (queue.length) {
    const { range, split } = queue.shift()!;
    let q = jpeg ? opts.quality : undefined;
    let enc = await encode(range, q);
    let lowered = false;
    while (jpeg && enc.size > opts.capBytes && q !== undefined && q > QUALITY_FLOOR + 1e-9) {
      q = Math.max(QUALITY_FLOOR, step(q));
      enc = await encode(range, q);
      lowered = true;
    }
    if (enc.size <= opts.capBytes || range.height < MIN_SPLIT) {
      out.push({
        ...range,
        data: enc.data,
        size: enc.size,
        ...(q !== undefined ? { quality: q } : {}),
        ...(lowered ? { lowered: true as const } : {}),
        ...(split ? { split: true as const } : {}),
        ...(enc.size > opts.capBytes ? { overCap: true as const } : {}),
      });
      onSlice?.(out.length, out.length + queue.length);
      continue;
    }
    const parts = replan(range, Math.ceil(range.height / 2));
    queue.unshift(...parts.map((r) => ({ range: r, split: true })));
  }
  return out;
}
