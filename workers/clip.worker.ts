/**
 * CLIP worker: loads a CLIP folder (shipped or imported) with transformers.js and embeds texts
 * and images into L2-normalized vectors. Search, storage and tags live on the main thread.
 */
import { expose, transfer } from 'comlink';
import './runtime/errors'; // the one error protocol: codes + params cross comlink
import { embedImages, embedTexts, load, current } from './clip/engine';
import type { ClipDevice, ClipDtype, ClipProgress, ClipSource } from './clip/types';

const api = {
  async load(
    source: ClipSource,
    prefer: ClipDevice | 'auto' = 'auto',
    onProgress?: (p: ClipProgress) => void,
    dtype: ClipDtype = 'fp32',
  ) {
    return load(source, prefer, onProgress, dtype);
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
