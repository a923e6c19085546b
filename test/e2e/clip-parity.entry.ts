/**
 * Page-side driver for clip-webgpu.e2e.mjs (bundled at test time): runs the app's own built CLIP
 * worker (URL passed in) through comlink on a chosen device and dtype, and embeds texts and PNGs.
 */
import { proxy, wrap } from 'comlink';
import type { ClipApi } from '../../workers/clip.worker';
import type { ClipDevice, ClipDtype, ClipProgress, ClipSource } from '../../workers/clip/types';
import { deleteModel, saveModel } from '../../src/store/models';

export async function adapterInfo() {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  const a = await gpu?.requestAdapter();
  if (!a) return null;
  const i = a.info;
  return {
    vendor: i.vendor,
    architecture: i.architecture,
    device: i.device,
    description: i.description,
    isFallbackAdapter: (a as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter ?? null,
  };
}

/**
 * `folder` (path → bytes): load these files as an imported model (the repo's all-fp32 or all-int8 graphs,
 * which the app does not ship); without it, the shipped /models/clip/toon-clip/.
 */
export async function embedWith(
  workerUrl: string,
  device: ClipDevice,
  dtype: ClipDtype,
  texts: string[],
  pngs: Uint8Array[],
  folder?: Record<string, Uint8Array>,
) {
  const worker = new Worker(workerUrl, { type: 'module' });
  const api = wrap<ClipApi>(worker);
  const files = new Set<string>();
  // An imported model is named by its record id: the worker reads the files from IndexedDB itself.
  const rec = folder
    ? await saveModel(
        'clip',
        `Toon-CLIP ${dtype}`,
        Object.fromEntries(Object.entries(folder).map(([k, v]) => [k, v.slice().buffer])),
      )
    : undefined;
  const source: ClipSource = rec
    ? { kind: 'imported', id: rec.id, name: rec.name }
    : { kind: 'shipped', id: 'clip/toon-clip', name: 'Toon-CLIP' };
  try {
    const info = await api.load(
      source,
      device,
      proxy((p: ClipProgress) => void (p.status === 'load' && p.file && files.add(p.file))),
      dtype,
    );
    const t = await api.embedTexts(texts);
    const im = await api.embedImages(pngs.map((b) => new Blob([b as BlobPart], { type: 'image/png' })));
    return {
      info,
      files: [...files].sort(),
      dim: t.dim,
      text: Array.from(t.vectors),
      image: Array.from(im.vectors),
      failed: im.failed,
    };
  } finally {
    worker.terminate();
    if (rec) await deleteModel(rec.id);
  }
}
