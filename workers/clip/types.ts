/** Plain-data types shared by the CLIP worker and its bridge (structured-clone safe). */
export type ClipDevice = 'webgpu' | 'wasm';
/**
 * fp32: onnx/*_model.onnx; q8: onnx/*_model_quantized.onnx (int8). Imported folders load both towers
 * in this dtype; the shipped Toon-CLIP loads its text tower fp32 and its vision tower int8 (engine.ts).
 */
export type ClipDtype = 'fp32' | 'q8';

/**
 * Where the model comes from: the shipped folder, or a folder the user imported — named by its
 * record id in the `models` store (staged or kept). Only the id crosses to the worker, which reads
 * the files from the store itself (workers/models/stored-model.ts): the page never holds them.
 */
export type ClipSource = { kind: 'shipped'; id: string; name: string } | { kind: 'imported'; id: string; name: string };

/** A source as the engine loads it: an imported one with its files (path → bytes), read in the worker. */
export type ClipLoadable =
  | { kind: 'shipped'; id: string; name: string }
  | { kind: 'imported'; id: string; name: string; files: Record<string, ArrayBuffer> };

/** Why this backend: a reason code of workers/runtime/choose-backend.ts and its detail (adapter name). */
export interface BackendWhy {
  reason: 'hardware-adapter' | 'software-adapter' | 'forced-software' | 'no-webgpu' | 'forced-no-webgpu' | 'requested';
  detail: string;
}

export interface ClipModelInfo {
  id: string;
  /** What stored vectors and references are filed under (engine.ts `vectorsIdOf`: id + shipped revision). */
  vectorsId: string;
  name: string;
  dim: number;
  maxLength: number;
  device: ClipDevice;
  /** English one-liner (logs); the UI shows `why` translated (`app.backend.<reason>`). */
  deviceNote: string;
  why: BackendWhy;
  /** The text tower's dtype. */
  dtype: ClipDtype;
  /** The vision tower's dtype (the shipped model's is int8 while its text tower is fp32). */
  visionDtype: ClipDtype;
  loadMs: number;
}

export interface TextEmbedding {
  /** n × dim, L2-normalized, row-major. */
  vectors: Float32Array;
  dim: number;
  /** Per text: was it cut to the model's max length. */
  truncated: boolean[];
  tokens: number[];
}

export interface ImageEmbedding {
  vectors: Float32Array;
  dim: number;
  /** Index (into the input list) and reason of every image that could not be embedded; its row is zeros. */
  failed: { index: number; message: string }[];
}

export type ClipProgress =
  | { status: 'load'; file?: string; fraction?: number }
  | { status: 'embed'; done: number; total: number };
