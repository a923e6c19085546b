/**
 * The generation loop (same procedure as models/diffusion/sample.py, which writes the references):
 *   txt2img: z = N(seed)·initNoiseSigma over all timesteps
 *   img2img: z0 = vae_encoder(image)·scaling_factor; timesteps = img2imgTimesteps(strength);
 *            z = addNoise(z0, N(seed), first timestep)
 *   image prompt (models with image_proj): tokens = image_proj(vae_encoder(picture)) after the
 *            conditional text context, zeros after the unconditional one (zeros in both without a picture)
 *   each t:  x = scaleModelInput(z, t); guidance ≠ 1 → one UNet call on [uncond, cond]
 *            out = u + g·(c − u); z = step(out, t, z); progress; stop if asked
 *   image  = clamp(vae_decoder(z / scaling_factor), −1, 1) → RGBA
 *
 * Device loss (hooks.device): every session call of a model with WebGPU sessions goes through
 * `onDevice`. When the device is lost before or while a call runs (or a call fails and the loss
 * explains it; a call that never settles after a loss is given up), the run stops there with
 * `GpuInterrupted`, which carries the state to go on from: the latents before the UNet step that
 * failed (or before decoding). onnxruntime-web cannot go on in the same instance (its WebGPU run
 * stays suspended on the dead device's readback, and every later run of that wasm module waits
 * behind it: seen in Chromium), so the page restarts the worker on WASM and passes the state back
 * as `request.resume`. The schedulers are stateless per step and the noise is drawn up front, so
 * the resumed run ends with the result of an uninterrupted one, up to WebGPU-vs-WASM float
 * differences of the steps done before the loss.
 */
import { createScheduler, gaussianNoise, img2imgTimesteps } from '../../src/core/diffusion';
import type { LoadedModel } from './load';
import { checkPrompt } from './text';
import { chwToRgba, floatTensor, intTensor, readFloat, rgbaToChw, type OrtModule } from './tensors';
import type { GenerateRequest, GenerateResult, ImagePixels, ResumeState, RunStage, StepProgress } from './types';
import { inputMeta } from './validate';

export class CancelledError extends Error {
  /** `done`: UNet steps finished when the run stopped (no step starts after the stop was seen). */
  constructor(readonly done: number) {
    super('Cancelled');
    this.name = 'AbortError';
  }
}

/**
 * The WebGPU device was lost during this run: it stopped at `stage` / `step` (nothing more runs on
 * the lost device). `resume` is what a new run needs to go on from there (absent when the loss hit
 * before the denoising loop: the run is simply redone).
 */
export class GpuInterrupted extends Error {
  constructor(
    readonly stage: RunStage,
    readonly step: number,
    readonly reason: string,
    readonly resume: ResumeState | undefined,
    readonly textMs: number,
    readonly stepsMs: number[],
  ) {
    super(`${reason} (${stage}, step ${step})`);
    this.name = 'GpuInterrupted';
  }
}

/** How the pipeline notices that the WebGPU device of the model's sessions is lost. */
export interface DeviceGuard {
  /** Why the device is gone; undefined while it is fine. */
  lost(): string | undefined;
  /** A session call on WebGPU failed: the loss that explains it (may wait briefly), or undefined. */
  explain(error: unknown): Promise<string | undefined>;
  /**
   * Settles like `run`, except that a run still pending when the device is lost is given up
   * (rejects), so a dead device cannot hang the loop.
   */
  watch<T>(run: Promise<T>): Promise<T>;
}

export interface RunHooks {
  onStep?: (p: StepProgress) => void;
  /** Checked before every step; true stops the run with a CancelledError. */
  shouldStop?: () => boolean;
  /**
   * Awaited before every `shouldStop` check. On WASM a session run resolves without giving the
   * worker's event loop a turn, so a cancel message would wait until the whole loop ended; the
   * worker passes a macrotask yield here so the message is seen before the next step.
   */
  beforeStep?: () => Promise<void>;
  /** Device-loss handling (the worker's; absent = a failed call just fails). */
  device?: DeviceGuard;
  /** Called right after UNet step `step` (1-based) was started, before it is awaited (test hook). */
  duringStep?: (step: number) => void;
}

export const MAX_STEPS = 200;

function checkRequest(r: GenerateRequest): void {
  if (!Number.isInteger(r.steps) || r.steps < 1 || r.steps > MAX_STEPS)
    throw new RangeError(`steps must be 1..${MAX_STEPS}`);
  if (!(r.guidance >= 0 && r.guidance <= 30)) throw new RangeError('guidance must be in [0, 30]');
  if (!Number.isInteger(r.seed) || r.seed < 0 || r.seed > 0xffffffff)
    throw new RangeError('seed must be an integer in [0, 2^32)');
  if (r.init && !(r.init.strength >= 0 && r.init.strength <= 1)) throw new RangeError('strength must be in [0, 1]');
  if (
    r.resume &&
    !(Number.isInteger(r.resume.fromStep) && r.resume.fromStep >= 1 && r.resume.latents instanceof Float32Array)
  ) {
    throw new RangeError('resume needs fromStep ≥ 1 and Float32Array latents');
  }
}

async function runFloat(
  ort: OrtModule,
  g: { session: import('onnxruntime-web').InferenceSession; output: string },
  name: string,
  data: Float32Array,
  dims: number[],
): Promise<Float32Array> {
  const type = inputMeta(g.session, name).type ?? 'float32';
  const out = await g.session.run({ [name]: floatTensor(ort, type, data, dims) });
  const v = await readFloat(out[g.output]);
  for (const t of Object.values(out)) t.dispose();
  return v;
}

/** One run's shared state: the session-call guard and the timings it reports on interruption. */
class Run {
  readonly stepsMs: number[] = [];
  readonly t0 = performance.now();
  textMs = 0;
  constructor(
    readonly ort: OrtModule,
    readonly model: LoadedModel,
    readonly hooks: RunHooks,
  ) {}

  /** Runs `call`; on a lost device stops the run with GpuInterrupted (state from `resume()`). */
  async onDevice<T>(stage: RunStage, step: number, call: () => Promise<T>, resume?: () => ResumeState): Promise<T> {
    const g = this.hooks.device;
    if (!g || !this.model.usesWebGpu) return call();
    let reason = g.lost();
    if (!reason) {
      try {
        const v = await g.watch(call());
        reason = g.lost();
        if (!reason) return v;
        // Lost while the call ran: its output is not trusted; the call is redone after the move.
      } catch (e) {
        reason = await g.explain(e);
        if (!reason) throw e;
      }
    }
    throw new GpuInterrupted(stage, step, reason, resume?.(), this.textMs, this.stepsMs);
  }

  /**
   * Unscaled posterior mean (C·h·h values) of a picture, encoded once per run: the image prompt
   * and the img2img start are often the same picture (story look 'both').
   */
  private readonly latents = new Map<ImagePixels, Promise<Float32Array>>();
  encode(im: ImagePixels): Promise<Float32Array> {
    let v = this.latents.get(im);
    if (!v) {
      const { info, vaeEncoder } = this.model;
      const S = info.imageSize;
      const n = info.latentChannels * info.latentSize * info.latentSize;
      const img = rgbaToChw(im.data, im.width, im.height, S);
      // latent_parameters (mean ‖ logvar) carries 2C channels: take the mean
      v = this.onDevice('encode', 0, () => runFloat(this.ort, vaeEncoder!, 'sample', img, [1, 3, S, S])).then((m) =>
        m.slice(0, n),
      );
      this.latents.set(im, v);
    }
    return v;
  }
}

/** Conditioning: text contexts, then N image-prompt tokens; [uncond, cond] when guidance ≠ 1. */
async function conditioning(run: Run, req: GenerateRequest): Promise<{ ctx: Float32Array; Lc: number; cfg: boolean }> {
  const { model, ort } = run;
  const { info } = model;
  const { length: L, dim: D } = info.context;
  const h = info.latentSize;
  let cond: Float32Array = new Float32Array(L * D);
  let uncond: Float32Array = new Float32Array(L * D);
  if (model.text) {
    const prompt = checkPrompt(req.prompt, model.text);
    cond = await run.onDevice('text', 0, () => model.text!.encode(prompt));
    uncond = await run.onDevice('text', 0, () => model.text!.encode(req.negativePrompt ?? ''));
  }
  run.textMs = performance.now() - run.t0;
  // Image prompt → extra context tokens (the text's, then N of the reference's).
  const N = model.imageProj?.tokens ?? 0;
  let tokens: Float32Array = new Float32Array(N * D);
  if (req.imagePrompt && model.imageProj) {
    const mean = await run.encode(req.imagePrompt);
    const dims = [1, info.latentChannels, h, h];
    tokens = await run.onDevice('encode', 0, () => runFloat(ort, model.imageProj!, 'latent_sample', mean, dims));
    if (tokens.length !== N * D) throw new Error(`image_proj returned ${tokens.length} values, expected ${N}×${D}`);
  }
  const Lc = L + N;
  const withTokens = (text: Float32Array, tok: Float32Array) => {
    if (!N) return text;
    const out = new Float32Array(Lc * D);
    out.set(text, 0);
    out.set(tok, L * D);
    return out;
  };
  const condCtx = withTokens(cond, tokens);
  const cfg = req.guidance !== 1;
  if (!cfg) return { ctx: condCtx, Lc, cfg };
  const ctx = new Float32Array(2 * Lc * D);
  ctx.set(withTokens(uncond, new Float32Array(N * D)), 0);
  ctx.set(condCtx, Lc * D);
  return { ctx, Lc, cfg };
}

/** The scheduler, its timesteps, and the latents the loop starts from (resume, img2img or noise). */
async function startLatents(run: Run, req: GenerateRequest) {
  const { model } = run;
  const { info } = model;
  const n = info.latentChannels * info.latentSize * info.latentSize;
  const rawKind = req.scheduler ?? (model.schedulerClass === 'DDIMScheduler' ? 'ddim' : 'euler');
  const sch = createScheduler(model.schedulerConfig, rawKind);
  sch.setTimesteps(req.steps);
  const noise = gaussianNoise(req.seed, n);
  let z: Float32Array;
  let timesteps = sch.timesteps;
  let first = 0;
  if (req.resume) {
    // Going on from an interrupted run: its latents before step `fromStep` (loop length + 1 = decode).
    if (req.init) timesteps = img2imgTimesteps(sch.timesteps, req.init.strength);
    if (req.resume.latents.length !== n)
      throw new RangeError(`resume latents have ${req.resume.latents.length} values, expected ${n}`);
    if (req.resume.fromStep > timesteps.length + 1)
      throw new RangeError(`resume step ${req.resume.fromStep} is past the ${timesteps.length}-step run`);
    z = req.resume.latents;
    first = req.resume.fromStep - 1;
  } else if (req.init) {
    const z0 = (await run.encode(req.init.image)).map((v) => v * info.scalingFactor);
    timesteps = img2imgTimesteps(sch.timesteps, req.init.strength);
    z = timesteps.length ? sch.addNoise(z0, noise, timesteps[0]) : z0;
  } else {
    z = noise.map((v) => v * sch.initNoiseSigma);
  }
  return { sch, timesteps, first, z };
}

/** The denoising loop from step `first`: one UNet call per timestep, guidance, scheduler step. */
async function denoise(
  run: Run,
  req: GenerateRequest,
  cond: { ctx: Float32Array; Lc: number; cfg: boolean },
  start: Awaited<ReturnType<typeof startLatents>>,
): Promise<Float32Array> {
  const { ort, model, hooks } = run;
  const { info } = model;
  const C = info.latentChannels;
  const h = info.latentSize;
  const n = C * h * h;
  const { sch, timesteps } = start;
  const { cfg, Lc } = cond;
  const tMeta = inputMeta(model.unet.session, 'timestep');
  const tType = tMeta.type ?? 'float32';
  const tScalar = tMeta.shape !== undefined && tMeta.shape.length === 0;
  const tOne = tMeta.shape?.length === 1 && tMeta.shape[0] === 1;
  const sType = inputMeta(model.unet.session, 'sample').type ?? 'float32';
  const cType = inputMeta(model.unet.session, 'encoder_hidden_states').type ?? 'float32';
  const B = cfg ? 2 : 1;
  const ctxTensor = floatTensor(ort, cType, cond.ctx, [B, Lc, info.context.dim]);
  let z = start.z;
  for (let i = start.first; i < timesteps.length; i++) {
    await hooks.beforeStep?.();
    if (hooks.shouldStop?.()) throw new CancelledError(i);
    const ts0 = performance.now();
    const t = timesteps[i];
    const x = sch.scaleModelInput(z, t);
    const xb = cfg ? new Float32Array(2 * n) : x;
    if (cfg) {
      xb.set(x, 0);
      xb.set(x, n);
    }
    const tDims = tScalar ? [] : tOne ? [1] : [B];
    const tData = new Array<number>(tScalar || tOne ? 1 : B).fill(t);
    const zBefore = z;
    const pred = await run.onDevice(
      'unet',
      i + 1,
      async () => {
        const tTensor = tType.startsWith('int')
          ? intTensor(ort, tType, tData, tDims)
          : floatTensor(ort, tType, Float32Array.from(tData), tDims);
        const running = model.unet.session.run({
          sample: floatTensor(ort, sType, xb, [B, C, h, h]),
          timestep: tTensor,
          encoder_hidden_states: ctxTensor,
        });
        hooks.duringStep?.(i + 1);
        const out = await running;
        const v = await readFloat(out[model.unet.output]);
        for (const o of Object.values(out)) o.dispose();
        return v;
      },
      () => ({ fromStep: i + 1, latents: zBefore }),
    );
    let eps: Float32Array;
    if (cfg) {
      eps = new Float32Array(n);
      for (let k = 0; k < n; k++) eps[k] = pred[k] + req.guidance * (pred[n + k] - pred[k]);
    } else eps = pred;
    z = sch.step(eps, t, z);
    const ms = performance.now() - ts0;
    run.stepsMs.push(ms);
    hooks.onStep?.({ step: i + 1, total: timesteps.length, timestep: t, ms, backend: info.backend });
  }
  await hooks.beforeStep?.();
  if (hooks.shouldStop?.()) throw new CancelledError(timesteps.length);
  return z;
}

/** clamp(vae_decoder(z / scaling_factor), −1, 1): 3·S·S values in CHW. */
async function decodeLatents(run: Run, z: Float32Array, steps: number): Promise<Float32Array> {
  const { info, vaeDecoder } = run.model;
  const S = info.imageSize;
  const h = info.latentSize;
  const zs = z.map((v) => v / info.scalingFactor);
  const decoded = await run.onDevice(
    'decode',
    steps + 1,
    () => runFloat(run.ort, vaeDecoder, 'latent_sample', zs, [1, info.latentChannels, h, h]),
    () => ({ fromStep: steps + 1, latents: z }),
  );
  const pixels = decoded.map((v) => Math.min(1, Math.max(-1, v)));
  if (pixels.length !== 3 * S * S)
    throw new Error(`vae_decoder returned ${pixels.length} values, expected 3×${S}×${S}`);
  return pixels;
}

export async function generate(
  ort: OrtModule,
  model: LoadedModel,
  req: GenerateRequest,
  hooks: RunHooks = {},
): Promise<GenerateResult> {
  checkRequest(req);
  if (req.imagePrompt && !model.imageProj)
    throw new Error('This model has no image_proj: image prompts are not available');
  if (req.init && !req.resume && !model.vaeEncoder)
    throw new Error('This model has no vae_encoder: image-to-image is not available');
  const { info } = model;
  const run = new Run(ort, model, hooks);
  const cond = await conditioning(run, req);
  const start = await startLatents(run, req);
  const z = await denoise(run, req, cond, start);
  const td = performance.now();
  const pixels = await decodeLatents(run, z, start.timesteps.length);
  const decodeMs = performance.now() - td;
  const S = info.imageSize;
  return {
    image: { width: S, height: S, data: chwToRgba(pixels, S) },
    pixels,
    seed: req.seed,
    steps: start.timesteps.length,
    backend: info.backend,
    ...(req.resume ? { resumedFrom: req.resume.fromStep } : {}),
    timings: { textMs: run.textMs, stepsMs: run.stepsMs, decodeMs, totalMs: performance.now() - run.t0 },
  };
}
