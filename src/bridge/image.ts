/**
 * Typed client of the image worker (workers/image.worker.ts). AbortSignal first; jobs run one
 * at a time; aborting terminates the worker. Bad input from the worker (`{ ok: false, code }`)
 * is thrown here as `StripError` with that code, for the UI to translate.
 */
import { proxy } from 'comlink';
import { createWorkerBridge } from './worker-bridge';
import type { ImageApi } from '../../workers/image.worker';
import type { Failure, StripErrorCode } from '../core/strip/limits';
import type { RowRange } from '../core/strip/gutters';
import type { Inspected, EncodedImage, SplitPanel } from '../../workers/image/pipeline';
import type { ExportItem, StripExport } from '../../workers/image/strip-export';
import type { Thumbnail } from '../../workers/image/thumbnail';
import type { ExportOptions } from '../core/strip/presets';
import type { StripGap } from '../core/strip/layout';
import type { BackupContent } from '../core/backup/format';
import type { BlobRecord } from '../store/schema';

export type { Inspected, EncodedImage, SplitPanel, ExportItem, StripExport, Thumbnail };

export class StripError extends Error {
  constructor(
    readonly code: StripErrorCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'StripError';
  }
}

const bridge = createWorkerBridge<ImageApi>(
  () => new Worker(new URL('../../workers/image.worker.ts', import.meta.url), { type: 'module', name: 'image' }),
);

function unwrap<T>(r: T | Failure): Exclude<T, Failure> {
  if (r && typeof r === 'object' && 'ok' in r && r.ok === false) throw new StripError(r.code, r.detail);
  return r as Exclude<T, Failure>;
}

type OnProgress = (done: number, total: number) => void;
const maybeProxy = (cb?: OnProgress) => (cb ? proxy(cb) : undefined);

export async function inspectImage(signal: AbortSignal | undefined, file: Blob): Promise<Inspected> {
  return unwrap(await bridge.run(signal, async (api) => await api.inspect(file)));
}

export async function splitImage(
  signal: AbortSignal | undefined,
  file: Blob,
  cuts: number[],
  gutters: RowRange[],
  onProgress?: OnProgress,
): Promise<SplitPanel[]> {
  return unwrap(await bridge.run(signal, async (api) => await api.split(file, cuts, gutters, maybeProxy(onProgress))));
}

/** Reference thumbnails (≤ 256 px long side, WebP): one per file, a Failure for an undecodable one. */
export async function makeThumbnails(
  signal: AbortSignal | undefined,
  files: Blob[],
  side?: number,
): Promise<(Thumbnail | Failure)[]> {
  return bridge.run(signal, async (api) => await api.thumbnails(files, side));
}

export async function imageToPng(signal: AbortSignal | undefined, file: Blob): Promise<EncodedImage> {
  return unwrap(await bridge.run(signal, async (api) => await api.toPng(file)));
}

/** Stacks panels into one image; `gaps[i]` (remembered gutters of `files[i]`) are drawn between them. */
export async function stitchImages(
  signal: AbortSignal | undefined,
  files: Blob[],
  gaps?: { gapBefore?: StripGap; gapAfter?: StripGap }[],
): Promise<EncodedImage> {
  return unwrap(await bridge.run(signal, async (api) => await api.stitch(files, gaps)));
}

/** The strip as drawn (gutters included) cut into upload slices: zip, slice list, stitched preview. */
export async function stripExport(
  signal: AbortSignal | undefined,
  items: ExportItem[],
  options: ExportOptions,
  onProgress?: OnProgress,
): Promise<StripExport> {
  return unwrap(await bridge.run(signal, async (api) => await api.stripExport(items, options, maybeProxy(onProgress))));
}

/** The backup zip, and the names of library references left out (their image could not be read). */
export async function packBackupFile(
  signal: AbortSignal | undefined,
  content: BackupContent<BlobRecord>,
): Promise<{ zip: Uint8Array; dropped: string[] }> {
  return unwrap(await bridge.run(signal, async (api) => await api.packBackup(content)));
}

export async function unpackBackupFile(
  signal: AbortSignal | undefined,
  file: Blob,
): Promise<BackupContent & { createdAt: number }> {
  return unwrap(await bridge.run(signal, async (api) => await api.unpackBackup(file)));
}
