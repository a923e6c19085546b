/**
 * Runtime worker: WebGPU/WASM capability report with the backend rule's choice, lightness of
 * images (TypeScript on the CPU — the Values view), and the shipped colour graph (sRGB → Lab,
 * models/ops/srgb_to_lab.onnx) for the Status page's self-test and explicit ONNX runs.
 * onnxruntime-web is imported only when something needs it (probe, self-test, `via: 'onnx'`),
 * so the Values view's path never loads it.
 */
import { expose, transfer } from 'comlink';
import './runtime/errors'; // the one error protocol: codes + params cross comlink
import { lightnessCpu } from './runtime/lightness-cpu';
import { decodeToPixels } from './runtime/decode';
import { resolveBackend } from './runtime/policy';
import { probeWebGPU } from './runtime/probe';
import { readUserForce } from './runtime/user-force';
import type { ImagePixels, LightnessResult, LoadProgress, RunOptions, RuntimeApi } from './runtime/types';

const onnx = () => import('./runtime/onnx-parts');

async function compute(
  image: ImagePixels,
  opts: RunOptions | undefined,
  onProgress?: (p: LoadProgress) => void,
): Promise<LightnessResult> {
  if ((opts?.via ?? (opts?.backend ? 'onnx' : 'cpu')) === 'cpu') return lightnessCpu(image);
  const backend = opts?.backend ?? (await resolveBackend()).backend;
  return (await onnx()).lightness(image, backend, onProgress);
}

const api: RuntimeApi = {
  async probe() {
    const { ortVersion, wasmThreads } = await onnx();
    const [webgpu, choice, userForce] = await Promise.all([probeWebGPU(), resolveBackend(), readUserForce()]);
    return {
      ortVersion: ortVersion(),
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
      wasmThreads: wasmThreads(),
      webgpu,
      defaultBackend: choice.backend,
      choice,
      userForce,
    };
  },
  async lightness(image, opts, onProgress) {
    const r = await compute(image, opts, onProgress);
    return transfer(r, [r.lightness.buffer, r.preview.buffer]);
  },
  async lightnessOfEncoded(bytes, type, opts, onProgress) {
    const image = await decodeToPixels(bytes, type, opts?.maxSide);
    const r = await compute(image, opts, onProgress);
    return transfer(r, [r.lightness.buffer, r.preview.buffer]);
  },
  async selfTest(backend, onProgress) {
    return (await onnx()).selfTest(backend, onProgress);
  },
};

export type { RuntimeApi };
expose(api);
