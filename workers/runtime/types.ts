/**
 * Types shared by the runtime module, the runtime worker and its main-thread bridge.
 * Plain data only (structured-clone safe); no DOM, no WebGPU types.
 */
import type { BackendChoice } from './choose-backend';

export type { BackendChoice, BackendReason } from './choose-backend';
export type Backend = 'webgpu' | 'wasm';
/** Where a lightness was computed: TypeScript on the CPU, or the ONNX graph on a model backend. */
export type LightnessBackend = 'cpu' | Backend;

export interface WebGpuProbe {
  /** An adapter was obtained (navigator.gpu present and requestAdapter() answered). */
  available: boolean;
  /** Why WebGPU is not available (no navigator.gpu, no adapter, error text). */
  reason?: string;
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  /** A software/fallback adapter (e.g. SwiftShader): works, but runs at CPU speed. */
  isFallbackAdapter?: boolean;
  features?: string[];
  maxBufferSize?: number;
  maxStorageBufferBindingSize?: number;
}

export interface RuntimeInfo {
  ortVersion: string;
  crossOriginIsolated: boolean;
  /** WASM threads onnxruntime-web will use (1 without cross-origin isolation). */
  wasmThreads: number;
  webgpu: WebGpuProbe;
  /** Backend models really run on when no caller asks for one (= choice.backend). */
  defaultBackend: Backend;
  /** The rule's answer and why (workers/runtime/choose-backend.ts). */
  choice: BackendChoice;
  /** The user's "Use WebGPU even on a software adapter" setting, as the worker read it. */
  userForce: boolean;
}

/** Load progress, keyed on `status` (transformers.js style). */
export type LoadProgress =
  | { status: 'download'; file: string; loaded: number; total?: number }
  | { status: 'cached'; file: string; bytes: number }
  | { status: 'compile'; backend: Backend }
  | { status: 'fallback'; from: Backend; to: Backend; reason: string }
  | { status: 'warmup'; backend: Backend }
  | { status: 'ready'; backend: Backend; ms: number };

export interface ImagePixels {
  width: number;
  height: number;
  /** RGBA, 8 bits per channel, row-major (ImageData.data layout). */
  data: Uint8ClampedArray;
}

export interface LightnessResult {
  width: number;
  height: number;
  /** L* ÷ 100 per pixel, 0..1 — the colorizer's `gray` input (N=1, C=1, H, W). */
  lightness: Float32Array;
  /** RGBA gray preview (L* rendered as an sRGB gray of equal lightness), alpha kept. */
  preview: Uint8ClampedArray;
  /** 'cpu': TypeScript (the app's path); 'wasm' / 'webgpu': the ONNX graph on that backend. */
  backend: LightnessBackend;
  ms: number;
  /** Value statistics of the lightness (0..1): mean and the 5th/95th percentiles. */
  stats: { mean: number; p5: number; p95: number };
}

export interface SelfTestResult {
  backend: Backend;
  /** The backend requested; `backend` differs when it fell back. */
  requested: Backend;
  fallbackReason?: string;
  createMs: number;
  runMs: number;
  maxAbsErrLab: number;
  maxAbsErrGray: number;
  tolerance: { lab: number; gray: number };
  pass: boolean;
}

export interface RunOptions {
  /**
   * 'cpu' (default): TypeScript colour math (lightness-cpu.ts). 'onnx': the shipped graph on
   * `backend` (default: the backend rule's choice) — the self-test's and the benchmark's path.
   */
  via?: 'cpu' | 'onnx';
  /** Execution provider for `via: 'onnx'` (implies it when given). */
  backend?: Backend;
}

/** The runtime worker's comlink API (workers/runtime.worker.ts). */
export interface RuntimeApi {
  probe(): Promise<RuntimeInfo>;
  /** Lightness (L* ÷ 100) and a gray preview of an RGBA image (TypeScript on the CPU unless `via: 'onnx'`). */
  lightness(image: ImagePixels, opts?: RunOptions, onProgress?: (p: LoadProgress) => void): Promise<LightnessResult>;
  /**
   * Same for an encoded PNG/JPEG/WebP (decoded in the worker, scaled so the longer side is at
   * most `maxSide`, default 2048): the value check of a stored panel.
   */
  lightnessOfEncoded(
    bytes: ArrayBuffer,
    type: string,
    opts?: RunOptions & { maxSide?: number },
    onProgress?: (p: LoadProgress) => void,
  ): Promise<LightnessResult>;
  /** Runs the shipped graph on its reference input and compares with the numpy reference. */
  selfTest(backend: Backend, onProgress?: (p: LoadProgress) => void): Promise<SelfTestResult>;
}
