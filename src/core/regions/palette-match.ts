/**
 * Character palette → regions of a new panel (pure).
 *
 * When a palette entry has coloured regions of a panel, the entry remembers, per region
 * (`RegionSample`): the region's mean L* (gray tone), its area relative to the character's
 * bounding box (the union of the boxes of all regions the palette coloured in that panel), its
 * centroid's position inside that box (0..1 each way) and the entries of its neighbouring regions.
 *
 * `matchPalette` gives a new panel's regions those entries:
 *  1. the character's box in the new panel: `opts.bbox`, else the union of the "figure" regions
 *     (not bubbles, at least MIN_AREA px, not a border-touching region larger than
 *     BACKGROUND_SHARE of the panel);
 *  2. cost of sample s on region r = wL·|ΔL*|/25 + wA·|ln(area ratio)|/ln 4 + wP·|Δposition|/0.5;
 *  3. optimal one-to-one assignment of samples to regions (Hungarian, with a "no match" option of
 *     cost `maxCost` per sample, so a pair dearer than that stays unmatched);
 *  4. neighbour consistency: local moves and swaps that lower unary cost + wN × (share of the
 *     sample's remembered neighbour entries not found around the region);
 *  5. the box is re-estimated from the matched regions and steps 2–4 run once more.
 * Regions left unmatched keep what they have; bubbles are never matched. Each assignment carries
 * a point inside its region (farthest from the region's edge) where the view puts a point hint.
 */
import { LINE, type RegionModel } from './types';

export interface RegionSample {
  /** Palette entry label. */
  label: string;
  meanL: number;
  /** Region area / character bbox area. */
  relArea: number;
  /** Region centroid inside the character bbox, 0..1 each way. */
  relPos: [number, number];
  /** Entry labels of neighbouring regions coloured by the same palette. */
  neighbors: string[];
  /** The bubble rule flagged its region (line art: a white part with marks inside, a face with eyes). */
  bubble?: true;
}

export interface PaletteAssignment {
  regionId: number;
  label: string;
  /** A point inside the region (panel pixels), for a point hint. */
  x: number;
  y: number;
  cost: number;
}

export interface MatchWeights {
  tone: number;
  size: number;
  position: number;
  neighbors: number;
}

export interface MatchOptions {
  /** The character's box in the new panel [x0, y0, x1, y1]; default: estimated (see above). */
  bbox?: [number, number, number, number];
  /** A pair dearer than this stays unmatched (default MAX_COST). */
  maxCost?: number;
  weights?: Partial<MatchWeights>;
}

export const MAX_COST = 2.5;
export const DEFAULT_WEIGHTS: MatchWeights = { tone: 1, size: 1, position: 1, neighbors: 1 };
const MIN_AREA = 8;
const BACKGROUND_SHARE = 0.2;

type Box = [number, number, number, number];

function unionBox(model: RegionModel, ids: Iterable<number>): Box | null {
  let box: Box | null = null;
  for (const id of ids) {
    const b = model.regions[id].bbox;
    box = box
      ? [Math.min(box[0], b[0]), Math.min(box[1], b[1]), Math.max(box[2], b[2]), Math.max(box[3], b[3])]
      : [b[0], b[1], b[2], b[3]];
  }
  return box;
}

function relOf(model: RegionModel, id: number, box: Box): { relArea: number; relPos: [number, number] } {
  const g = model.regions[id];
  const bw = Math.max(1, box[2] - box[0]);
  const bh = Math.max(1, box[3] - box[1]);
  return { relArea: g.area / (bw * bh), relPos: [(g.centroid[0] - box[0]) / bw, (g.centroid[1] - box[1]) / bh] };
}

/**
 * What the palette remembers from a panel: one sample per region coloured by an entry.
 * `labelOf` maps region id → entry label (regions coloured by palette hints).
 */
export function samplesFromPanel(model: RegionModel, labelOf: ReadonlyMap<number, string>): RegionSample[] {
  // A region the user coloured with an entry is a part, even one the bubble rule flagged: in line
  // art every closed white shape with marks inside (a face with its eyes) looks like a bubble.
  const ids = [...labelOf.keys()].filter((id) => id >= 0 && id < model.regions.length);
  const box = unionBox(model, ids);
  if (!box) return [];
  return ids.map((id) => {
    const g = model.regions[id];
    const nb = new Set<string>();
    for (const q of g.neighbors) {
      const l = labelOf.get(q);
      if (l !== undefined) nb.add(l);
    }
    const flagged = g.bubble ? { bubble: true as const } : {};
    return {
      label: labelOf.get(id) as string,
      meanL: g.meanL,
      ...relOf(model, id, box),
      neighbors: [...nb].sort(),
      ...flagged,
    };
  });
}

/**
 * The figure regions of a panel (candidates for a character's parts). `flagged`: the palette was
 * learnt on regions the bubble rule flags (line art), so such regions are candidates too; the
 * paper then also has to go: any region over BACKGROUND_SHARE of the panel (the white inside a
 * frame holds the figure, so the bubble rule flags it) and the margin outside the frame (a region
 * touching the image border).
 */
export function figureRegions(model: RegionModel, flagged = false): number[] {
  const n = model.width * model.height;
  const paper = (g: RegionModel['regions'][number]) =>
    flagged ? g.touchesBorder || g.area > BACKGROUND_SHARE * n : g.touchesBorder && g.area > BACKGROUND_SHARE * n;
  return model.regions.filter((g) => (flagged || !g.bubble) && g.area >= MIN_AREA && !paper(g)).map((g) => g.id);
}

/**
 * Hungarian algorithm (shortest augmenting paths, potentials) for a rows × cols cost matrix,
 * rows ≤ cols. Returns the column of each row.
 */
export function hungarian(cost: Float64Array, rows: number, cols: number): Int32Array {
  const INF = Number.POSITIVE_INFINITY;
  const u = new Float64Array(rows + 1);
  const v = new Float64Array(cols + 1);
  const p = new Int32Array(cols + 1); // p[j] = row matched to column j (1-based), 0 = none
  const way = new Int32Array(cols + 1);
  for (let i = 1; i <= rows; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Float64Array(cols + 1).fill(INF);
    const used = new Uint8Array(cols + 1);
    do {
      used[j0] = 1;
      const i0 = p[j0];
      let delta = INF;
      let j1 = 0;
      for (let j = 1; j <= cols; j++) {
        if (used[j]) continue;
        const cur = cost[(i0 - 1) * cols + (j - 1)] - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= cols; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0 !== 0);
  }
  const rowCol = new Int32Array(rows).fill(-1);
  for (let j = 1; j <= cols; j++) if (p[j] > 0) rowCol[p[j] - 1] = j - 1;
  return rowCol;
}

/** A point inside each region: the pixel farthest (chamfer 3-4) from the region's edge. */
export function interiorPoints(model: RegionModel, ids: readonly number[]): Map<number, [number, number]> {
  const { width: W, height: H, labels } = model;
  const want = new Set(ids);
  const d = new Float32Array(W * H);
  const BIG = 1e9;
  for (let i = 0; i < W * H; i++) d[i] = want.has(labels[i]) ? BIG : 0;
  const same = (i: number, j: number) => labels[i] === labels[j];
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      if (!d[i]) continue;
      let m = x === 0 || y === 0 || x === W - 1 || y === H - 1 ? 3 : BIG;
      if (x > 0) m = Math.min(m, same(i, i - 1) ? d[i - 1] + 3 : 3);
      if (y > 0) {
        m = Math.min(m, same(i, i - W) ? d[i - W] + 3 : 3);
        if (x > 0) m = Math.min(m, same(i, i - W - 1) ? d[i - W - 1] + 4 : 4);
        if (x < W - 1) m = Math.min(m, same(i, i - W + 1) ? d[i - W + 1] + 4 : 4);
      }
      d[i] = m;
    }
  for (let y = H - 1; y >= 0; y--)
    for (let x = W - 1; x >= 0; x--) {
      const i = y * W + x;
      if (!d[i]) continue;
      let m = d[i];
      if (x < W - 1) m = Math.min(m, same(i, i + 1) ? d[i + 1] + 3 : 3);
      if (y < H - 1) {
        m = Math.min(m, same(i, i + W) ? d[i + W] + 3 : 3);
        if (x < W - 1) m = Math.min(m, same(i, i + W + 1) ? d[i + W + 1] + 4 : 4);
        if (x > 0) m = Math.min(m, same(i, i + W - 1) ? d[i + W - 1] + 4 : 4);
      }
      d[i] = m;
    }
  const best = new Map<number, [number, number, number]>();
  for (let i = 0; i < W * H; i++) {
    const r = labels[i];
    if (r === LINE || !want.has(r)) continue;
    const b = best.get(r);
    if (!b || d[i] > b[2]) best.set(r, [i % W, Math.floor(i / W), d[i]]);
  }
  const out = new Map<number, [number, number]>();
  for (const [r, [x, y]] of best) out.set(r, [x + 0.5, y + 0.5]);
  return out;
}

function unaryCost(
  s: RegionSample,
  L: number,
  rel: { relArea: number; relPos: [number, number] },
  w: MatchWeights,
): number {
  const tone = Math.abs(s.meanL - L) / 25;
  const size = Math.abs(Math.log(Math.max(1e-6, s.relArea) / Math.max(1e-6, rel.relArea))) / Math.LN2 / 2;
  const pos = Math.hypot(s.relPos[0] - rel.relPos[0], s.relPos[1] - rel.relPos[1]) / 0.5;
  return w.tone * tone + w.size * size + w.position * pos;
}

/** Share of the sample's remembered neighbour entries that are not around region r. */
function neighborMiss(model: RegionModel, s: RegionSample, r: number, labelAt: Map<number, string>): number {
  if (!s.neighbors.length) return 0;
  const around = new Set<string>();
  for (const q of model.regions[r].neighbors) {
    const l = labelAt.get(q);
    if (l !== undefined) around.add(l);
  }
  let miss = 0;
  for (const l of s.neighbors) if (!around.has(l)) miss++;
  return miss / s.neighbors.length;
}

function matchOnce(
  model: RegionModel,
  samples: readonly RegionSample[],
  cand: number[],
  box: Box,
  maxCost: number,
  w: MatchWeights,
): Map<number, number> {
  const S = samples.length;
  const C = cand.length;
  const cols = C + S; // one private "no match" column per sample
  const cost = new Float64Array(S * cols).fill(1e6);
  const unary = new Float64Array(S * C);
  const rels = cand.map((id) => relOf(model, id, box));
  for (let s = 0; s < S; s++) {
    for (let c = 0; c < C; c++) {
      const u = unaryCost(samples[s], model.regions[cand[c]].meanL, rels[c], w);
      unary[s * C + c] = u;
      cost[s * cols + c] = u;
    }
    cost[s * cols + C + s] = maxCost;
  }
  const rowCol = hungarian(cost, S, cols);
  const regionOf = new Int32Array(S).fill(-1); // candidate index per sample
  for (let s = 0; s < S; s++) if (rowCol[s] < C && unary[s * C + rowCol[s]] <= maxCost) regionOf[s] = rowCol[s];

  // neighbour consistency: moves to a free candidate and swaps, while the total cost drops
  const labelMap = (): Map<number, string> => {
    const m = new Map<number, string>();
    for (let s = 0; s < S; s++) if (regionOf[s] >= 0) m.set(cand[regionOf[s]], samples[s].label);
    return m;
  };
  const total = (): number => {
    const m = labelMap();
    let t = 0;
    for (let s = 0; s < S; s++)
      t +=
        regionOf[s] < 0
          ? maxCost
          : unary[s * C + regionOf[s]] + w.neighbors * neighborMiss(model, samples[s], cand[regionOf[s]], m);
    return t;
  };
  if (w.neighbors > 0 && S > 1) {
    let cur = total();
    for (let pass = 0; pass < 3; pass++) {
      let improved = false;
      const taken = new Set<number>();
      for (let s = 0; s < S; s++) if (regionOf[s] >= 0) taken.add(regionOf[s]);
      for (let s = 0; s < S; s++) {
        // the few cheapest alternatives by unary cost
        const alts = [...Array(C).keys()]
          .filter((c) => c !== regionOf[s] && unary[s * C + c] <= maxCost)
          .sort((a, b) => unary[s * C + a] - unary[s * C + b])
          .slice(0, 6);
        for (const c of alts) {
          const other = taken.has(c) ? regionOf.indexOf(c) : -1;
          const before = regionOf[s];
          if (other >= 0 && before >= 0 && unary[other * C + before] > maxCost) continue;
          regionOf[s] = c;
          if (other >= 0) regionOf[other] = before;
          const next = total();
          if (next < cur - 1e-9) {
            cur = next;
            improved = true;
            if (before >= 0 && other < 0) taken.delete(before);
            taken.add(c);
            break;
          }
          regionOf[s] = before;
          if (other >= 0) regionOf[other] = c;
        }
      }
      if (!improved) break;
    }
  }
  const out = new Map<number, number>(); // region id → sample index
  for (let s = 0; s < S; s++) if (regionOf[s] >= 0) out.set(cand[regionOf[s]], s);
  return out;
}

export function matchPalette(
  model: RegionModel,
  samples: readonly RegionSample[],
  opts: MatchOptions = {},
): PaletteAssignment[] {
  if (!samples.length || !model.regions.length) return [];
  const w: MatchWeights = { ...DEFAULT_WEIGHTS, ...opts.weights };
  // One remembered region: the character's box WAS that region, so its size and position inside
  // the box (1, centre) say nothing about where it is in a new panel — match on tone alone.
  if (samples.length === 1 && !opts.weights) {
    w.size = 0;
    w.position = 0;
  }
  const maxCost = opts.maxCost ?? MAX_COST;
  const cand = figureRegions(
    model,
    samples.some((s) => s.bubble),
  );
  if (!cand.length) return [];
  let box: Box | null = opts.bbox ?? unionBox(model, cand);
  if (!box) return [];
  let match = matchOnce(model, samples, cand, box, maxCost, w);
  if (!opts.bbox && match.size) {
    const refined = unionBox(model, match.keys());
    if (refined) {
      box = refined;
      match = matchOnce(model, samples, cand, box, maxCost, w);
    }
  }
  const pts = interiorPoints(model, [...match.keys()]);
  const labelAt = new Map<number, string>();
  for (const [r, s] of match) labelAt.set(r, samples[s].label);
  const out: PaletteAssignment[] = [];
  for (const [r, s] of match) {
    const p = pts.get(r);
    if (!p) continue;
    const rel = relOf(model, r, box);
    const cost =
      unaryCost(samples[s], model.regions[r].meanL, rel, w) + w.neighbors * neighborMiss(model, samples[s], r, labelAt);
    out.push({ regionId: r, label: samples[s].label, x: p[0], y: p[1], cost });
  }
  return out.sort((a, b) => a.regionId - b.regionId);
}
