/**
 * CLIP worker: loads a CLIP folder (shipped or imported) with transformers.js and embeds texts
 * and images into L2-normalized vectors. Search, storage and tags live on the main thread.
 * An imported folder is named by its record id: its files are read from IndexedDB here
 * (workers/models/stored-model.ts), so the model's bytes never pass through the page.
 */
import { expose, transfer } from 'comlink';
import './runtime/errors'; // the one error protocol: codes + params cross comlink
import { embedImages, embedTexts, load, current } from './clip/engine';
import { storedModel } from './models/stored-model';
import type { ClipDevice, ClipDtype, ClipLoadable, ClipProgress, ClipSource } from './clip/types';

async function loadable(source: ClipSource): Promise<ClipLoadable> {
  if (source.kind === 'shipped') return source;
  const { files } = await storedModel(source.id, 'clip');
  return { kind: 'imported', id: source.id, name: source.name, files };
}

const api = {
  async load(
    source: ClipSource,
    prefer: ClipDevice | 'auto' = 'auto',
    onProgress?: (p: ClipProgress) => void,
    dtype: ClipDtype = 'fp32',
  ) {
    return load(await loadable(source), prefer, onProgress, dtype);
  },
  current() {
    return current();
  },
  async embedTexts(texts: string[]) {
    const r = await embedTexts(texts);
    return transfer(r, [r.vectors.buffer]);
  },
  async embedImages(images: Blob[], onProgress?: (p: ClipProgress) => void) {
    const r = await embedImages(images, onProgress);
    return transfer(r, [r.vectors.buffer]);
  },
};

export type ClipApi = typeof api;
expose(api);
