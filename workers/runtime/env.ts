/**
 * The ONE place that configures onnxruntime-web's global `ort.env`.
 * - WASM threads: min(4, cores) when the page is cross-origin isolated (COOP/COEP headers,
 *   SharedArrayBuffer), else 1 (ORT would silently fall back to one thread anyway).
 * - The .wasm files are found beside the ORT bundle (vite emits them into assets/), so wasmPaths
 *   stays unset; set `wasmPaths` here if ORT is ever relocated (a folder URL ending in '/').
 */
import * as ort from 'onnxruntime-web';

let configured = false;

export function configureOrt(): typeof ort {
  if (configured) return ort;
  configured = true;
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  ort.env.wasm.numThreads = globalThis.crossOriginIsolated ? Math.max(1, Math.min(4, cores)) : 1;
  ort.env.wasm.proxy = false; // we already run inside a worker
  // Errors only: the wasm side prints C++ warnings to stderr, which browsers show as console errors.
  ort.env.logLevel = 'error';
  return ort;
}

export function wasmThreads(): number {
  configureOrt();
  return typeof ort.env.wasm.numThreads === 'number' ? ort.env.wasm.numThreads : 1;
}

export function ortVersion(): string {
  return ort.env.versions?.web ?? 'unknown';
}
