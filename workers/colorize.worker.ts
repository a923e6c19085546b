/**
 * Colorize worker: the colorizer model (workers/colorize/session.ts via workers/runtime) and the
 * panel pipeline (workers/colorize/pipeline.ts). Plain data in and out; expected failures come
 * back as `{ ok: false, code, detail }` (ColorizeFailure), never as thrown strings.
 */
import { expose, transfer } from 'comlink';
import './runtime/errors'; // the one error protocol: codes + params cross comlink
import { rasterizeHints, type Hint } from '../src/core/color/hints';
import { meanLabUnder } from '../src/core/color/drift';
import { rgbToLab, type Lab } from '../src/core/color/lab';
import { probeWebGPU, resolveBackend, type Backend, type LoadProgress } from './runtime/index';
import { isFailure, tooLargeFailure, type ColorizeFailure } from './colorize/limits';
import { colorizePixels, type PanelPixels, type PipelineOptions, type PipelineResult } from './colorize/pipeline';
import { loadModel, runModel, SHIPPED_MODEL, type LoadedModel } from './colorize/session';
import { decodeToPixels, encodePng } from './colorize/codec';
import {
  applyFlats,
  cached,
  clampGap,
  flatsPsd,
  remember,
  type FlatsLayerNames,
  type FlatsResult,
} from './colorize/flats';
import type { PanelKind } from '../src/core/regions';
import type { PaletteAssignment, RegionSample } from '../src/core/regions/palette-match';
import { paletteAssign, paletteSamples } from './colorize/palette';

/** A flats job: the panel (cache key = its original blob id), its hints and settings. */
export interface FlatsRequest {
  key: string;
  image: Blob;
  hints: Hint[];
  /** Gap-closing size, px (0–8; default 3). */
  gap?: number;
  /** Panel kind override (default: detected). */
  kind?: PanelKind;
  /** Automatic colours from the colour net for regions without hints (default off: uncoloured). */
  auto?: boolean;
  /** Gray panels: screentone in coloured regions takes the tone's lightness (default off: dots kept). */
  smoothTones?: boolean;
  backend?: Backend;
  model?: { key: string; bytes: ArrayBuffer };
  /** A preview (the view shows the original and keeps only the facts): no PNG is encoded. */
  preview?: boolean;
  /** The PSD's layer names in the UI's language (default English). */
  layerNames?: FlatsLayerNames;
}

/** A flats run as it crosses the worker boundary: the result's facts, its pixels as PNG, timings. */
export interface FlatsResponse extends Omit<FlatsResult, 'rgba' | 'ms'> {
  ok: true;
  /** The result as PNG; empty for a preview. */
  png: ArrayBuffer;
  width: number;
  height: number;
  backend?: Backend;
  /** Tiles the colour net ran in for automatic colours (0 without them). */
  tiles: number;
  ms: { decode: number; regions: number; fill: number; composite: number; encode: number; total: number };
}

async function flatsEntry(req: FlatsRequest, onProgress?: (p: ColorizeProgress) => void) {
  let e = cached(req.key);
  let decode = 0;
  if (!e) {
    const t0 = performance.now();
    const px = await decodeToPixels(req.image);
    if (isFailure(px)) return px;
    const tooLarge = tooLargeFailure(px.width, px.height);
    if (tooLarge) return tooLarge;
    e = remember(req.key, px);
    decode = performance.now() - t0;
  }
  let backend: Backend | undefined;
  if (req.auto && !e.ab) {
    const model = await ensureModel(req, onProgress);
    if (isFailure(model)) return model;
    backend = model.backend;
    const r = await colorizePixels({ ...e.pixels, data: e.base.gray }, [], runModel, {
      keepBubblesWhite: false,
      onProgress: (f) => onProgress?.({ stage: 'run', fraction: f }),
    });
    // the net's a*b* back from its RGBA (the pipeline keeps L, so a*b* is all it added)
    const n = r.width * r.height;
    const ab = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      const [, a, b] = rgbToLab(r.rgba[i * 4], r.rgba[i * 4 + 1], r.rgba[i * 4 + 2]);
      ab[i] = a;
      ab[n + i] = b;
    }
    e.ab = ab;
    e.abTiles = r.tiles;
  }
  return { e, decode, backend };
}

export interface ColorizeRequest {
  /** Encoded panel image (PNG/JPEG/WebP bytes). */
  image: Blob;
  hints: Hint[];
  backend?: Backend;
  /** Model bytes (an imported model); default: the shipped model. */
  model?: { key: string; bytes: ArrayBuffer };
  pipeline?: Omit<PipelineOptions, 'signal' | 'onProgress'>;
}

/** The pipeline's result with its pixels encoded as PNG, plus model and timing facts. */
export interface ColorizeResponse extends Omit<PipelineResult, 'rgba'> {
  ok: true;
  png: ArrayBuffer;
  model: LoadedModel;
  ms: { decode: number; model: number; total: number };
}

export type ColorizeProgress = { stage: 'load'; load: LoadProgress } | { stage: 'run'; fraction: number };

/**
 * Backend when the caller does not choose: the runtime's one rule (workers/runtime/choose-backend.ts)
 * — WebGPU on a hardware adapter or when the user forces it; WASM when WebGPU is missing or only a
 * software adapter such as SwiftShader (measured slower than WASM there, test/bench/colorize.bench.mjs).
 */
async function pickBackend(asked: Backend | undefined): Promise<Backend> {
  return (await resolveBackend(asked)).backend;
}

async function ensureModel(
  req: Pick<ColorizeRequest, 'backend' | 'model'>,
  onProgress?: (p: ColorizeProgress) => void,
) {
  const backend = await pickBackend(req.backend);
  const source = req.model ? req.model.bytes : SHIPPED_MODEL();
  const key = req.model ? req.model.key : 'shipped';
  return loadModel(source, key, backend, (p) => onProgress?.({ stage: 'load', load: p }));
}

async function colorizeImage(
  pixels: PanelPixels,
  req: ColorizeRequest,
  onProgress?: (p: ColorizeProgress) => void,
): Promise<(Omit<ColorizeResponse, 'png' | 'ms'> & { rgba: Uint8ClampedArray; modelMs: number }) | ColorizeFailure> {
  const tooLarge = tooLargeFailure(pixels.width, pixels.height);
  if (tooLarge) return tooLarge;
  const model = await ensureModel(req, onProgress);
  if (isFailure(model)) return model;
  const t0 = performance.now();
  const r = await colorizePixels(pixels, req.hints, runModel, {
    ...req.pipeline,
    onProgress: (f) => onProgress?.({ stage: 'run', fraction: f }),
  });
  return { ok: true, ...r, model, modelMs: performance.now() - t0 };
}

const api = {
  /** Loads (or reuses) the model; reports which backend it runs on. */
  async load(
    req: Pick<ColorizeRequest, 'backend' | 'model'>,
    onProgress?: (p: ColorizeProgress) => void,
  ): Promise<LoadedModel | ColorizeFailure> {
    return ensureModel(req, onProgress);
  },

  /** Colorizes an encoded panel; returns PNG bytes of the result (same size, same lightness). */
  async colorize(
    req: ColorizeRequest,
    onProgress?: (p: ColorizeProgress) => void,
  ): Promise<ColorizeResponse | ColorizeFailure> {
    const t0 = performance.now();
    const pixels = await decodeToPixels(req.image);
    if (isFailure(pixels)) return pixels;
    const tDecode = performance.now() - t0;
    const r = await colorizeImage(pixels, req, onProgress);
    if (isFailure(r)) return r;
    const { rgba, modelMs, ...rest } = r;
    const png = await encodePng({ width: r.width, height: r.height, data: rgba });
    const res: ColorizeResponse = {
      ...rest,
      png,
      ms: { decode: tDecode, model: modelMs, total: performance.now() - t0 },
    };
    return transfer(res, [png]);
  },

  /** Colorizes raw pixels (benchmarks, tests): returns RGBA. */
  async colorizePixels(
    pixels: PanelPixels,
    req: Omit<ColorizeRequest, 'image'>,
  ): Promise<
    { ok: true; rgba: Uint8ClampedArray; modelMs: number; tiles: number; backend: Backend } | ColorizeFailure
  > {
    const r = await colorizeImage(pixels, { ...req, image: new Blob() });
    if (isFailure(r)) return r;
    return transfer({ ok: true as const, rgba: r.rgba, modelMs: r.modelMs, tiles: r.tiles, backend: r.model.backend }, [
      r.rgba.buffer,
    ]);
  },

  /**
   * Runs the model on raw tensors (parity tests): gray 1×1×H×W (L/100), hints 1×3×H×W → ab
   * 1×2×H×W, on the backend asked for; H and W multiples of 16.
   */
  async runRaw(
    req: Pick<ColorizeRequest, 'backend' | 'model'> & {
      gray: Float32Array;
      hints: Float32Array;
      width: number;
      height: number;
    },
  ): Promise<
    | { ok: true; ab: Float32Array; model: LoadedModel; adapter: Awaited<ReturnType<typeof probeWebGPU>> }
    | ColorizeFailure
  > {
    const model = await ensureModel(req);
    if (isFailure(model)) return model;
    const ab = await runModel(req.gray, req.hints, req.width, req.height);
    return transfer({ ok: true as const, ab, model, adapter: await probeWebGPU() }, [ab.buffer]);
  },

  /**
   * Flats: region model (cached per panel and gap) → flat fill from hints → composite (no network
   * unless `auto`). Returns the result as PNG with the region facts and timings.
   */
  async flats(req: FlatsRequest, onProgress?: (p: ColorizeProgress) => void): Promise<FlatsResponse | ColorizeFailure> {
    const t0 = performance.now();
    const got = await flatsEntry(req, onProgress);
    if (isFailure(got)) return got;
    const { e, decode, backend } = got;
    const r = applyFlats(e, req.hints, clampGap(req.gap), req.kind, { auto: req.auto, smoothTones: req.smoothTones });
    const t1 = performance.now();
    const png = req.preview
      ? new ArrayBuffer(0)
      : await encodePng({ width: e.pixels.width, height: e.pixels.height, data: r.rgba });
    const encode = performance.now() - t1;
    const res: FlatsResponse = {
      ok: true,
      png,
      width: e.pixels.width,
      height: e.pixels.height,
      kind: r.kind,
      detectedKind: r.detectedKind,
      regions: r.regions,
      hintedRegions: r.hintedRegions,
      divided: r.divided,
      capped: r.capped,
      cappedBoxes: r.cappedBoxes,
      cappedGaps: r.cappedGaps,
      wasColor: r.wasColor,
      outsideHints: r.outsideHints,
      onLineHints: r.onLineHints,
      replacedHints: r.replacedHints,
      paperRegions: r.paperRegions,
      paperSpread: r.paperSpread,
      halftoneRegions: r.halftoneRegions,
      smoothTones: r.smoothTones,
      lineThreshold: r.lineThreshold,
      built: r.built,
      ...(backend ? { backend } : {}),
      tiles: req.auto ? (e.abTiles ?? 0) : 0,
      ms: { decode, ...r.ms, encode, total: performance.now() - t0 },
    };
    return transfer(res, [png]);
  },

  /** Flats on raw pixels without encoding (benchmark): timings only. */
  async flatsTiming(req: Omit<FlatsRequest, 'image'> & { pixels: PanelPixels }): Promise<
    | {
        ok: true;
        built: boolean;
        regions: number;
        divided: number;
        ms: { regions: number; fill: number; composite: number };
      }
    | ColorizeFailure
  > {
    const e = cached(req.key) ?? remember(req.key, req.pixels);
    const r = applyFlats(e, req.hints, clampGap(req.gap), req.kind);
    return { ok: true, built: r.built, regions: r.regions, divided: r.divided, ms: r.ms };
  },

  /** Layered PSD of the flats (tones, one colour per region, line art in multiply). */
  async flatsPsd(req: FlatsRequest): Promise<ArrayBuffer | ColorizeFailure> {
    const got = await flatsEntry(req);
    if (isFailure(got)) return got;
    const r = applyFlats(got.e, req.hints, clampGap(req.gap), req.kind, {
      auto: req.auto,
      smoothTones: req.smoothTones,
    });
    const bytes = flatsPsd(got.e, r, req.layerNames);
    return transfer(bytes, [bytes]);
  },

  /** Character palette (issue 13): where `paletteId`'s hints coloured this panel, as region features. */
  async paletteSamples(req: FlatsRequest, paletteId: string): Promise<RegionSample[] | ColorizeFailure> {
    const got = await flatsEntry({ ...req, auto: false });
    if (isFailure(got)) return got;
    return paletteSamples(got.e, req.hints, clampGap(req.gap), paletteId, req.kind);
  },

  /** Character palette (issue 13): this panel's regions matched to remembered samples. */
  async paletteAssign(req: FlatsRequest, samples: RegionSample[]): Promise<PaletteAssignment[] | ColorizeFailure> {
    const got = await flatsEntry({ ...req, auto: false });
    if (isFailure(got)) return got;
    return paletteAssign(got.e, clampGap(req.gap), samples, req.kind);
  },

  /** Mean Lab of an image under each hint's footprint (palette drift); null when off-image. */
  async sample(image: Blob, hints: Hint[]): Promise<(Lab | null)[] | ColorizeFailure> {
    const px = await decodeToPixels(image);
    if (isFailure(px)) return px;
    const n = px.width * px.height;
    return hints.map((h) => meanLabUnder(px.data, rasterizeHints([h], px.width, px.height).tensor.subarray(2 * n)));
  },
};

export type ColorizeApi = typeof api;
expose(api);
