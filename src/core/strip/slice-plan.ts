/**
 * Where to cut a laid-out strip into upload slices (pure).
 *
 * Rules, in order of weight:
 * 1. Hard: no slice is taller than `maxHeight`; when there is more than one slice, none is
 *    shorter than `minHeight` (default ⌊maxHeight/2⌋) — so there is never a thin last sliver.
 *    A strip no taller than `maxHeight` is one slice.
 * 2. Cuts go where they split no panel: inside a gutter or between two pieces (cost 0). A cut
 *    through a panel costs 1 + 10 × the detail of the two rows it separates (0 for a flat row
 *    such as sky, 1 for busy line art), so flat rows are preferred when a panel must be cut.
 * 3. Each slice costs 0.5 (an extra file is worth it only to avoid cutting through art) plus
 *    0.2·((maxHeight − h)/maxHeight)², which balances the slices among equally good cuts.
 * Solved exactly by dynamic programming over every row (O(rows × maxHeight/2)).
 */

export interface RowRange {
  y: number;
  height: number;
}

export const CUT_IN_PANEL = 1;
export const CUT_DETAIL_WEIGHT = 10;
export const SLICE_COST = 0.5;
export const BALANCE_WEIGHT = 0.2;

/**
 * Cost of cutting between rows y−1 and y, for y in 0..total (`cost[y]`).
 * `free[y]` marks rows where no panel is split; `detail[y]` ∈ [0, 1] is row y's visual detail.
 */
export function cutCosts(total: number, free: Uint8Array, detail?: Float32Array): Float32Array {
  const cost = new Float32Array(total + 1);
  for (let y = 1; y < total; y++) {
    if (free[y]) continue;
    const d = detail ? Math.max(detail[y - 1] ?? 0, detail[y] ?? 0) : 0;
    cost[y] = CUT_IN_PANEL + CUT_DETAIL_WEIGHT * d;
  }
  return cost;
}

export interface PlanOptions {
  maxHeight: number;
  /** Shortest slice when there are several; default ⌊maxHeight/2⌋. */
  minHeight?: number;
}

/**
 * Slices of rows [from, to) (default the whole strip) under the rules above. `cost` has one
 * entry per row boundary of the whole strip (length total + 1).
 */
export function planSlices(cost: Float32Array, opts: PlanOptions, from = 0, to = cost.length - 1): RowRange[] {
  const maxH = Math.floor(opts.maxHeight);
  if (!(maxH >= 1)) throw new RangeError('maxHeight must be at least 1');
  const total = to - from;
  if (total <= 0) return [];
  if (total <= maxH) return [{ y: from, height: total }];
  const minH = Math.max(1, Math.min(Math.floor(opts.minHeight ?? maxH / 2), maxH));
  const best = new Float64Array(total + 1).fill(Infinity);
  const prev = new Int32Array(total + 1).fill(-1);
  best[0] = 0;
  const sliceCost = (h: number) => SLICE_COST + BALANCE_WEIGHT * ((maxH - h) / maxH) ** 2;
  for (let y = minH; y <= total; y++) {
    const lo = Math.max(0, y - maxH);
    const hi = y - minH;
    const here = y === total ? 0 : cost[from + y];
    let b = Infinity;
    let arg = -1;
    for (let p = lo; p <= hi; p++) {
      const v = best[p] + sliceCost(y - p);
      if (v < b) {
        b = v;
        arg = p;
      }
    }
    if (arg >= 0) {
      best[y] = b + here;
      prev[y] = arg;
    }
  }
  if (prev[total] < 0) {
    // minHeight made the split impossible (only when minHeight > maxHeight/2): plain cuts.
    const out: RowRange[] = [];
    for (let y = 0; y < total; y += maxH) out.push({ y: from + y, height: Math.min(maxH, total - y) });
    return out;
  }
  const out: RowRange[] = [];
  for (let y = total; y > 0; y = prev[y]) out.push({ y: from + prev[y], height: y - prev[y] });
  return out.reverse();
}

/** How many plan cuts split a panel (cost > 0), for summaries and tests. */
export function cutsThroughPanels(cost: Float32Array, slices: RowRange[]): number {
  return slices.slice(1).filter((s) => cost[s.y] > 0).length;
}
