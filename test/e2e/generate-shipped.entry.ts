/**
 * Page-side driver for generate-shipped.e2e.mjs (bundled at test time): runs the app's own built
 * diffusion worker (URL passed in) on the shipped folder through comlink — for the unconditional
 * baseline (guidance 0: the UNet's unconditional branch only, the caption ignored), which the UI
 * cannot ask for — and re-exports the CLIP driver (clip-parity.entry.ts) to score panels.
 */
import { wrap } from 'comlink';
import type { DiffusionApi } from '../../workers/diffusion.worker';
import type { GenerateRequest } from '../../workers/diffusion/types';

export { embedWith } from './clip-parity.entry';

/** A request as page.evaluate can pass it: an image prompt as encoded bytes, decoded by the worker as the app does. */
export type DrivenRequest = Omit<GenerateRequest, 'imagePrompt' | 'init'> & {
  imagePromptBytes?: number[];
  initBytes?: number[];
  strength?: number;
};

export async function generateWith(workerUrl: string, base: string, reqs: DrivenRequest[]) {
  const worker = new Worker(workerUrl, { type: 'module' });
  const api = wrap<DiffusionApi>(worker);
  try {
    const info = await api.load({ kind: 'url', name: 'toon-diffusion', base }, { backend: 'wasm' });
    const out: { rgba: number[]; png: number[] }[] = [];
    for (const { imagePromptBytes, initBytes, strength, ...req } of reqs) {
      const imagePrompt = imagePromptBytes
        ? await api.decode(new Uint8Array(imagePromptBytes).buffer, 'image/png')
        : undefined;
      const init = initBytes
        ? { image: await api.decode(new Uint8Array(initBytes).buffer, 'image/png'), strength: strength ?? 0.6 }
        : undefined;
      const r = await api.generate({ ...req, ...(imagePrompt ? { imagePrompt } : {}), ...(init ? { init } : {}) });
      if ('interrupted' in r) throw new Error(`interrupted: ${r.interrupted.reason}`);
      const png = await api.toPng(r.image);
      out.push({ rgba: Array.from(r.image.data), png: Array.from(new Uint8Array(png)) });
    }
    return { info, out };
  } finally {
    worker.terminate();
  }
}
