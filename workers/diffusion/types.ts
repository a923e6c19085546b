/**
 * Plain-data types of the diffusion worker (structured-clone safe; no DOM, no ORT objects).
 */
import type { Backend, ImagePixels, LoadProgress } from '../runtime/types';

export type { Backend, ImagePixels, LoadProgress };

/** Which weight variant of the UNet / VAE decoder to load (absent: `model.onnx`, then another variant; load.ts pickFile). */
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
  /**
   * Present when the folder has `image_proj/model.onnx` (a UNet trained with an image prompt):
   * `GenerateRequest.imagePrompt` then works, and the UNet takes `context.length + tokens` context
   * tokens (text, then the reference's tokens; zeros without one).
   */
  imagePrompt?: { tokens: number };
  scheduler: string;
  predictionType: string;
  /** Backend of the UNet session (the others follow it unless one fell back alone). */
  backend: Backend;
  fallbackReason?: string;
  /**
   * Set when the WebGPU device was lost in this page: the model was reloaded on WASM (and later
   * loads are WASM too). The text says why (e.g. "WebGPU device lost (destroyed: …)").
   */
  gpuLost?: string;
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
  /**
   * Image prompt (models with `ModelInfo.imagePrompt`): the picture's VAE latent becomes extra
   * context tokens, so the panel takes the reference's look (a character sheet) while the layout
   * follows the prompt and the seed. Can be combined with `init`.
   */
  imagePrompt?: ImagePixels;
  /** Go on with a run a lost WebGPU device interrupted (from its `GpuInterruption.resume`). */
  resume?: ResumeState;
}

/** The state an interrupted run goes on from: latents before UNet step `fromStep` (steps + 1 = decode). */
export interface ResumeState {
  fromStep: number;
  latents: Float32Array;
}

export interface StepProgress {
  step: number;
  total: number;
  timestep: number;
  ms: number;
  /** Backend the step ran on ('wasm' from the step where a lost WebGPU device was replaced). */
  backend: Backend;
}

/** Where a run was when the WebGPU device was lost (the run then went on from there on WASM). */
export type RunStage = 'text' | 'encode' | 'unet' | 'decode';

/**
 * What `generate` answers instead of a result when the WebGPU device was lost mid-run: where it
 * stopped and the state to go on from. The worker is unusable afterwards (its onnxruntime-web
 * instance waits on the dead device): the caller restarts it, loads the model on WASM and calls
 * `generate({ ...request, resume })`.
 */
export interface GpuInterruption {
  interrupted: {
    stage: RunStage;
    /** 1-based UNet step that was running or about to run (0 before the loop, steps + 1 = decode). */
    step: number;
    reason: string;
    /** Absent when the loss hit before the denoising loop (text, img2img encode): redo the run. */
    resume?: ResumeState;
    textMs: number;
    /** Steps finished before the loss (on WebGPU). */
    stepsMs: number[];
    /** From `device.lost` to the run stopping. */
    detectMs: number;
  };
}

/**
 * What `generate` answers when a cancel reached it (the bridge turns it into an AbortError carrying
 * these numbers): `ack` steps were finished when the worker saw the cancel, `done` when it stopped —
 * `done` is `ack` or `ack + 1` (the step running at that moment may finish; none starts after). Every
 * `onStep` call of the run was delivered to the page before this answer.
 */
export interface GenerationCancelled {
  cancelled: { done: number; ack: number };
}

/** A run that finished after its WebGPU device was lost (set by the page, see src/features/generate/gpu-loss.ts). */
export interface DeviceLoss {
  stage: RunStage;
  step: number;
  reason: string;
  /** UNet steps finished on WebGPU before the loss. */
  stepsDone: number;
  /** From `device.lost` to the interrupted run stopping. */
  detectMs: number;
  /** Restarting the worker and loading the model on WASM, until the run went on. */
  recoveryMs: number;
  /** The model as loaded after the move (backend 'wasm'). */
  info: ModelInfo;
}

/** Test/diagnostic options of `loseGpuDeviceForTest` (never used by the app itself). */
export interface LoseGpuOptions {
  /** Destroy the device while UNet step `atStep` (1-based) of the next run is running; omit = now. */
  atStep?: number;
}

export interface GenerateResult {
  image: ImagePixels;
  /** The decoded image as float CHW in [-1, 1] (what tests compare). */
  pixels: Float32Array;
  seed: number;
  steps: number;
  /** Backend that finished the run. */
  backend: Backend;
  /** Present when the WebGPU device was lost during this run and the run went on on WASM. */
  deviceLost?: DeviceLoss;
  /** First step this (resumed) run computed itself; steps before it ran before the loss. */
  resumedFrom?: number;
  timings: { textMs: number; stepsMs: number[]; decodeMs: number; totalMs: number };
}
