/**
 * Competing hints (pure): hints of different colours in one region divide it, as the colorize
 * hints of Krita's Colorize Mask and Clip Studio do; the bucket replaces.
 *
 * The region model's regions are bounded by lines. When a line is missing — a faint outline on a
 * gray tone, a gap wider than the gap closing, a tone step with no line at all — two areas a person
 * sees as separate are one region, and one flat per region would give both the latest hint's
 * colour. So, per region, the hints that compete in it are:
 *  - point and stroke hints, in the order they were made;
 *  - a bucket hint (`fill: true`) replaces every earlier hint in the region: it and the later
 *    point / stroke hints compete.
 * When they carry two or more colours, the region's pixels (`under`, so the flats under its lines
 * too) are shared out by a seeded watershed on the panel's gray: each hint's own pixels are seeds
 * (a point's disc, a stroke's path, in the region; the later hint wins where they overlap), and
 * the floods meet on the strongest edge between them — a tone step, an unclosed stroke (line
 * pixels cost their ink), the faint outline the line rule missed; on flat paper they meet halfway.
 * Each colour's share becomes a region of its own (the first colour keeps the region's id, the
 * others are appended), so `flatFill`, the composite and the flats layer stay one colour per region.
 */
import type { Hint } from '../color/hints';
import { flatFill, type FlatFill } from './fill';
import { LINE, type RegionInfo, type RegionModel } from './types';

const LEVELS = 256;

/** Pixels of region `r` (by `under`) a hint seeds: a point's disc (at least its centre), a stroke's path. */
function seedsOf(model: RegionModel, h: Hint, r: number): number[] {
  const { width: W, height: H, under, labels } = model;
  const out: number[] = [];
  if (h.kind === 'point') {
    const rad = Math.max(0.5, h.radius);
    const x0 = Math.max(0, Math.floor(h.x - rad));
    const x1 = Math.min(W - 1, Math.ceil(h.x + rad));
    const y0 = Math.max(0, Math.floor(h.y - rad));
    const y1 = Math.min(H - 1, Math.ceil(h.y + rad));
    for (let y = y0; y <= y1; y++)
      for (let x = x0; x <= x1; x++) {
        const i = y * W + x;
        if (under[i] === r && labels[i] !== LINE && (x + 0.5 - h.x) ** 2 + (y + 0.5 - h.y) ** 2 <= rad * rad)
          out.push(i);
      }
    const cx = Math.floor(h.x);
    const cy = Math.floor(h.y);
    if (cx >= 0 && cy >= 0 && cx < W && cy < H && under[cy * W + cx] === r) out.push(cy * W + cx);
    return out;
  }
  const pts = h.points;
  const visit = (x: number, y: number) => {
    const xi = Math.floor(x);
    const yi = Math.floor(y);
    if (xi < 0 || yi < 0 || xi >= W || yi >= H) return;
    const i = yi * W + xi;
    if (labels[i] === r) out.push(i);
  };
  if (pts.length === 1) visit(pts[0][0], pts[0][1]);
  for (let k = 1; k < pts.length; k++) {
    const [xa, ya] = pts[k - 1];
    const [xb, yb] = pts[k];
    const steps = Math.max(1, Math.ceil(Math.hypot(xb - xa, yb - ya) * 2));
    for (let s = 0; s <= steps; s++) visit(xa + ((xb - xa) * s) / steps, ya + ((yb - ya) * s) / steps);
  }
  return out;
}

/** The hint indices that compete in each region (regions without competition are absent). */
export function competitors(hints: readonly Hint[], regionsOf: number[][]): Map<number, number[]> {
  const per = new Map<number, number[]>();
  hints.forEach((h, idx) => {
    for (const r of regionsOf[idx] ?? []) {
      const list = h.kind === 'point' && h.fill ? [] : (per.get(r) ?? []);
      list.push(idx);
      per.set(r, list);
    }
  });
  for (const [r, list] of per) {
    const colours = new Set(list.map((i) => hints[i].rgb.join(',')));
    if (colours.size < 2) per.delete(r);
  }
  return per;
}

/**
 * Seeded watershed of one region's pixels (`under === r`): the colour index (0..k−1) of each
 * pixel (−1 elsewhere), by Meyer's flooding on the step cost max(|Δgray|, 255 · ink of the line
 * pixel entered); within a cost level first come, first served, so on flat paper the floods meet halfway.
 */
function watershed(
  model: RegionModel,
  gray: Uint8Array | Uint8ClampedArray | Float32Array,
  r: number,
  seeds: Map<number, number>,
): Int32Array {
  const { width: W, height: H, under, ink, labels } = model;
  const n = W * H;
  const owner = new Int32Array(n).fill(-1);
  // per cost level a FIFO of (pixel, colour) pairs: a pixel takes the colour of its cheapest push
  const queues: number[][] = Array.from({ length: LEVELS }, () => []);
  const heads = new Int32Array(LEVELS);
  let pending = 0;
  let level = LEVELS;
  const spread = (i: number, c: number) => {
    const x = i % W;
    const visit = (j: number) => {
      if (under[j] !== r || owner[j] >= 0) return;
      const step = Math.min(
        LEVELS - 1,
        Math.round(Math.max(Math.abs(gray[j] - gray[i]), labels[j] === LINE ? 255 * ink[j] : 0)),
      );
      queues[step].push(j, c);
      pending++;
      if (step < level) level = step;
    };
    if (x > 0) visit(i - 1);
    if (x < W - 1) visit(i + 1);
    if (i >= W) visit(i - W);
    if (i < W * (H - 1)) visit(i + W);
  };
  for (const [s, c] of seeds) owner[s] = c;
  for (const [s, c] of seeds) spread(s, c);
  while (pending > 0) {
    while (heads[level] >= queues[level].length) level++;
    const q = queues[level];
    const i = q[heads[level]];
    const c = q[heads[level] + 1];
    heads[level] += 2;
    pending--;
    if (owner[i] >= 0) continue;
    owner[i] = c;
    spread(i, c);
  }
  return owner;
}

export interface SplitResult {
  /** The model with competing regions divided (the same object when nothing competes). */
  model: RegionModel;
  /** Regions that were divided (ids in the original model). */
  split: number[];
}

/**
 * Divides every region in which hints of different colours compete (see the header). `gray` is the
 * panel's gray per pixel (0..255); `regionsOf` is `flatFill(model, hints).regionsOf` (the regions
 * each hint reaches in the undivided model).
 */
export function splitByHints(
  model: RegionModel,
  hints: readonly Hint[],
  gray: Uint8Array | Uint8ClampedArray | Float32Array,
  regionsOf: number[][],
): SplitResult {
  const per = competitors(hints, regionsOf);
  if (per.size === 0) return { model, split: [] };
  const labels = model.labels.slice();
  const under = model.under.slice();
  const regions: RegionInfo[] = model.regions.map((g) => ({ ...g, neighbors: g.neighbors.slice() }));
  const { width: W } = model;
  const split: number[] = [];
  for (const [r, list] of per) {
    // colour index per distinct colour, in order of first appearance; the later hint wins a seed pixel
    const colourIds = new Map<string, number>();
    const seeds = new Map<number, number>();
    for (const idx of list) {
      const key = hints[idx].rgb.join(',');
      if (!colourIds.has(key)) colourIds.set(key, colourIds.size);
      const c = colourIds.get(key) as number;
      for (const s of seedsOf(model, hints[idx], r)) seeds.set(s, c);
    }
    const present = new Set(seeds.values());
    if (present.size < 2) continue;
    const owner = watershed(model, gray, r, seeds);
    const ids = [r];
    for (let c = 1; c < colourIds.size; c++) ids.push(present.has(c) ? regions.length + ids.length - 1 : -1);
    const fresh: RegionInfo[] = [];
    for (let c = 1; c < colourIds.size; c++)
      if (ids[c] >= 0) fresh.push({ ...model.regions[r], id: ids[c], neighbors: [] });
    regions.push(...fresh);
    const stats = new Map<number, { n: number; sx: number; sy: number; bb: [number, number, number, number] }>();
    for (let i = 0; i < owner.length; i++) {
      const c = owner[i];
      if (c < 0) continue;
      const id = ids[c] >= 0 ? ids[c] : r;
      under[i] = id;
      if (labels[i] !== LINE) labels[i] = id;
      const x = i % W;
      const y = (i - x) / W;
      const s = stats.get(id) ?? { n: 0, sx: 0, sy: 0, bb: [x, y, x + 1, y + 1] as [number, number, number, number] };
      s.n++;
      s.sx += x;
      s.sy += y;
      s.bb = [Math.min(s.bb[0], x), Math.min(s.bb[1], y), Math.max(s.bb[2], x + 1), Math.max(s.bb[3], y + 1)];
      stats.set(id, s);
    }
    const family = ids.filter((id) => id >= 0);
    for (const id of family) {
      const s = stats.get(id);
      const g = regions[id];
      if (s) {
        g.area = s.n;
        g.bbox = s.bb;
        g.centroid = [s.sx / s.n, s.sy / s.n];
      } else g.area = 0;
      g.neighbors = [...new Set([...model.regions[r].neighbors, ...family.filter((o) => o !== id)])];
    }
    for (const nb of model.regions[r].neighbors)
      regions[nb].neighbors = [...new Set([...regions[nb].neighbors, ...family])];
    split.push(r);
  }
  if (!split.length) return { model, split };
  return { model: { ...model, labels, under, regions }, split };
}

/**
 * Hints → flats with competing hints resolved: the region model with every competing region
 * divided (`splitByHints`) and its flat fill. `grayRgba` is the panel's gray as RGBA (its first
 * channel is read; `panelGray(...).gray` for a colour panel).
 */
export function resolveHints(
  model: RegionModel,
  hints: readonly Hint[],
  grayRgba: Uint8ClampedArray | Uint8Array,
): { model: RegionModel; fill: FlatFill; split: number[] } {
  const first = flatFill(model, hints);
  const n = model.width * model.height;
  const gray = new Uint8Array(n);
  for (let i = 0; i < n; i++) gray[i] = grayRgba[i * 4];
  const s = splitByHints(model, hints, gray, first.regionsOf);
  return s.split.length
    ? { model: s.model, fill: flatFill(s.model, hints), split: s.split }
    : { model, fill: first, split: [] };
}
