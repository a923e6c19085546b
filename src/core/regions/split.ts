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
 * pixel entered); within a cost level first come, first served, so on flat paper the floods meet
 * halfway. The queue is a bucket queue of linked lists in typed arrays; a pixel is queued again
 * only at a lower cost than before (at most a few times), so the flood is O(region pixels).
 */
function watershed(model: RegionModel, gray: Uint8Array, r: number, seeds: Map<number, number>): Int32Array {
  const { width: W, height: H, under, ink, labels } = model;
  const n = W * H;
  const owner = new Int32Array(n).fill(-1);
  const best = new Uint16Array(n).fill(LEVELS); // lowest cost a pixel was queued at
  const first = new Int32Array(LEVELS).fill(-1);
  const last = new Int32Array(LEVELS).fill(-1);
  // queue entries (pixel, colour, next in its level); a pixel is queued again only when cheaper,
  // so the arrays rarely grow past the region's area
  let cap = model.regions[r].area + 4 * seeds.size + 1024;
  let pix = new Int32Array(cap);
  let col = new Int32Array(cap);
  let next = new Int32Array(cap);
  let used = 0;
  let level = LEVELS;
  const lastRow = W * (H - 1);
  const order: number[] = [];
  for (const [s, c] of seeds) owner[s] = c;
  for (const s of seeds.keys()) order.push(s);
  // seeds first (in order), then the queue: the pixel the loop expands is `i`, its colour `c`
  let k = 0;
  for (;;) {
    let i: number;
    let c: number;
    if (k < order.length) {
      i = order[k++];
      c = owner[i];
    } else {
      while (level < LEVELS && first[level] < 0) level++;
      if (level >= LEVELS) break;
      const e = first[level];
      first[level] = next[e];
      if (first[level] < 0) last[level] = -1;
      i = pix[e];
      if (owner[i] >= 0) continue;
      c = col[e];
      owner[i] = c;
    }
    const x = i % W;
    const g = gray[i];
    for (let d = 0; d < 4; d++) {
      let j: number;
      if (d === 0) {
        if (x === 0) continue;
        j = i - 1;
      } else if (d === 1) {
        if (x === W - 1) continue;
        j = i + 1;
      } else if (d === 2) {
        if (i < W) continue;
        j = i - W;
      } else {
        if (i >= lastRow) continue;
        j = i + W;
      }
      if (under[j] !== r || owner[j] >= 0) continue;
      let step = gray[j] - g;
      if (step < 0) step = -step;
      if (labels[j] === LINE) {
        const t = 255 * ink[j];
        if (t > step) step = t;
      }
      step = step >= LEVELS - 1 ? LEVELS - 1 : (step + 0.5) | 0;
      if (step >= best[j]) continue;
      if (used === cap) {
        cap *= 2;
        [pix, col, next] = [pix, col, next].map((a) => {
          const b = new Int32Array(cap);
          b.set(a);
          return b;
        });
      }
      const e = used++;
      pix[e] = j;
      col[e] = c;
      next[e] = -1;
      if (last[step] >= 0) next[last[step]] = e;
      else first[step] = e;
      last[step] = e;
      best[j] = step;
      if (step < level) level = step;
    }
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
  gray: Uint8Array,
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
    // areas, boxes and centroids of the shares (only the region's box is scanned)
    const k = ids.length;
    const cnt = new Float64Array(k);
    const sx = new Float64Array(k);
    const sy = new Float64Array(k);
    const bb = new Int32Array(4 * k);
    for (let c = 0; c < k; c++) bb.set([W, model.height, 0, 0], 4 * c);
    const [bx0, by0, bx1, by1] = model.regions[r].bbox;
    for (let y = by0; y < by1; y++)
      for (let x = bx0, i = y * W + bx0; x < bx1; x++, i++) {
        let c = owner[i];
        if (c < 0) {
          if (under[i] !== r) continue;
          c = 0; // not reached by a flood (cut off from every hint): stays with the region
        } else if (ids[c] < 0) c = 0;
        const id = ids[c];
        under[i] = id;
        if (labels[i] !== LINE) labels[i] = id;
        cnt[c]++;
        sx[c] += x;
        sy[c] += y;
        const q = 4 * c;
        if (x < bb[q]) bb[q] = x;
        if (y < bb[q + 1]) bb[q + 1] = y;
        if (x >= bb[q + 2]) bb[q + 2] = x + 1;
        if (y >= bb[q + 3]) bb[q + 3] = y + 1;
      }
    const family = ids.filter((id) => id >= 0);
    ids.forEach((id, c) => {
      if (id < 0) return;
      const g = regions[id];
      g.area = cnt[c];
      if (cnt[c] > 0) {
        g.bbox = [bb[4 * c], bb[4 * c + 1], bb[4 * c + 2], bb[4 * c + 3]];
        g.centroid = [sx[c] / cnt[c], sy[c] / cnt[c]];
      }
      g.neighbors = [...new Set([...model.regions[r].neighbors, ...family.filter((o) => o !== id)])];
    });
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
  if (competitors(hints, first.regionsOf).size === 0) return { model, fill: first, split: [] };
  const n = model.width * model.height;
  const gray = new Uint8Array(n);
  for (let i = 0; i < n; i++) gray[i] = grayRgba[i * 4];
  const s = splitByHints(model, hints, gray, first.regionsOf);
  return s.split.length
    ? { model: s.model, fill: flatFill(s.model, hints), split: s.split }
    : { model, fill: first, split: [] };
}
