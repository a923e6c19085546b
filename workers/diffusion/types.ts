/**
 * Plain-data types of the diffusion worker (structured-clone safe; no DOM, no ORT objects).
 */
import type { Backend, ImagePixels, LoadProgress } from '../runtime/types';

export type { Backend, ImagePixels, LoadProgress };

/** Which weight variant of the UNet / VAE decoder to load (falls back to fp32 if absent). */
export type Variant = 'fp32' | 'fp16' | 'int8';

export interface LoadOptions {
  backend?: Backend;
  variant?: Variant;
}

/** What the worker learnt from a model folder (after validation). */
export interface ModelInfo {
  name: string;
  imageSize: number;
  latentChannels: number;
  latentSize: number;
  scalingFactor: number;
  /** Text context fed to the UNet: [length, dim]. */
  context: { length: number; dim: number };
  /** false: the folder has no text encoder (an unconditional model: prompts are ignored). */
  hasTextEncoder: boolean;
  /** img2img possible (vae_encoder present). */
  hasEncoder: boolean;
  scheduler: string;
  predictionType: string;
  backend: Backend;
  fallbackReason?: string;
  variant: Variant;
  files: string[];
  loadMs: number;
}

export interface GenerateRequest {
  prompt: string;
  /** Negative prompt for classifier-free guidance ('' = the unconditional caption). */
  negativePrompt?: string;
  steps: number;
  /** Classifier-free guidance scale; 1 = no guidance (one UNet call per step). */
  guidance: number;
  seed: number;
  scheduler?: 'ddim' | 'euler';
  /** Image-to-image: start from this picture at `strength` (0 = unchanged, 1 = ignore it). */
  init?: { image: ImagePixels; strength: number };
}

export interface StepProgress {
  step: number;
  total: number;
  timestep: number;
  ms: number;
}

export interface GenerateResult {
  image: ImagePixels;
  /** The decoded image as float CHW in [-1, 1] (what tests compare). */
  pixels: Float32Array;
  seed: number;
  steps: number;
  timings: { textMs: number; stepsMs: number[]; decodeMs: number; totalMs: number };
}
