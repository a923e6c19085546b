/**
 * Bench entry (bundled into <dist>/__bench_runtime/runtime.js): the lightness conversion in the
 * app's own built runtime worker, TypeScript on the CPU (the Values view's path) vs the shipped
 * ONNX graph on WASM, on the same image.
 */
import { wrap } from 'comlink';
import type { LightnessResult, RuntimeApi } from '../../workers/runtime/types';

function image(size: number) {
  const data = new Uint8ClampedArray(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    data[i * 4] = (i * 7) % 256;
    data[i * 4 + 1] = (i * 13 + (i >> 9)) % 256;
    data[i * 4 + 2] = (i * 29 + 100) % 256;
    data[i * 4 + 3] = 255;
  }
  return { width: size, height: size, data };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function lightnessBench(workerUrl: string, size: number, reps = 7, warm = 2) {
  const worker = new Worker(workerUrl, { type: 'module' });
  const api = wrap<RuntimeApi>(worker);
  const img = image(size);
  try {
    const run = async (opts: { via: 'cpu' | 'onnx'; backend?: 'wasm' }) => {
      const t0 = performance.now();
      const first = await api.lightness(img, opts); // cold: ORT import + session for 'onnx'
      const firstMs = performance.now() - t0;
      for (let i = 0; i < warm; i++) await api.lightness(img, opts); // JIT tiers / kernel choice
      const inWorker: number[] = [];
      const roundTrip: number[] = [];
      let last: LightnessResult = first;
      for (let i = 0; i < reps; i++) {
        const t = performance.now();
        last = await api.lightness(img, opts);
        roundTrip.push(performance.now() - t);
        inWorker.push(last.ms);
      }
      return {
        firstMs,
        ms: median(inWorker),
        roundTripMs: median(roundTrip),
        backend: last.backend,
        lightness: last.lightness,
      };
    };
    const cpu = await run({ via: 'cpu' });
    const onnx = await run({ via: 'onnx', backend: 'wasm' });
    let maxDiff = 0;
    for (let i = 0; i < cpu.lightness.length; i++)
      maxDiff = Math.max(maxDiff, Math.abs(cpu.lightness[i] - onnx.lightness[i]));
    const strip = ({ lightness, ...r }: typeof cpu) => (void lightness, r);
    return { cpu: strip(cpu), onnx: strip(onnx), maxDiff };
  } finally {
    worker.terminate();
  }
}
