/**
 * Flats in the colorize worker: the region model of a panel is built once and cached in worker
 * memory (keyed by the panel's original blob id and the gap size; the last CACHE_PANELS panels are
 * kept, a gap change builds a new model); a hint change is a flat fill + composite — no network.
 * Hints of different colours in one region divide it first (src/core/regions/split.ts: a seeded
 * watershed of that region only); the bucket's hints replace.
 *
 * Automatic colours (option `auto`): regions without a hint take one colour each from the
 * colour net (today's shipped colorizer, run once per panel and cached: the mean a*b* of its
 * output pooled per region by src/core/regions/auto.ts `regionColorsFromNet`; speech bubbles stay
 * uncoloured). Anything that yields `(Lab | null)[]` per region can take its place.
 */
import { writePsd } from 'ag-psd';
import type { Hint } from '../../src/core/color/hints';
import {
  buildRegions,
  composite,
  exportLayers,
  panelGray,
  paperRegions,
  paperSpread,
  resolveHints,
  GAP_DEFAULT,
  GAP_MAX,
  type FlatFill,
  type PanelKind,
  type RegionModel,
} from '../../src/core/regions';
import { regionColorsFromNet } from '../../src/core/regions/auto';
import type { PanelPixels } from './pipeline';

const CACHE_PANELS = 2;

interface Entry {
  key: string;
  pixels: PanelPixels;
  base: { gray: Uint8ClampedArray; wasColor: boolean };
  /** Region models by `${gap}|${kind}` (kind: the user's choice, or 'auto' for detected). */
  models: Map<string, RegionModel>;
  /** The colour net's a*b* (planar, full resolution), for automatic colours. */
  ab?: Float32Array;
  /** How many tiles the net ran in to make `ab`. */
  abTiles?: number;
}

const cache: Entry[] = [];

export function cached(key: string): Entry | undefined {
  const i = cache.findIndex((e) => e.key === key);
  if (i < 0) return undefined;
  const [e] = cache.splice(i, 1);
  cache.unshift(e);
  return e;
}

export function remember(key: string, pixels: PanelPixels): Entry {
  const e: Entry = { key, pixels, base: panelGray(pixels.data, pixels.width, pixels.height), models: new Map() };
  cache.unshift(e);
  cache.length = Math.min(cache.length, CACHE_PANELS);
  return e;
}

export const clampGap = (gap: number | undefined): number =>
  Math.max(0, Math.min(GAP_MAX, Math.round(Number.isFinite(gap) ? (gap as number) : GAP_DEFAULT)));

/** The panel's region model at `gap` (built on first use, then cached). */
/**
 * The panel's region model at `gap`; `kind` (the user's choice of gray / line art) also picks the
 * line rule (src/core/regions build.ts), undefined = detected.
 */
export function modelFor(e: Entry, gap: number, kind?: PanelKind): { model: RegionModel; built: boolean; ms: number } {
  const key = `${gap}|${kind ?? 'auto'}`;
  const have = e.models.get(key);
  if (have) return { model: have, built: false, ms: 0 };
  const t0 = performance.now();
  const model = buildRegions(e.pixels.data, e.pixels.width, e.pixels.height, { gap, ...(kind ? { kind } : {}) });
  e.models.clear(); // one model at a time per panel (memory)
  e.models.set(key, model);
  return { model, built: true, ms: performance.now() - t0 };
}

export interface FlatsResult {
  rgba: Uint8ClampedArray;
  kind: PanelKind;
  detectedKind: PanelKind;
  regions: number;
  hintedRegions: number;
  /** Regions that competing hints divided (src/core/regions/split.ts). */
  divided: number;
  capped: boolean;
  /** Boxes [x0, y0, x1, y1) of the shapes the flood cap split off (their outline has a big break). */
  cappedBoxes: [number, number, number, number][];
  /** Boxes [x0, y0, x1, y1) across each break those shapes' outlines have (src/core/regions/build.ts). */
  cappedGaps: [number, number, number, number][];
  wasColor: boolean;
  outsideHints: number[];
  /** Point hints dropped on a line pixel (each filled the region nearest to it). */
  onLineHints: number[];
  /** Hints a later bucket replaced in every region they fill (src/core/regions/split.ts replacedHints). */
  replacedHints: number[];
  /** Hinted regions of blank paper on a panel coloured with its tones kept: they stay white (src/core/regions/paper.ts). */
  paperRegions: number;
  /** Gray panels with tones kept: the largest share of the panel one fill covers with blank paper it cannot show (0: none; src/core/regions/paper.ts paperSpread). */
  paperSpread: number;
  /** Coloured regions of a gray panel that are mostly screentone (dots on paper; src/core/regions/descreen.ts). */
  halftoneRegions: number;
  /** Whether their screentone was smoothed to the tone's lightness (the request's smoothTones, when there was any). */
  smoothTones: boolean;
  lineThreshold: number;
  built: boolean;
  ms: { regions: number; fill: number; composite: number };
}

export function applyFlats(
  e: Entry,
  hints: readonly Hint[],
  gap: number,
  kind: PanelKind | undefined,
  opts: { auto?: boolean; smoothTones?: boolean } = {},
): FlatsResult & { model: RegionModel; fill: FlatFill; smoothed?: Uint8ClampedArray } {
  const { auto = false, smoothTones = false } = opts;
  const { model: lineModel, built, ms } = modelFor(e, gap, kind);
  const t0 = performance.now();
  // hints of different colours in one region share it out (src/core/regions/split.ts)
  const { model, fill, split, replaced } = resolveHints(lineModel, hints, e.base.gray);
  const colors = fill.colors.slice();
  const useKind = kind ?? model.kind;
  if (auto && e.ab) {
    // one colour per region from the net (src/core/regions/auto.ts: interior median, line-art L*)
    const suggested = regionColorsFromNet(model, e.ab, { kind: useKind });
    for (let r = 0; r < colors.length; r++) if (!colors[r]) colors[r] = suggested[r];
  }
  const t1 = performance.now();
  const out = composite(model, e.pixels.data, colors, useKind, e.base, { descreen: smoothTones });
  const t2 = performance.now();
  return {
    rgba: out.rgba,
    kind: useKind,
    detectedKind: model.kind,
    // counted on the line model (what the panel's lines make): a divided region is one, filled
    regions: lineModel.regions.length,
    hintedRegions: lineModel.regions.filter((g) => fill.colors[g.id] || split.includes(g.id)).length,
    divided: split.length,
    capped: model.capped,
    cappedBoxes: (lineModel.cappedRegions ?? []).map((r) => lineModel.regions[r].bbox),
    cappedGaps: lineModel.cappedGaps ?? [],
    wasColor: out.wasColor,
    outsideHints: fill.outside,
    onLineHints: fill.onLine,
    replacedHints: replaced,
    ...paperNotes(useKind, model, e.base.gray, fill, hints),
    halftoneRegions: out.halftoneRegions,
    smoothTones: !!out.smoothed,
    lineThreshold: model.lineThreshold,
    built,
    ms: { regions: ms, fill: t1 - t0, composite: t2 - t1 },
    model,
    fill,
    ...(out.smoothed ? { smoothed: out.smoothed } : {}),
  };
}

/**
 * Gray panels with tones kept: hinted regions of blank paper (they stay white) and fills that ran
 * over the paper from a drawn part (`paperSpread`; such a region is not also counted as paper).
 */
function paperNotes(
  kind: PanelKind,
  model: RegionModel,
  gray: Uint8ClampedArray,
  fill: FlatFill,
  hints: readonly Hint[],
): { paperRegions: number; paperSpread: number } {
  if (kind !== 'gray') return { paperRegions: 0, paperSpread: 0 };
  const spread = paperSpread(model, gray, fill, hints);
  const paper = paperRegions(model, gray, fill.colors).filter((r) => !spread.regions.includes(r));
  return { paperRegions: paper.length, paperSpread: spread.share };
}

/** The flats PSD's three layer names, in the UI's language. */
export interface FlatsLayerNames {
  tones: string;
  flats: string;
  lines: string;
  /** The tones layer when screentone was smoothed (the original tones are then kept, hidden, below it). */
  smoothedTones?: string;
}

const ENGLISH_LAYERS: FlatsLayerNames = {
  tones: 'Original tones',
  flats: 'Flats',
  lines: 'Line art',
  smoothedTones: 'Tones, screentone smoothed',
};

/**
 * Layered PSD of the flats: "Original tones" (the panel's gray; hidden for line art), "Flats"
 * (exactly one colour per region, white where uncoloured; blend mode `color` over the tones of a
 * gray panel, normal for line art; when screentone was smoothed, "Tones, screentone smoothed" is
 * the visible tones layer and the original tones stay below it, hidden) and "Line art" (multiply; for a gray panel its line pixels
 * only, and hidden: the tones already hold the lines, and multiplying them again made the PSD
 * darker than the PNG — a trial measured 28 levels on average). The composite image is the result.
 */
export function flatsPsd(
  e: Entry,
  r: ReturnType<typeof applyFlats>,
  names: FlatsLayerNames = ENGLISH_LAYERS,
): ArrayBuffer {
  const { width, height } = e.pixels;
  const gray = r.kind === 'gray';
  const { flats, lines } = exportLayers(r.model, r.fill.rgb, gray);
  return writePsd(
    {
      width,
      height,
      imageData: { width, height, data: r.rgba },
      children: [
        {
          name: names.tones,
          hidden: !gray || !!r.smoothed,
          imageData: { width, height, data: new Uint8ClampedArray(e.base.gray) },
        },
        ...(r.smoothed
          ? [
              {
                name: names.smoothedTones ?? ENGLISH_LAYERS.smoothedTones ?? '',
                imageData: { width, height, data: r.smoothed },
              },
            ]
          : []),
        { name: names.flats, blendMode: gray ? 'color' : 'normal', imageData: { width, height, data: flats } },
        { name: names.lines, hidden: gray, blendMode: 'multiply', imageData: { width, height, data: lines } },
      ],
    },
    { generateThumbnail: false, noBackground: true },
  );
}
