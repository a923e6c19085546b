/**
 * Cut editing for a tall strip before it is split (pure).
 *
 * State: the strip height, its sorted unique cut rows (each in 1..height-1) and an undo stack
 * of earlier cut lists. Every edit returns a new state; `undoCut` restores the previous one.
 * `segmentsFromCuts` turns cuts into panel row ranges, trimming background rows (the detected
 * gutters) off each segment's ends and dropping segments that are all background.
 */
import type { RowRange } from './gutters';

export interface CutState {
  height: number;
  cuts: number[];
  undo: number[][];
}

function normalize(cuts: number[], height: number): number[] {
  const inside = cuts.map((c) => Math.round(c)).filter((c) => c >= 1 && c <= height - 1);
  return [...new Set(inside)].sort((a, b) => a - b);
}

export function createCutState(height: number, cuts: number[]): CutState {
  return { height, cuts: normalize(cuts, height), undo: [] };
}

function commit(state: CutState, cuts: number[]): CutState {
  const next = normalize(cuts, state.height);
  if (next.length === state.cuts.length && next.every((c, i) => c === state.cuts[i])) return state;
  return { height: state.height, cuts: next, undo: [...state.undo, state.cuts] };
}

/** Moves cut `index` to row `y` (clamped inside the strip, never past its neighbours). */
export function moveCut(state: CutState, index: number, y: number): CutState {
  if (index < 0 || index >= state.cuts.length) return state;
  const lo = (index > 0 ? state.cuts[index - 1] : 0) + 1;
  const hi = (index + 1 < state.cuts.length ? state.cuts[index + 1] : state.height) - 1;
  if (lo > hi) return state;
  const cuts = state.cuts.slice();
  cuts[index] = Math.min(hi, Math.max(lo, Math.round(y)));
  return commit(state, cuts);
}

/** Adds a cut at row `y` (ignored outside 1..height-1 or on an existing cut). */
export function addCut(state: CutState, y: number): CutState {
  return commit(state, [...state.cuts, y]);
}

export function removeCut(state: CutState, index: number): CutState {
  if (index < 0 || index >= state.cuts.length) return state;
  return commit(
    state,
    state.cuts.filter((_, i) => i !== index),
  );
}

export function undoCut(state: CutState): CutState {
  if (!state.undo.length) return state;
  return { height: state.height, cuts: state.undo[state.undo.length - 1], undo: state.undo.slice(0, -1) };
}

export function canUndo(state: CutState): boolean {
  return state.undo.length > 0;
}

/**
 * Row ranges of the panels that `cuts` produce. With `gutters`, each segment is trimmed of the
 * background rows at its ends and all-background segments are dropped.
 */
export function segmentsFromCuts(height: number, cuts: number[], gutters: RowRange[] = []): RowRange[] {
  const bounds = [0, ...normalize(cuts, height), height];
  const out: RowRange[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    let top = bounds[i];
    let bottom = bounds[i + 1];
    for (const g of gutters) {
      if (g.top <= top && g.bottom > top) top = Math.min(bottom, g.bottom);
      if (g.top < bottom && g.bottom >= bottom) bottom = Math.max(top, g.top);
    }
    if (bottom > top) out.push({ top, bottom });
  }
  return out;
}
