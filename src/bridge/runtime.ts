/**
 * Main-thread client of the runtime worker (workers/runtime.worker.ts): WebGPU/WASM report with
 * the backend models really use and why, lightness of an image (TypeScript on the CPU in the
 * worker; the shipped ONNX graph only when asked with `via: 'onnx'`), and the graph's self-test.
 * Every call takes an AbortSignal first (abort terminates the worker); progress callbacks are
 * passed with comlink.proxy.
 */
import { proxy } from 'comlink';
import { createWorkerBridge } from './worker-bridge';
import type {
  Backend,
  BackendChoice,
  BackendReason,
  ImagePixels,
  LightnessResult,
  LoadProgress,
  RunOptions,
  RuntimeApi,
  RuntimeInfo,
  SelfTestResult,
} from '../../workers/runtime/types';

export type {
  Backend,
  BackendChoice,
  BackendReason,
  LightnessResult,
  LoadProgress,
  RuntimeInfo,
  SelfTestResult,
  ImagePixels,
};
/** Settings key of "Use WebGPU even on a software adapter" (read by every model worker). */
export { FORCE_WEBGPU_SETTING } from '../../workers/runtime/choose-backend';

const bridge = createWorkerBridge<RuntimeApi>(
  () => new Worker(new URL('../../workers/runtime.worker.ts', import.meta.url), { type: 'module', name: 'runtime' }),
  { idleMs: 60_000 },
);

export function probeRuntime(signal?: AbortSignal): Promise<RuntimeInfo> {
  return bridge.run(signal, (api) => api.probe());
}

export function lightness(
  signal: AbortSignal | undefined,
  image: ImagePixels,
  opts: RunOptions = {},
  onProgress?: (p: LoadProgress) => void,
): Promise<LightnessResult> {
  return bridge.run(signal, (api) => api.lightness(image, opts, onProgress ? proxy(onProgress) : undefined));
}

/** Lightness of an encoded image (decoded in the worker); the Values view's value check. */
export function lightnessOfEncoded(
  signal: AbortSignal | undefined,
  bytes: ArrayBuffer,
  type: string,
  opts: RunOptions & { maxSide?: number } = {},
  onProgress?: (p: LoadProgress) => void,
): Promise<LightnessResult> {
  return bridge.run(signal, (api) =>
    api.lightnessOfEncoded(bytes, type, opts, onProgress ? proxy(onProgress) : undefined),
  );
}

export function selfTest(
  signal: AbortSignal | undefined,
  backend: Backend,
  onProgress?: (p: LoadProgress) => void,
): Promise<SelfTestResult> {
  return bridge.run(signal, (api) => api.selfTest(backend, onProgress ? proxy(onProgress) : undefined));
}

/** Human-readable progress line for a LoadProgress event (untranslated numbers only). */
export function progressFraction(p: LoadProgress): number | undefined {
  if (p.status === 'download' && p.total) return p.loaded / p.total;
  if (p.status === 'ready') return 1;
  return undefined;
}
