/**
 * Tiny-region merging (pure): regions smaller than `minArea` px — closed slivers between crossing
 * strokes, anti-aliasing pockets, lettering holes — are merged into the neighbour they share the
 * longest border with. Borders are counted on the nearest-region map (`under`: line pixels take
 * the nearest region), so two regions separated by a stroke are neighbours along that stroke.
 * Regions are taken smallest first; a tiny region with no neighbour stays. A hint on a merged
 * sliver fills the region it became part of (what the user sees there: the sliver and its
 * neighbour flat alike).
 */
import { growInto } from './segment';
import { LINE } from './types';

/** Merges regions of `labels` (≥ 0; LINE on lines) below `minArea` px in place; returns how many. */
export function mergeTiny(labels: Int32Array, width: number, height: number, minArea: number): number {
  if (minArea <= 1) return 0;
  const n = width * height;
  let max = -1;
  for (let i = 0; i < n; i++) if (labels[i] > max) max = labels[i];
  const count = max + 1;
  if (count < 2) return 0;
  const area = new Float64Array(count);
  for (let i = 0; i < n; i++) if (labels[i] >= 0) area[labels[i]]++;
  let any = false;
  for (let r = 0; r < count; r++) if (area[r] > 0 && area[r] < minArea) any = true;
  if (!any) return 0;
  const under = new Int32Array(labels);
  growInto(under, width, height, new Int32Array(n), LINE);
  // border length between tiny regions and their neighbours (4-adjacent pairs on `under`)
  const borders = new Map<number, Map<number, number>>();
  const addPair = (a: number, b: number) => {
    if (area[a] >= minArea) return;
    let m = borders.get(a);
    if (!m) borders.set(a, (m = new Map()));
    m.set(b, (m.get(b) ?? 0) + 1);
  };
  for (let i = 0; i < n; i++) {
    const a = under[i];
    if (a < 0) continue;
    const x = i % width;
    if (x < width - 1) {
      const b = under[i + 1];
      if (b >= 0 && b !== a) {
        addPair(a, b);
        addPair(b, a);
      }
    }
    if (i + width < n) {
      const b = under[i + width];
      if (b >= 0 && b !== a) {
        addPair(a, b);
        addPair(b, a);
      }
    }
  }
  const parent = new Int32Array(count);
  for (let r = 0; r < count; r++) parent[r] = r;
  const find = (r: number): number => {
    while (parent[r] !== r) r = parent[r] = parent[parent[r]];
    return r;
  };
  const size = Float64Array.from(area);
  const order = [...borders.keys()].sort((a, b) => area[a] - area[b] || a - b);
  let merged = 0;
  for (const r of order) {
    const root = find(r);
    if (size[root] >= minArea) continue;
    const toRoot = new Map<number, number>();
    for (const [b, len] of borders.get(r) ?? []) {
      const rb = find(b);
      if (rb !== root) toRoot.set(rb, (toRoot.get(rb) ?? 0) + len);
    }
    let best = -1;
    let bestLen = 0;
    for (const [rb, len] of toRoot)
      if (len > bestLen || (len === bestLen && rb < best)) {
        best = rb;
        bestLen = len;
      }
    if (best < 0) continue;
    parent[root] = best;
    size[best] += size[root];
    merged++;
  }
  if (merged) for (let i = 0; i < n; i++) if (labels[i] >= 0) labels[i] = find(labels[i]);
  return merged;
}
