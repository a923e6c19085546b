/**
 * buildRegions: RGBA panel → RegionModel (pure, DOM-free; runs in the colorize worker and in node).
 *
 * 1. L* per pixel; lines = dark pixels ∪ thin strokes by coverage against their paper, with
 *    hysteresis (lines.ts `extractLines`); ink per pixel against the panel's paper gray.
 * 2. Squared distance to the nearest line pixel (edt.ts); gap-closing segmentation at `gap`
 *    (segment.ts); ball splits at necks (no stroke end on the cut) merged back (`mergeNecks`).
 *    Anti-aliased edge pixels too light to be lines join the region they border.
 * 3. Flood cap: a region larger than FLOOD_SHARE of the panel is segmented again with a much
 *    bigger ball (cap gap = 2·gap + 6 px). Pieces of it that are at least MIN_PIECE, do not touch
 *    the panel border and are not its largest piece are split off as regions of their own: a
 *    shape whose outline has a break wider than `gap` (but narrower than the cap gap) is not
 *    flooded by a fill of the background around it. `capped` says this happened,
 *    `cappedRegions` which regions were split off so (the UI warns and outlines them) and
 *    `cappedGaps` where their outlines were open (the UI circles each break).
 * 4. Line pixels get the region nearest to them in `under` (a flatter fills flats under lines).
 * 5. Regions: area, bbox, centroid, mean L*, border contact, neighbours (regions meeting under a
 *    line or at a closed gap), speech bubble (≥ half its pixels in src/core/color/bubbles.ts's
 *    mask: bubble interiors and the lettering holes inside them).
 * 6. Kind (kind.ts `detectKind`, before the lines are final): 'gray' when at least a tenth of the
 *    pixels away from the line-art lines are more than 6 grays (3 × 3 mean) from the paper level,
 *    else 'lineart'; `opts.kind` (the user's choice) overrides it. Gray panels take the stroke rule
 *    for their lines (lines.ts: only thin dark structures are lines; tone areas stay regions).
 * 7. Tiny regions (below `minRegion` px) are merged into the neighbour they share the longest
 *    border with (tiny.ts `mergeTiny`; off by default, MIN_REGION 0: it did not pay on val).
 *
 * Memory: about 26 bytes per pixel at the working scale. Scale rule: panels up to
 * MAX_WORK_PIXELS (16 MP, e.g. 1,000 × 16,000) are segmented at full resolution; above it the
 * panel is area-downscaled by s = √(MAX_WORK_PIXELS / pixels), segmented, and the labels are
 * upsampled (nearest); at full resolution the dark pixels are lines again and every other pixel
 * takes the region of its upsampled position (or of the nearest region when that is a line).
 */
import { detectBubbles } from '../color/bubbles';
import { rgbaToGray } from '../color/lab';
import { breaksOf, MAX_GAPS, type Box } from './breaks';
import { squaredDistance } from './edt';
import { detectKind, KIND_DEFAULT, type KindRule } from './kind';
import { dropSpecks, extractLines, grayOf, inkOf, LINE_DEFAULTS, paperGray, type LineOptions } from './lines';
import { centreThreshold, growInto, mergeNecks, segment } from './segment';
import { mergeTiny } from './tiny';
import { LINE, type PanelKind, type RegionInfo, type RegionModel } from './types';

export const GAP_DEFAULT = 3;
export const GAP_MAX = 8;
export const FLOOD_SHARE = 0.3;
export const MAX_WORK_PIXELS = 16_000_000;
/** Regions below this many px are merged into a neighbour (per kind; chosen on val at 128 px panels). */
export const MIN_REGION: Record<PanelKind, number> = { lineart: 0, gray: 0 };

export interface BuildOptions {
  /** Largest break in a line that is closed, px (0–8, default 3). */
  gap?: number;
  /** Pixels above which the panel is segmented at a reduced scale (default MAX_WORK_PIXELS). */
  maxWorkPixels?: number;
  /** Line extraction options (lines.ts; defaults LINE_DEFAULTS, chosen on the validation split). */
  lines?: LineOptions;
  /** Share of the panel above which a region is re-segmented by the flood cap (default FLOOD_SHARE; ≥ 1: off). */
  floodShare?: number;
  /** Merge ball splits at necks (cuts with no stroke end; segment.ts `mergeNecks`; default true). */
  necks?: boolean;
  /** The panel's kind as the user set it (default: detected): gray panels take the stroke rule for lines. */
  kind?: PanelKind;
  /** Kind detection rule (kind.ts; default KIND_DEFAULT). */
  kindRule?: KindRule;
  /** Gray panels take the stroke rule for lines (default true; false: the line-art rule everywhere, the previous version). */
  grayLines?: boolean;
  /** Regions below this many px are merged into their longest-border neighbour (default MIN_REGION by kind). */
  minRegion?: number;
}

export const capGapFor = (gap: number): number => 2 * gap + 6;

export function buildRegions(
  rgba: Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
  opts: BuildOptions = {},
): RegionModel {
  const gap = Math.max(0, Math.min(GAP_MAX, Math.round(opts.gap ?? GAP_DEFAULT)));
  const n = width * height;
  const L = rgbaToGray(rgba, width, height);
  const g = grayOf(L);
  const first = extractLines(L, width, height, opts.lines, g);
  const T = first.threshold / 100;
  const paper = paperGray(g);
  const ink = inkOf(L, paper, g);
  // kind: judged on the line-art lines less their specks (screentone dots are tone, not lines)
  const speck = opts.lines?.toneSpeck ?? LINE_DEFAULTS.toneSpeck;
  const detected = detectKind(
    g,
    dropSpecks(new Uint8Array(first.line), width, height, speck),
    width,
    height,
    paper,
    opts.kindRule ?? KIND_DEFAULT,
  ).kind;
  const lineKind = opts.kind ?? detected;
  const line =
    lineKind === 'gray' && opts.grayLines !== false
      ? extractLines(L, width, height, opts.lines, g, 'gray').line
      : first.line;
  const minRegion = opts.minRegion ?? MIN_REGION[lineKind];
  let labels: Int32Array;
  let capped = false;
  let seeds: number[] = [];
  let cappedGaps: Box[] = [];
  if (n > (opts.maxWorkPixels ?? MAX_WORK_PIXELS)) {
    labels = reducedLabels(rgba, width, height, gap, line, opts.maxWorkPixels ?? MAX_WORK_PIXELS, {
      ...opts,
      kind: lineKind,
    });
  } else {
    const r = labelAt(line, width, height, gap, opts.floodShare ?? FLOOD_SHARE, opts.necks ?? true);
    labels = r.labels;
    capped = r.capped;
    seeds = r.seeds;
    cappedGaps = r.gaps;
    mergeTiny(labels, width, height, minRegion);
  }
  const under = new Int32Array(labels);
  growInto(under, width, height, new Int32Array(n), LINE);
  const { regions, labels: compact, under: compactUnder } = describe(labels, under, L, width, height);
  markBubbles(regions, compact, L, width, height);
  const cappedRegions = [...new Set(seeds.map((i) => compact[i]).filter((r) => r !== LINE))].sort((a, b) => a - b);
  return {
    width,
    height,
    labels: compact,
    under: compactUnder,
    ink,
    regions,
    kind: detected,
    linesAs: lineKind,
    gap,
    capped,
    cappedRegions,
    cappedGaps,
    lineThreshold: T * 100,
  };
}

/** Segmentation at full resolution with the flood cap. */
function labelAt(
  line: Uint8Array,
  width: number,
  height: number,
  gap: number,
  floodShare: number,
  necks: boolean,
): { labels: Int32Array; capped: boolean; seeds: number[]; gaps: Box[] } {
  const n = width * height;
  const d2 = squaredDistance(line, width, height);
  const labels = new Int32Array(n);
  const queue = new Int32Array(n);
  let count = segment(line, d2, centreThreshold(gap), width, height, labels, queue);
  if (necks && gap > 0) mergeNecks(labels, line, width, height, count);
  const area = new Float64Array(count);
  for (let i = 0; i < n; i++) if (labels[i] >= 0) area[labels[i]]++;
  const flooded: number[] = [];
  for (let r = 0; r < count; r++) if (area[r] > floodShare * n) flooded.push(r);
  if (!flooded.length || gap >= capGapFor(gap)) return { labels, capped: false, seeds: [], gaps: [] };
  const coarse = new Int32Array(n);
  const cCount = segment(line, d2, centreThreshold(capGapFor(gap)), width, height, coarse, queue);
  const minPiece = Math.max(64, 0.002 * n);
  let capped = false;
  /** One pixel of each piece split off (its region id after compaction names it). */
  const seeds: number[] = [];
  const gaps: Box[] = [];
  for (const r of flooded) {
    // pieces of region r by coarse label: area and border contact
    const pArea = new Map<number, number>();
    const pBorder = new Set<number>();
    for (let i = 0; i < n; i++) {
      if (labels[i] !== r) continue;
      const c = coarse[i];
      pArea.set(c, (pArea.get(c) ?? 0) + 1);
      const x = i % width;
      if (x === 0 || x === width - 1 || i < width || i >= n - width) pBorder.add(c);
    }
    let largest = -1;
    for (const [c, a] of pArea) if (largest < 0 || a > (pArea.get(largest) ?? 0)) largest = c;
    const split = new Map<number, number>();
    for (const [c, a] of pArea) if (c !== largest && a >= minPiece && !pBorder.has(c)) split.set(c, count++);
    if (!split.size) continue;
    capped = true;
    const seen = new Set<number>();
    for (let i = 0; i < n; i++) {
      if (labels[i] !== r) continue;
      const id = split.get(coarse[i]);
      if (id === undefined) continue;
      labels[i] = id;
      if (!seen.has(id)) {
        seen.add(id);
        seeds.push(i);
      }
    }
    gaps.push(...breaksOf(labels, r, new Set(split.values()), width, height));
  }
  void cCount;
  return { labels, capped, seeds, gaps: gaps.slice(0, MAX_GAPS) };
}

/** Big panels: segment an area-downscaled copy, upsample labels (nearest), re-mark full-res lines. */
function reducedLabels(
  rgba: Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
  gap: number,
  line: Uint8Array,
  maxWork: number,
  opts: BuildOptions,
): Int32Array {
  const s = Math.sqrt(maxWork / (width * height));
  const w = Math.max(1, Math.floor(width * s));
  const h = Math.max(1, Math.floor(height * s));
  const small = new Uint8ClampedArray(w * h * 4);
  const fx = width / w;
  const fy = height / h;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const x0 = Math.floor(x * fx);
      const x1 = Math.max(x0 + 1, Math.floor((x + 1) * fx));
      const y0 = Math.floor(y * fy);
      const y1 = Math.max(y0 + 1, Math.floor((y + 1) * fy));
      let r = 0;
      let g = 0;
      let b = 0;
      let k = 0;
      for (let yy = y0; yy < y1; yy++)
        for (let xx = x0; xx < x1; xx++) {
          const j = (yy * width + xx) * 4;
          r += rgba[j];
          g += rgba[j + 1];
          b += rgba[j + 2];
          k++;
        }
      const o = (y * w + x) * 4;
      small[o] = r / k;
      small[o + 1] = g / k;
      small[o + 2] = b / k;
      small[o + 3] = 255;
    }
  const sm = buildRegions(small, w, h, { ...opts, maxWorkPixels: undefined, gap: Math.max(1, Math.round(gap * s)) });
  const n = width * height;
  const labels = new Int32Array(n);
  const FREE = -3;
  for (let y = 0; y < height; y++) {
    const sy = Math.min(h - 1, Math.floor(y / fy));
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (line[i]) labels[i] = LINE;
      else {
        const v = sm.labels[sy * w + Math.min(w - 1, Math.floor(x / fx))];
        labels[i] = v >= 0 ? v : FREE;
      }
    }
  }
  growInto(labels, width, height, new Int32Array(n), FREE);
  for (let i = 0; i < n; i++) if (labels[i] === FREE) labels[i] = LINE;
  return labels;
}

/** Compacts ids (drops empty ones) and computes region facts. */
function describe(labels: Int32Array, under: Int32Array, L: Float32Array, width: number, height: number) {
  const n = width * height;
  let max = -1;
  for (let i = 0; i < n; i++) if (labels[i] > max) max = labels[i];
  const area = new Float64Array(max + 1);
  for (let i = 0; i < n; i++) if (labels[i] >= 0) area[labels[i]]++;
  const remap = new Int32Array(max + 1).fill(LINE);
  let count = 0;
  for (let r = 0; r <= max; r++) if (area[r] > 0) remap[r] = count++;
  const x0 = new Int32Array(count).fill(width);
  const y0 = new Int32Array(count).fill(height);
  const x1 = new Int32Array(count);
  const y1 = new Int32Array(count);
  const sx = new Float64Array(count);
  const sy = new Float64Array(count);
  const sl = new Float64Array(count);
  const ar = new Float64Array(count);
  const border = new Uint8Array(count);
  for (let i = 0; i < n; i++) {
    const u = under[i];
    under[i] = u >= 0 ? remap[u] : LINE;
    const v = labels[i];
    if (v < 0) continue;
    const r = remap[v];
    labels[i] = r;
    const x = i % width;
    const y = (i - x) / width;
    ar[r]++;
    sx[r] += x;
    sy[r] += y;
    sl[r] += L[i];
    if (x < x0[r]) x0[r] = x;
    if (x >= x1[r]) x1[r] = x + 1;
    if (y < y0[r]) y0[r] = y;
    if (y >= y1[r]) y1[r] = y + 1;
    if (x === 0 || y === 0 || x === width - 1 || y === height - 1) border[r] = 1;
  }
  const nb = new Set<number>();
  for (let i = 0; i < n; i++) {
    const a = under[i];
    if (a < 0) continue;
    const x = i % width;
    if (x < width - 1) {
      const b = under[i + 1];
      if (b >= 0 && b !== a) nb.add(a < b ? a * count + b : b * count + a);
    }
    if (i + width < n) {
      const b = under[i + width];
      if (b >= 0 && b !== a) nb.add(a < b ? a * count + b : b * count + a);
    }
  }
  const regions: RegionInfo[] = [];
  for (let r = 0; r < count; r++)
    regions.push({
      id: r,
      area: ar[r],
      bbox: [x0[r], y0[r], x1[r], y1[r]],
      centroid: [sx[r] / ar[r], sy[r] / ar[r]],
      meanL: (sl[r] / ar[r]) * 100,
      touchesBorder: border[r] === 1,
      bubble: false,
      neighbors: [],
    });
  for (const k of nb) {
    const a = Math.floor(k / count);
    const b = k - a * count;
    regions[a].neighbors.push(b);
    regions[b].neighbors.push(a);
  }
  for (const r of regions) r.neighbors.sort((p, q) => p - q);
  return { regions, labels, under };
}

function markBubbles(regions: RegionInfo[], labels: Int32Array, L: Float32Array, width: number, height: number): void {
  if (!regions.length) return;
  const { mask, count } = detectBubbles(L, width, height);
  if (!count) return;
  const inMask = new Float64Array(regions.length);
  for (let i = 0; i < labels.length; i++) if (mask[i] && labels[i] >= 0) inMask[labels[i]]++;
  for (const r of regions) r.bubble = inMask[r.id] >= 0.5 * r.area;
}
