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

export async function generateWith(workerUrl: string, base: string, reqs: GenerateRequest[]) {
  const worker = new Worker(workerUrl, { type: 'module' });
  const api = wrap<DiffusionApi>(worker);
  try {
    const info = await api.load({ kind: 'url', name: 'toon-diffusion', base }, { backend: 'wasm' });
    const out: { rgba: number[]; png: number[] }[] = [];
    for (const req of reqs) {
      const r = await api.generate(req);
      if ('interrupted' in r) throw new Error(`interrupted: ${r.interrupted.reason}`);
      const png = await api.toPng(r.image);
      out.push({ rgba: Array.from(r.image.data), png: Array.from(new Uint8Array(png)) });
    }
    return { info, out };
  } finally {
    worker.terminate();
  }
}
