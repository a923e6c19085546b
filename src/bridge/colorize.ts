/**
 * Typed client of the colorize worker (workers/colorize.worker.ts). AbortSignal first; jobs run
 * one at a time; aborting terminates the worker (a running model cannot be interrupted
 * otherwise). Expected failures (`{ ok: false, code }`) are thrown as `ColorizeError` for the UI
 * to translate; the rest of the app is unaffected by them.
 */
import { proxy } from 'comlink';
import { createWorkerBridge } from './worker-bridge';
import type {
  ColorizeApi,
  ColorizeProgress,
  ColorizeRequest,
  ColorizeResponse,
  FlatsRequest,
  FlatsResponse,
} from '../../workers/colorize.worker';
import type { ColorizeErrorCode, ColorizeFailure } from '../../workers/colorize/limits';
import type { LoadedModel } from '../../workers/colorize/session';
import type { PanelPixels } from '../../workers/colorize/pipeline';
import type { PaletteAssignment, RegionSample } from '../core/regions/palette-match';

export type {
  ColorizeProgress,
  ColorizeRequest,
  ColorizeResponse,
  LoadedModel,
  ColorizeErrorCode,
  FlatsRequest,
  FlatsResponse,
};
export { COLORIZE_LIMITS, colorizeSizeProblem } from '../../workers/colorize/limits';

export class ColorizeError extends Error {
  constructor(
    readonly code: ColorizeErrorCode,
    readonly detail: string,
    /** 'too-large': the panel's width and height (the worker's failure carries them). */
    readonly size?: [number, number],
  ) {
    super(`${code}: ${detail}`);
    this.name = 'ColorizeError';
  }
}

const bridge = createWorkerBridge<ColorizeApi>(
  () => new Worker(new URL('../../workers/colorize.worker.ts', import.meta.url), { type: 'module', name: 'colorize' }),
  { idleMs: 120_000 },
);

function unwrap<T>(r: T | ColorizeFailure): T {
  if (r && typeof r === 'object' && 'ok' in r && (r as { ok: unknown }).ok === false) {
    const f = r as ColorizeFailure;
    throw new ColorizeError(f.code, f.detail, f.size);
  }
  return r as T;
}

type OnProgress = (p: ColorizeProgress) => void;

export async function colorizePanel(
  signal: AbortSignal | undefined,
  req: ColorizeRequest,
  onProgress?: OnProgress,
): Promise<ColorizeResponse> {
  return unwrap(
    await bridge.run(signal, async (api) => await api.colorize(req, onProgress ? proxy(onProgress) : undefined)),
  );
}

/**
 * Flats of a panel: region model (built once per panel and gap, cached in the worker) → flat fill
 * from hints → composite; the network runs only with `auto` (automatic colours).
 */
export async function flatsPanel(
  signal: AbortSignal | undefined,
  req: FlatsRequest,
  onProgress?: OnProgress,
): Promise<FlatsResponse> {
  return unwrap(
    await bridge.run(signal, async (api) => await api.flats(req, onProgress ? proxy(onProgress) : undefined)),
  );
}

/** Character palette: region features where `paletteId`'s hints coloured a panel (issue 13). */
export async function paletteSamples(
  signal: AbortSignal | undefined,
  req: FlatsRequest,
  paletteId: string,
): Promise<RegionSample[]> {
  return unwrap(await bridge.run(signal, async (api) => await api.paletteSamples(req, paletteId)));
}

/** Character palette: a panel's regions matched to a palette's remembered samples (issue 13). */
export async function paletteAssign(
  signal: AbortSignal | undefined,
  req: FlatsRequest,
  samples: RegionSample[],
): Promise<PaletteAssignment[]> {
  return unwrap(await bridge.run(signal, async (api) => await api.paletteAssign(req, samples)));
}

/** Layered PSD of a panel's flats: original tones, one flat colour per region, line art (multiply). */
export async function flatsPsd(signal: AbortSignal | undefined, req: FlatsRequest): Promise<ArrayBuffer> {
  return unwrap(await bridge.run(signal, async (api) => await api.flatsPsd(req)));
}

export async function loadColorizer(
  signal: AbortSignal | undefined,
  req: Pick<ColorizeRequest, 'backend' | 'model'> = {},
  onProgress?: OnProgress,
): Promise<LoadedModel> {
  return unwrap(
    await bridge.run(signal, async (api) => await api.load(req, onProgress ? proxy(onProgress) : undefined)),
  );
}

export async function colorizeRaw(
  signal: AbortSignal | undefined,
  pixels: PanelPixels,
  req: Omit<ColorizeRequest, 'image'>,
): Promise<{ rgba: Uint8ClampedArray; modelMs: number; tiles: number; backend: string }> {
  return unwrap(await bridge.run(signal, async (api) => await api.colorizePixels(pixels, req)));
}

export async function sampleUnderHints(
  signal: AbortSignal | undefined,
  image: Blob,
  hints: ColorizeRequest['hints'],
): Promise<([number, number, number] | null)[]> {
  return unwrap(await bridge.run(signal, async (api) => await api.sample(image, hints)));
}

/** Drops the worker (and its model) now, e.g. after a model file was replaced. */
export function resetColorizer(): void {
  bridge.terminate();
}
