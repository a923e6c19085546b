/**
 * Colorize worker: the colorizer model (workers/colorize/session.ts via workers/runtime) and the
 * panel pipeline (workers/colorize/pipeline.ts). Plain data in and out; expected failures come
 * back as `{ ok: false, code, detail }` (ColorizeFailure), never as thrown strings.
 */
import { expose, transfer } from 'comlink';
import { rasterizeHints, type Hint } from '../src/core/color/hints';
import { meanLabUnder } from '../src/core/color/drift';
import type { Lab } from '../src/core/color/lab';
import { probeWebGPU, resolveBackend, type Backend, type LoadProgress } from './runtime/index';
import { colorizeSizeProblem, fail, isFailure, type ColorizeFailure } from './colorize/limits';
import { colorizePixels, type PanelPixels, type PipelineOptions, type PipelineResult } from './colorize/pipeline';
import { loadModel, runModel, SHIPPED_MODEL, type LoadedModel } from './colorize/session';
import { decodeToPixels, encodePng, buildPsd } from './colorize/codec';

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

async function ensureModel(req: Pick<ColorizeRequest, 'backend' | 'model'>, onProgress?: (p: ColorizeProgress) => void) {
  const backend = await pickBackend(req.backend);
  const source = req.model ? req.model.bytes : SHIPPED_MODEL();
  const key = req.model ? req.model.key : 'shipped';
  return loadModel(source, key, backend, (p) => onProgress?.({ stage: 'load', load: p }));
}

async function colorizeImage(
  pixels: PanelPixels,
  req: ColorizeRequest,
  onProgress?: (p: ColorizeProgress) => void,
): Promise<Omit<ColorizeResponse, 'png' | 'ms'> & { rgba: Uint8ClampedArray; modelMs: number } | ColorizeFailure> {
  const problem = colorizeSizeProblem(pixels.width, pixels.height);
  if (problem) return fail('too-large', problem);
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
  async load(req: Pick<ColorizeRequest, 'backend' | 'model'>, onProgress?: (p: ColorizeProgress) => void): Promise<LoadedModel | ColorizeFailure> {
    return ensureModel(req, onProgress);
  },

  /** Colorizes an encoded panel; returns PNG bytes of the result (same size, same lightness). */
  async colorize(req: ColorizeRequest, onProgress?: (p: ColorizeProgress) => void): Promise<ColorizeResponse | ColorizeFailure> {
    const t0 = performance.now();
    const pixels = await decodeToPixels(req.image);
    if (isFailure(pixels)) return pixels;
    const tDecode = performance.now() - t0;
    const r = await colorizeImage(pixels, req, onProgress);
    if (isFailure(r)) return r;
    const { rgba, modelMs, ...rest } = r;
    const png = await encodePng({ width: r.width, height: r.height, data: rgba });
    const res: ColorizeResponse = { ...rest, png, ms: { decode: tDecode, model: modelMs, total: performance.now() - t0 } };
    return transfer(res, [png]);
  },

  /** Colorizes raw pixels (benchmarks, tests): returns RGBA. */
  async colorizePixels(
    pixels: PanelPixels,
    req: Omit<ColorizeRequest, 'image'>,
  ): Promise<{ ok: true; rgba: Uint8ClampedArray; modelMs: number; tiles: number; backend: Backend } | ColorizeFailure> {
    const r = await colorizeImage(pixels, { ...req, image: new Blob() });
    if (isFailure(r)) return r;
    return transfer({ ok: true as const, rgba: r.rgba, modelMs: r.modelMs, tiles: r.tiles, backend: r.model.backend }, [r.rgba.buffer]);
  },

  /**
   * Runs the model on raw tensors (parity tests): gray 1×1×H×W (L/100), hints 1×3×H×W → ab
   * 1×2×H×W, on the backend asked for; H and W multiples of 16.
   */
  async runRaw(
    req: Pick<ColorizeRequest, 'backend' | 'model'> & { gray: Float32Array; hints: Float32Array; width: number; height: number },
  ): Promise<{ ok: true; ab: Float32Array; model: LoadedModel; adapter: Awaited<ReturnType<typeof probeWebGPU>> } | ColorizeFailure> {
    const model = await ensureModel(req);
    if (isFailure(model)) return model;
    const ab = await runModel(req.gray, req.hints, req.width, req.height);
    return transfer({ ok: true as const, ab, model, adapter: await probeWebGPU() }, [ab.buffer]);
  },

  /** Mean Lab of an image under each hint's footprint (palette drift); null when off-image. */
  async sample(image: Blob, hints: Hint[]): Promise<(Lab | null)[] | ColorizeFailure> {
    const px = await decodeToPixels(image);
    if (isFailure(px)) return px;
    const n = px.width * px.height;
    return hints.map((h) => meanLabUnder(px.data, rasterizeHints([h], px.width, px.height).tensor.subarray(2 * n)));
  },

  /** Layered PSD: flat colours beneath, the original line art on top in multiply. */
  async psd(original: Blob, result: Blob): Promise<ArrayBuffer | ColorizeFailure> {
    const a = await decodeToPixels(original);
    if (isFailure(a)) return a;
    const b = await decodeToPixels(result);
    if (isFailure(b)) return b;
    const bytes = buildPsd(a, b);
    return transfer(bytes, [bytes]);
  },
};

export type ColorizeApi = typeof api;
expose(api);
