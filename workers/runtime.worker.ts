/**
 * Runtime worker: WebGPU/WASM capability report and the shipped colour graph (sRGB → Lab
 * lightness) — a real ONNX model the app runs for lightness previews / the colorizer's gray input.
 */
import { expose, transfer } from 'comlink';
import { probeWebGPU, defaultBackend, ortVersion, wasmThreads, type RuntimeApi } from './runtime/index';
import { lightness, selfTest } from './runtime/lab-graph';
import { decodeToPixels } from './runtime/decode';

const api: RuntimeApi = {
  async probe() {
    return {
      ortVersion: ortVersion(),
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
      wasmThreads: wasmThreads(),
      webgpu: await probeWebGPU(),
      defaultBackend: await defaultBackend(),
    };
  },
  async lightness(image, opts, onProgress) {
    const r = await lightness(image, opts?.backend ?? (await defaultBackend()), onProgress);
    return transfer(r, [r.lightness.buffer, r.preview.buffer]);
  },
  async lightnessOfEncoded(bytes, type, opts, onProgress) {
    const image = await decodeToPixels(bytes, type, opts?.maxSide);
    const r = await lightness(image, opts?.backend ?? (await defaultBackend()), onProgress);
    return transfer(r, [r.lightness.buffer, r.preview.buffer]);
  },
  async selfTest(backend, onProgress) {
    return selfTest(backend, onProgress);
  },
};

export type { RuntimeApi };
expose(api);
