/**
 * Bench entry (bundled into <dist>/__bench_budgets/budgets.js by budgets.bench.mjs): colorize warm
 * on WASM in the app's own built colorize worker, on whatever thread count the page gets (the app's
 * rule, workers/runtime/env.ts: min(4, cores) when cross-origin isolated, else 1) — read back from
 * the built runtime worker's probe(), which applies the same rule.
 *  - model only: `runRaw` on the tensors the app feeds for a 512² panel (gray 1×1×192×192 and
 *    hints 1×3×192×192: work side 192, stride 16), the same data the bench gives onnxruntime-node;
 *  - pipeline: `colorizePixels` on a 512² RGBA panel (L, resize, model, upsample, bubbles), the
 *    worker's own modelMs.
 * One untimed warm-up of each, then `reps` timed runs.
 */
import { wrap } from 'comlink';
import type { ColorizeApi } from '../../workers/colorize.worker';
import type { RuntimeApi } from '../../workers/runtime/types';

function panel(n: number) {
  const c = new OffscreenCanvas(n, n);
  const g = c.getContext('2d') as OffscreenCanvasRenderingContext2D;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, n, n);
  g.lineWidth = Math.max(2, n / 200);
  for (let i = 0; i < 9; i++) {
    g.fillStyle = `rgb(${120 + i * 12},${120 + i * 12},${120 + i * 12})`;
    g.beginPath();
    g.ellipse(((i % 3) + 0.5) * (n / 3), (Math.floor(i / 3) + 0.5) * (n / 3), n / 8, n / 10, 0, 0, Math.PI * 2);
    g.fill();
    g.stroke();
  }
  const d = g.getImageData(0, 0, n, n).data;
  return { width: n, height: n, data: new Uint8ClampedArray(d.buffer) };
}

export interface WarmArgs {
  colorizeUrl: string;
  runtimeUrl: string;
  gray: number[];
  hints: number[];
  side: number;
  panelSide: number;
  reps: number;
}

export async function colorizeWarm(a: WarmArgs) {
  const rt = new Worker(a.runtimeUrl, { type: 'module' });
  const worker = new Worker(a.colorizeUrl, { type: 'module' });
  const runtime = wrap<RuntimeApi>(rt);
  const api = wrap<ColorizeApi>(worker);
  try {
    const probe = await runtime.probe();
    const gray = Float32Array.from(a.gray);
    const hints = Float32Array.from(a.hints);
    const raw = async () => {
      const t0 = performance.now();
      const r = await api.runRaw({
        backend: 'wasm',
        gray: gray.slice(),
        hints: hints.slice(),
        width: a.side,
        height: a.side,
      });
      const ms = performance.now() - t0;
      if (!r.ok) throw new Error(`runRaw: ${r.code} ${r.detail}`);
      return { ms, backend: r.model.backend, createMs: r.model.createMs };
    };
    const first = await raw(); // session create + first run
    const model: number[] = [];
    for (let i = 0; i < a.reps; i++) model.push((await raw()).ms);
    const px = panel(a.panelSide);
    const pipe = async () => {
      const r = await api.colorizePixels({ ...px, data: px.data.slice() }, { hints: [], backend: 'wasm' });
      if (!r.ok) throw new Error(`colorizePixels: ${r.code} ${r.detail}`);
      return r.modelMs;
    };
    await pipe();
    const pipeline: number[] = [];
    for (let i = 0; i < a.reps; i++) pipeline.push(await pipe());
    return {
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
      cores: navigator.hardwareConcurrency,
      threads: probe.wasmThreads,
      ort: probe.ortVersion,
      backend: first.backend,
      createMs: first.createMs,
      model,
      pipeline,
    };
  } finally {
    worker.terminate();
    rt.terminate();
  }
}
