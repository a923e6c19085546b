/**
 * Page-side driver for colorize-webgpu.e2e.mjs (bundled at test time): runs the app's own built
 * colorize worker (URL passed in) through comlink on a chosen backend and returns the model's
 * raw ab output for each reference case.
 */
import { wrap } from 'comlink';
import type { ColorizeApi } from '../../workers/colorize.worker';
import type { Backend } from '../../workers/runtime/index';

export interface ParityCase {
  name: string;
  width: number;
  height: number;
  gray: number[];
  hints: number[];
}

export async function runCases(workerUrl: string, backend: Backend, cases: ParityCase[]) {
  const worker = new Worker(workerUrl, { type: 'module' });
  const api = wrap<ColorizeApi>(worker);
  try {
    const out: { name: string; ab: number[] }[] = [];
    let info: unknown = null;
    for (const c of cases) {
      const r = await api.runRaw({
        backend,
        gray: Float32Array.from(c.gray),
        hints: Float32Array.from(c.hints),
        width: c.width,
        height: c.height,
      });
      if (!r.ok) throw new Error(`${c.name}: ${r.code} ${r.detail}`);
      info = { model: r.model, adapter: r.adapter };
      out.push({ name: c.name, ab: Array.from(r.ab) });
    }
    return { info, out };
  } finally {
    worker.terminate();
  }
}
