/**
 * Main-thread client of the CLIP worker (workers/clip.worker.ts). Every call takes an
 * AbortSignal first (abort terminates the worker); the bridge (re)loads the chosen model in the
 * worker when needed (after cancel or idle shutdown the worker starts empty).
 */
import { proxy } from 'comlink';
import { createWorkerBridge } from './worker-bridge';
import type { ClipApi } from '../../workers/clip.worker';
import type {
  ClipDevice,
  ClipModelInfo,
  ClipProgress,
  ClipSource,
  ImageEmbedding,
  TextEmbedding,
} from '../../workers/clip/types';

export type { ClipDevice, ClipModelInfo, ClipProgress, ClipSource, ImageEmbedding, TextEmbedding };

export const SHIPPED_CLIP: ClipSource = { kind: 'shipped', id: 'clip/toon-clip', name: 'Toon-CLIP (shipped)' };

const bridge = createWorkerBridge<ClipApi>(
  () => new Worker(new URL('../../workers/clip.worker.ts', import.meta.url), { type: 'module', name: 'clip' }),
  { idleMs: 5 * 60_000 },
);

let source: ClipSource = SHIPPED_CLIP;
let prefer: ClipDevice | 'auto' = 'auto';

/** Chooses the model (and device preference) that later calls use. */
export function useModel(next: ClipSource, device: ClipDevice | 'auto' = prefer): void {
  source = next;
  prefer = device;
}

async function ensure(
  api: Parameters<Parameters<typeof bridge.run>[1]>[0],
  onProgress?: (p: ClipProgress) => void,
): Promise<ClipModelInfo> {
  const cur = await api.current();
  if (cur && cur.id === source.id) return cur;
  try {
    return await api.load(source, prefer, onProgress ? proxy(onProgress) : undefined);
  } catch (e) {
    // A failed session creation leaves transformers.js's session chain rejected for the rest of
    // that worker's life (every later load would fail with the same error): start a fresh one.
    bridge.terminate();
    throw e;
  }
}

export function loadModel(signal?: AbortSignal, onProgress?: (p: ClipProgress) => void): Promise<ClipModelInfo> {
  return bridge.run(signal, (api) => ensure(api, onProgress));
}

export function embedTexts(
  signal: AbortSignal | undefined,
  texts: string[],
): Promise<TextEmbedding & { model: ClipModelInfo }> {
  return bridge.run(signal, async (api) => {
    const model = await ensure(api);
    return { ...(await api.embedTexts(texts)), model };
  });
}

export function embedImages(
  signal: AbortSignal | undefined,
  images: Blob[],
  onProgress?: (p: ClipProgress) => void,
): Promise<ImageEmbedding & { model: ClipModelInfo }> {
  return bridge.run(signal, async (api) => {
    const model = await ensure(api, onProgress);
    return { ...(await api.embedImages(images, onProgress ? proxy(onProgress) : undefined)), model };
  });
}

export function terminateClip(): void {
  bridge.terminate();
}
