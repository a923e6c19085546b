/**
 * The ONE place that picks and configures onnxruntime-web (`ort.env`), for every worker —
 * the app's own sessions AND transformers.js (the CLIP worker, the diffusion worker's tokenizer).
 *
 * ONE build: `onnxruntime-web/webgpu` — the asyncify WASM binary with ORT's native WebGPU EP, the
 * build transformers.js imports itself. Every worker bundle therefore holds one ORT module and the
 * site ships one binary (`assets/ort-wasm-simd-threaded.asyncify-*.wasm`, 25.6 MiB); the old JSEP
 * build (`onnxruntime-web`, 27.0 MiB + 0.3 MB more JS per worker) is no longer imported anywhere.
 *
 * - WASM threads: min(4, cores) when the page is cross-origin isolated (COOP/COEP headers,
 *   SharedArrayBuffer), else 1 (ORT would silently fall back to one thread anyway).
 * - The .wasm is found beside the ORT bundle (vite emits it into assets/), so `wasmPaths` stays
 *   unset. transformers.js points it at a CDN when it finds it unset (`cdn.jsdelivr.net`, blocked
 *   by the CSP): `configureOrt()` clears any such foreign path on every call — every session is
 *   created after one (session.ts; the CLIP engine before transformers.js makes its sessions).
 * - transformers.js gets this very instance because it imports the same entry: one module per
 *   worker bundle. (Not via `globalThis[Symbol.for('onnxruntime')]`: transformers.js 4.3 then
 *   lists no devices at all — "Unsupported device".)
 */
import * as ort from 'onnxruntime-web/webgpu';

let configured = false;

/** True for a `wasmPaths` that would load ORT's files from another origin (or a blob:/data: URL). */
function foreignWasmPaths(paths: unknown): boolean {
  if (paths === undefined) return false;
  const urls = typeof paths === 'string' ? [paths] : Object.values(paths as Record<string, unknown>);
  const origin = globalThis.location?.origin;
  return urls.some((u) => {
    if (typeof u !== 'string') return false;
    try {
      return new URL(u, globalThis.location?.href).origin !== origin;
    } catch {
      return true;
    }
  });
}

export function configureOrt(): typeof ort {
  const wasm = ort.env.wasm;
  if (foreignWasmPaths(wasm.wasmPaths)) wasm.wasmPaths = undefined;
  if (configured) return ort;
  configured = true;
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  wasm.numThreads = globalThis.crossOriginIsolated ? Math.max(1, Math.min(4, cores)) : 1;
  wasm.proxy = false; // we already run inside a worker
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
