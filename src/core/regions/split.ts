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
import { rgbToLab, type Rgb } from '../color/lab';
import { L_OF_GRAY } from './composite';
import { flatFill, walkStroke, type FlatFill } from './fill';
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
  walkStroke(h.points, (x, y) => {
    const xi = Math.floor(x);
    const yi = Math.floor(y);
    if (xi < 0 || yi < 0 || xi >= W || yi >= H) return;
    const i = yi * W + xi;
    if (labels[i] === r) out.push(i);
  });
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
 * Hints a later bucket replaced everywhere (pure): each listed hint fills at least one region and
 * every region it fills is filled again by a later bucket hint, so it colours nothing. The editor
 * drops them from the hint list (the bucket's undo brings them back).
 */
export function replacedHints(hints: readonly Hint[], regionsOf: number[][]): number[] {
  const lastBucket = new Map<number, number>();
  hints.forEach((h, idx) => {
    if (h.kind === 'point' && h.fill) for (const r of regionsOf[idx] ?? []) lastBucket.set(r, idx);
  });
  const out: number[] = [];
  hints.forEach((_, idx) => {
    const rs = regionsOf[idx] ?? [];
    if (rs.length && rs.every((r) => (lastBucket.get(r) ?? -1) > idx)) out.push(idx);
  });
  return out;
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
  /** Per region of a divided one (its id in `model`): the hint that colours it (the latest of its colour there). */
  shareHint: Map<number, number>;
}

/**
 * Divides every region in which hints of different colours compete (see the header). `gray` is the
 * panel's gray per pixel (0..255); `regionsOf` is `flatFill(model, hints).regionsOf` (the regions
 * each hint reaches in the undivided model). Each share gets its own area, box, centroid, mean L*
 * and border flag; neighbours are the parent's (their shares, when they were divided too) and its
 * sibling shares.
 */
export function splitByHints(
  model: RegionModel,
  hints: readonly Hint[],
  gray: Uint8Array,
  regionsOf: number[][],
): SplitResult {
  return divide(model, hints, gray, competitors(hints, regionsOf));
}

/** `splitByHints` with the competing hints per region already known. */
function divide(model: RegionModel, hints: readonly Hint[], gray: Uint8Array, per: Map<number, number[]>): SplitResult {
  const shareHint = new Map<number, number>();
  if (per.size === 0) return { model, split: [], shareHint };
  const { width: W, height: H } = model;
  const n = W * H;
  const labels = model.labels.slice();
  const under = model.under.slice();
  const regions: RegionInfo[] = model.regions.map((g) => ({ ...g, neighbors: g.neighbors.slice() }));
  const split: number[] = [];
  const familyOf = new Map<number, number[]>();
  for (const [r, list] of per) {
    // colour index per distinct colour, in order of first appearance; the later hint wins a seed pixel
    const colourIds = new Map<string, number>();
    const latest: number[] = [];
    const seeds = new Map<number, number>();
    for (const idx of list) {
      const key = hints[idx].rgb.join(',');
      if (!colourIds.has(key)) colourIds.set(key, colourIds.size);
      const c = colourIds.get(key) as number;
      latest[c] = idx;
      for (const s of seedsOf(model, hints[idx], r)) seeds.set(s, c);
    }
    const present = [...new Set(seeds.values())].sort((x, y) => x - y);
    if (present.length < 2) continue;
    const owner = watershed(model, gray, r, seeds);
    // ids only for the colours that kept a seed: the first keeps the region's id
    const ids = new Int32Array(colourIds.size).fill(-1);
    present.forEach((c, k) => {
      ids[c] = k === 0 ? r : regions.length + k - 1;
    });
    for (let k = 1; k < present.length; k++) regions.push({ ...model.regions[r], id: regions.length, neighbors: [] });
    // every pixel of the region (its lines included, wherever they are): new id, stats per share
    const m = present.length;
    const slot = new Int32Array(colourIds.size).fill(0);
    present.forEach((c, k) => (slot[c] = k));
    const cnt = new Float64Array(m);
    const sx = new Float64Array(m);
    const sy = new Float64Array(m);
    const sl = new Float64Array(m);
    const border = new Uint8Array(m);
    const bb = new Int32Array(4 * m);
    for (let k = 0; k < m; k++) bb.set([W, H, 0, 0], 4 * k);
    for (let i = 0; i < n; i++) {
      if (model.under[i] !== r) continue;
      const c = owner[i];
      const k = c >= 0 ? slot[c] : 0; // not reached by a flood (cut off from every hint): the first share
      const id = ids[present[k]];
      under[i] = id;
      if (labels[i] !== LINE) labels[i] = id;
      else continue; // stats over the region's own pixels, as buildRegions
      const x = i % W;
      const y = (i - x) / W;
      cnt[k]++;
      sx[k] += x;
      sy[k] += y;
      sl[k] += L_OF_GRAY[gray[i]];
      if (x === 0 || y === 0 || x === W - 1 || y === H - 1) border[k] = 1;
      const q = 4 * k;
      if (x < bb[q]) bb[q] = x;
      if (y < bb[q + 1]) bb[q + 1] = y;
      if (x >= bb[q + 2]) bb[q + 2] = x + 1;
      if (y >= bb[q + 3]) bb[q + 3] = y + 1;
    }
    present.forEach((c, k) => {
      const g = regions[ids[c]];
      g.area = cnt[k];
      if (cnt[k] > 0) {
        g.bbox = [bb[4 * k], bb[4 * k + 1], bb[4 * k + 2], bb[4 * k + 3]];
        g.centroid = [sx[k] / cnt[k], sy[k] / cnt[k]];
        g.meanL = sl[k] / cnt[k];
        g.touchesBorder = border[k] === 1;
      }
      shareHint.set(ids[c], latest[c]);
    });
    familyOf.set(
      r,
      present.map((c) => ids[c]),
    );
    split.push(r);
  }
  if (!split.length) return { model, split, shareHint };
  // neighbours: a share borders its siblings and the parent's neighbours (all their shares)
  const fam = (id: number) => familyOf.get(id) ?? [id];
  const touched = new Set<number>();
  for (const [r, family] of familyOf) {
    const around = model.regions[r].neighbors.flatMap(fam);
    for (const id of family) regions[id].neighbors = [...new Set([...around, ...family.filter((o) => o !== id)])];
    for (const nb of model.regions[r].neighbors) if (!familyOf.has(nb)) touched.add(nb);
  }
  for (const nb of touched) regions[nb].neighbors = [...new Set(model.regions[nb].neighbors.flatMap(fam))];
  return { model: { ...model, labels, under, regions }, split, shareHint };
}

/**
 * Hints → flats with competing hints resolved: the region model with every competing region
 * divided (`splitByHints`) and its flat fill, in which each share takes the colour of the latest
 * hint of its colour in that region (even where a later hint covers that hint's centre).
 * `grayRgba` is the panel's gray as RGBA (its first channel is read; `panelGray(...).gray` for a
 * colour panel).
 */
export function resolveHints(
  model: RegionModel,
  hints: readonly Hint[],
  grayRgba: Uint8ClampedArray | Uint8Array,
): { model: RegionModel; fill: FlatFill; split: number[]; replaced: number[] } {
  const first = flatFill(model, hints);
  const replaced = replacedHints(hints, first.regionsOf);
  const per = competitors(hints, first.regionsOf);
  if (per.size === 0) return { model, fill: first, split: [], replaced };
  const n = model.width * model.height;
  const gray = new Uint8Array(n);
  for (let i = 0; i < n; i++) gray[i] = grayRgba[i * 4];
  const s = divide(model, hints, gray, per);
  if (!s.split.length) return { model, fill: first, split: [], replaced };
  const fill = flatFill(s.model, hints);
  for (const [id, idx] of s.shareHint) {
    const h = hints[idx];
    const rgb: Rgb = [h.rgb[0], h.rgb[1], h.rgb[2]];
    fill.colors[id] = rgbToLab(rgb[0], rgb[1], rgb[2]);
    fill.rgb[id] = rgb;
    fill.hintOf[id] = idx;
  }
  return { model: s.model, fill, split: s.split, replaced };
}
