/**
 * Diffusion worker: loads a Stable-Diffusion-style ONNX folder (ours or an imported
 * SD-Turbo-style one), then text → scheduler loop with classifier-free guidance → VAE decode.
 * Progress per step through a comlink proxy; cancel() stops before the next step (the model
 * stays loaded). Sessions come from workers/runtime (WebGPU first, WASM fallback).
 *
 * WebGPU device loss: once a model has a WebGPU session the worker watches ORT's device
 * (`device.lost`). A run that meets a lost device (lost before or during a session call, a call
 * failing after the loss, or a call that never settles after it) stops at that call and answers
 * `{ interrupted: { stage, step, reason, resume } }` instead of a result (pipeline.ts). This
 * worker is then spent — its onnxruntime-web instance stays suspended on the dead device, so no
 * further run could finish here — and refuses to load again: the page terminates it, loads the
 * model on WASM in a fresh worker and goes on with `generate({ ...request, resume })`.
 * `loseGpuDeviceForTest` (test/diagnostic only) destroys the device, now or during a given step.
 */
import { expose, transfer } from 'comlink';
import './runtime/errors'; // the one error protocol: codes + params cross comlink
import {
  configureOrt,
  createSession,
  destroyGpuDeviceForTest,
  gpuLoss,
  gpuLostReason,
  resolveBackend,
  watchGpuDevice,
  whenGpuLost,
} from './runtime';
import { servedFolder, storedFolder, type ModelFolder } from './diffusion/folder';
import { storedModel } from './models/stored-model';
import { loadModel, type LoadedModel, type MakeSession } from './diffusion/load';
import { CancelledError, generate as runPipeline, GpuInterrupted, type DeviceGuard } from './diffusion/pipeline';
import type {
  Backend,
  GenerateRequest,
  GenerateResult,
  GenerationCancelled,
  GpuInterruption,
  ImagePixels,
  LoadOptions,
  LoadProgress,
  LoseGpuOptions,
  ModelInfo,
  StepProgress,
} from './diffusion/types';
import { checkPrompt, PromptError } from './diffusion/text';
import { decodeImage } from './diffusion/decode';
import { encodePng } from './runtime/codec';

/**
 * The shipped folder (served by the app), or an imported one named by its record id in the
 * `models` store (staged or kept): its files are read from IndexedDB here, never on the page.
 */
export type ModelSource = { kind: 'url'; name: string; base: string } | { kind: 'stored'; name: string; id: string };

let model: LoadedModel | undefined;
let loadedKey = '';
/** Test/diagnostic arming of `loseGpuDeviceForTest` for the next run. */
let armed: LoseGpuOptions | undefined;
/** Set once a run was interrupted by a lost device: this worker's ORT instance cannot run anymore. */
let spent: string | undefined;

async function folderFor(src: ModelSource): Promise<ModelFolder> {
  if (src.kind === 'stored') return storedFolder(src.name, (await storedModel(src.id, 'diffusion')).files);
  return servedFolder(src.name, new URL(src.base, globalThis.location?.href));
}

/** After a failed WebGPU call: how long to wait for `device.lost` to say whether it explains the failure. */
const EXPLAIN_WAIT_MS = 1_000;

const keyOf = (src: ModelSource, opts: LoadOptions) =>
  JSON.stringify({ kind: src.kind, name: src.name, at: src.kind === 'url' ? src.base : src.id, opts });

function sessionMaker(backend: Backend | undefined): MakeSession {
  return async (bytes, externalData, progress) => {
    const made = await createSession(bytes, {
      ...(backend ? { preferred: backend } : {}),
      ...(progress ? { onProgress: progress } : {}),
      ...(externalData ? { sessionOptions: { externalData } } : {}),
    });
    return {
      session: made.session,
      backend: made.backend,
      ...(made.fallbackReason ? { fallbackReason: made.fallbackReason } : {}),
    };
  };
}

const guard: DeviceGuard = {
  lost: () => (gpuLoss() ? gpuLostReason() : undefined),
  explain: async () => ((await whenGpuLost(EXPLAIN_WAIT_MS)) ? gpuLostReason() : undefined),
  // A call pending when the device is lost is given up at once: ORT's WebGPU run stays suspended on
  // the dead device's readback (seen in Chromium), and a late answer would not be trusted anyway.
  watch: <T>(run: Promise<T>) =>
    Promise.race([
      run,
      whenGpuLost().then((l) => {
        if (l) throw new Error('the WebGPU device was lost while this call ran');
        return new Promise<never>(() => undefined); // no device watched: never decides the race
      }),
    ]),
};

const api = {
  /** Loads (or keeps, if already loaded with the same options) a model folder. */
  async load(src: ModelSource, opts: LoadOptions = {}, onProgress?: (p: LoadProgress) => void): Promise<ModelInfo> {
    if (spent) throw new Error(`This diffusion worker lost its WebGPU device (${spent}); start a new one`);
    // Without an explicit choice the runtime's one rule decides (workers/runtime/choose-backend.ts):
    // a software WebGPU adapter (SwiftShader) is far slower than WASM for this pipeline (smoke
    // model, 64 px, Chromium here: median step 1.7 s vs 55 ms, VAE decode 8.5 s vs 0.16 s), so it
    // gets WASM unless the user forces WebGPU on the Status page (a flip reloads the model here).
    const backend = (await resolveBackend(opts.backend)).backend;
    const key = keyOf(src, { ...opts, backend });
    if (model && key === loadedKey) return model.info;
    await api.unload();
    const ort = configureOrt();
    const folder = await folderFor(src);
    const make = sessionMaker(backend);
    model = await loadModel(ort, folder, make, opts.variant ?? 'fp32', onProgress);
    loadedKey = key;
    if (model.usesWebGpu) await watchGpuDevice();
    return model.info;
  },

  /**
   * Generates one image; `onStep` (a comlink proxy) hears every step. Any message on `cancelPort`
   * (a transferred MessagePort: it bypasses the bridge's serial queue) stops the run before its
   * next step, keeping the model loaded: the answer is then `{ cancelled: { done, ack } }` (no step
   * starts after the cancel was seen). Before any answer the page has handled every `onStep` call
   * (the last call's reply is awaited: calls on one port arrive in order), so its step counter is
   * exact when the run settles.
   */
  async generate(
    req: GenerateRequest,
    onStep?: (p: StepProgress) => void,
    cancelPort?: MessagePort,
  ): Promise<GenerateResult | GpuInterruption | GenerationCancelled> {
    if (!model) throw new Error('No diffusion model is loaded');
    let stop = false;
    let finished = 0;
    let ack = -1;
    let lastStep: Promise<unknown> | undefined;
    if (cancelPort) {
      cancelPort.onmessage = () => {
        if (!stop) ack = finished;
        stop = true;
      };
    }
    const delivered = async () => void (await lastStep?.catch(() => undefined));
    const arm = armed;
    armed = undefined;
    try {
      const result = await runPipeline(configureOrt(), model, req, {
        onStep: (p: StepProgress) => {
          finished = p.step;
          if (onStep) lastStep = Promise.resolve(onStep(p));
        },
        shouldStop: () => stop,
        ...(cancelPort ? { beforeStep: () => new Promise<void>((resolve) => setTimeout(resolve, 0)) } : {}),
        device: guard,
        ...(arm?.atStep !== undefined
          ? {
              duringStep: (step: number) => {
                // A macrotask later the step's GPU work is in flight (ORT awaits its readback).
                if (step === arm.atStep) setTimeout(() => destroyGpuDeviceForTest(), 0);
              },
            }
          : {}),
      });
      await delivered();
      return transfer(result, [result.image.data.buffer as ArrayBuffer, result.pixels.buffer as ArrayBuffer]);
    } catch (e) {
      if (e instanceof CancelledError) {
        await delivered();
        return { cancelled: { done: e.done, ack: ack < 0 ? e.done : ack } };
      }
      if (!(e instanceof GpuInterrupted)) throw e;
      // Nothing more can run in this ORT instance (not even releasing sessions safely): drop the model.
      spent = e.reason;
      model = undefined;
      loadedKey = '';
      const { stage, step, reason, resume, textMs, stepsMs } = e;
      const at = gpuLoss()?.at;
      const detectMs = at !== undefined ? performance.now() - at : 0;
      const out: GpuInterruption = {
        interrupted: { stage, step, reason, textMs, stepsMs, detectMs, ...(resume ? { resume } : {}) },
      };
      return resume ? transfer(out, [resume.latents.buffer as ArrayBuffer]) : out;
    } finally {
      cancelPort?.close();
    }
  },

  /**
   * TEST/DIAGNOSTIC ONLY (the app never calls it): simulates losing the GPU by calling
   * `destroy()` on ORT's WebGPU device, which fires `device.lost` like a real loss. With
   * `atStep` the device is destroyed while UNet step `atStep` of the next run is running.
   * 'no-webgpu' when the loaded model has no WebGPU session (nothing armed).
   */
  loseGpuDeviceForTest(opts: LoseGpuOptions = {}): 'armed' | 'destroyed' | 'no-webgpu' {
    if (!model?.usesWebGpu || gpuLoss()) return 'no-webgpu';
    if (opts.atStep === undefined) {
      destroyGpuDeviceForTest();
      return 'destroyed';
    }
    armed = { ...opts };
    return 'armed';
  },

  /**
   * What is wrong with a prompt for the loaded model (checked before a run, so a story can be
   * refused before any panel is drawn): null when it is fine.
   */
  promptProblem(prompt: string): PromptError['code'] | null {
    try {
      checkPrompt(prompt, model?.text);
      return null;
    } catch (e) {
      if (e instanceof PromptError) return e.code;
      throw e;
    }
  },

  /** Decodes a PNG/JPEG/WebP (a reference, a character's image, a photo) into RGBA for img2img. */
  async decode(bytes: ArrayBuffer, type: string, maxSide = 512): Promise<ImagePixels> {
    const img = await decodeImage(bytes, type, maxSide);
    return transfer(img, [img.data.buffer as ArrayBuffer]);
  },

  /** PNG bytes of a generated image (the workers' one codec), to store it as a panel. */
  async toPng(image: ImagePixels): Promise<ArrayBuffer> {
    const bytes = await encodePng(image);
    return transfer(bytes, [bytes]);
  },

  async unload(): Promise<void> {
    const m = model;
    model = undefined;
    loadedKey = '';
    await m?.release();
  },

  info(): ModelInfo | undefined {
    return model?.info;
  },
};

export type DiffusionApi = typeof api;
expose(api);
