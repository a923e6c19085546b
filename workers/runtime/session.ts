/**
 * ONNX session factory. Without `preferred`, the backend rule decides (policy.ts →
 * choose-backend.ts: WebGPU on a hardware adapter or when the user forces it, else WASM); a
 * WebGPU session that fails falls back to WASM. Every model worker creates its sessions here.
 *
 *   const { session, backend } = await createSession(new URL('/models/x.onnx', origin), {
 *     onProgress: (p) => …, // download → compile → (fallback) → ready
 *   });
 */
import type * as OrtTypes from 'onnxruntime-web';
import { configureOrt } from './env';
import { fetchModel } from './fetch-model';
import { probeWebGPU } from './probe';
import { resolveBackend } from './policy';
import type { Backend, LoadProgress } from './types';

export interface CreateSessionOptions {
  /** 'wasm' forces WASM; 'webgpu' tries WebGPU, then WASM; unset: `resolveBackend()` decides. */
  preferred?: Backend;
  /** Disallow the WASM fallback (for tests that must exercise WebGPU). */
  noFallback?: boolean;
  onProgress?: (p: LoadProgress) => void;
  signal?: AbortSignal;
  /** Keep a fetched model in Cache Storage (see fetch-model.ts). */
  cache?: boolean;
  /** Extra ORT session options (graphOptimizationLevel, preferredOutputLocation, …). */
  sessionOptions?: OrtTypes.InferenceSession.SessionOptions;
}

export interface CreatedSession {
  session: OrtTypes.InferenceSession;
  backend: Backend;
  /** Session creation time (compile/initialise), without the download. */
  createMs: number;
  fallbackReason?: string;
}

/** The backend models run on when no caller asks for one (the rule in choose-backend.ts). */
export async function defaultBackend(): Promise<Backend> {
  return (await resolveBackend()).backend;
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export async function createSession(
  source: URL | string | ArrayBuffer | Uint8Array,
  opts: CreateSessionOptions = {},
): Promise<CreatedSession> {
  const ort = configureOrt();
  const bytes =
    source instanceof ArrayBuffer
      ? new Uint8Array(source)
      : source instanceof Uint8Array
        ? source
        : new Uint8Array(
            await fetchModel(source, { signal: opts.signal, onProgress: opts.onProgress, cache: opts.cache }),
          );
  opts.signal?.throwIfAborted();

  const gpu = await probeWebGPU();
  const wanted: Backend = opts.preferred ?? (await resolveBackend()).backend;
  let fallbackReason: string | undefined;
  if (wanted === 'webgpu') {
    if (!gpu.available) {
      fallbackReason = gpu.reason ?? 'no WebGPU adapter';
    } else {
      try {
        return { ...(await create(ort, bytes, 'webgpu', opts)) };
      } catch (e) {
        fallbackReason = `WebGPU session failed: ${errText(e)}`;
      }
    }
    if (opts.noFallback) throw new Error(fallbackReason);
    opts.onProgress?.({ status: 'fallback', from: 'webgpu', to: 'wasm', reason: fallbackReason });
  }
  opts.signal?.throwIfAborted();
  const made = await create(ort, bytes, 'wasm', opts);
  return fallbackReason ? { ...made, fallbackReason } : made;
}

async function create(
  ort: typeof OrtTypes,
  bytes: Uint8Array,
  backend: Backend,
  opts: CreateSessionOptions,
): Promise<CreatedSession> {
  opts.onProgress?.({ status: 'compile', backend });
  const t0 = performance.now();
  const session = await ort.InferenceSession.create(bytes, {
    graphOptimizationLevel: 'all',
    // Errors only: ORT's C++ warnings (e.g. "Some nodes were not assigned to the preferred execution
    // providers" — shape ops kept on the CPU by design for WebGPU) reach the page as console errors.
    logSeverityLevel: 3,
    ...opts.sessionOptions,
    executionProviders: [backend],
  });
  const createMs = performance.now() - t0;
  opts.onProgress?.({ status: 'ready', backend, ms: createMs });
  return { session, backend, createMs };
}

/**
 * Runs the session once on the given feeds (shader compilation / kernel selection happens on the
 * first run) and reports a 'warmup' step; returns the warm-up time in ms.
 */
export async function warmUp(
  created: CreatedSession,
  feeds: Record<string, OrtTypes.Tensor>,
  onProgress?: (p: LoadProgress) => void,
): Promise<number> {
  onProgress?.({ status: 'warmup', backend: created.backend });
  const t0 = performance.now();
  const out = await created.session.run(feeds);
  for (const t of Object.values(out)) t.dispose();
  return performance.now() - t0;
}
