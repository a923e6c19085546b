/**
 * The generation loop (same procedure as models/diffusion/sample.py, which writes the references):
 *   txt2img: z = N(seed)·initNoiseSigma over all timesteps
 *   img2img: z0 = vae_encoder(image)·scaling_factor; timesteps = img2imgTimesteps(strength);
 *            z = addNoise(z0, N(seed), first timestep)
 *   each t:  x = scaleModelInput(z, t); guidance ≠ 1 → one UNet call on [uncond, cond]
 *            out = u + g·(c − u); z = step(out, t, z); progress; stop if asked
 *   image  = clamp(vae_decoder(z / scaling_factor), −1, 1) → RGBA
 */
import { createScheduler, gaussianNoise, img2imgTimesteps } from '../../src/core/diffusion';
import type { LoadedModel } from './load';
import { checkPrompt } from './text';
import { chwToRgba, floatTensor, intTensor, readFloat, rgbaToChw, type OrtModule } from './tensors';
import type { GenerateRequest, GenerateResult, StepProgress } from './types';
import { inputMeta } from './validate';

export class CancelledError extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'AbortError';
  }
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
}

export const MAX_STEPS = 200;

function checkRequest(r: GenerateRequest): void {
  if (!Number.isInteger(r.steps) || r.steps < 1 || r.steps > MAX_STEPS) throw new RangeError(`steps must be 1..${MAX_STEPS}`);
  if (!(r.guidance >= 0 && r.guidance <= 30)) throw new RangeError('guidance must be in [0, 30]');
  if (!Number.isInteger(r.seed) || r.seed < 0 || r.seed > 0xffffffff) throw new RangeError('seed must be an integer in [0, 2^32)');
  if (r.init && !(r.init.strength >= 0 && r.init.strength <= 1)) throw new RangeError('strength must be in [0, 1]');
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

export async function generate(
  ort: OrtModule,
  model: LoadedModel,
  req: GenerateRequest,
  hooks: RunHooks = {},
): Promise<GenerateResult> {
  checkRequest(req);
  const { info } = model;
  const t0 = performance.now();
  const C = info.latentChannels;
  const h = info.latentSize;
  const n = C * h * h;
  const { length: L, dim: D } = info.context;

  // --- text → contexts
  let cond: Float32Array = new Float32Array(L * D);
  let uncond: Float32Array = new Float32Array(L * D);
  if (model.text) {
    const prompt = checkPrompt(req.prompt, model.text);
    cond = await model.text.encode(prompt);
    uncond = await model.text.encode(req.negativePrompt ?? '');
  }
  const textMs = performance.now() - t0;
  const cfg = req.guidance !== 1;
  const ctx = cfg ? new Float32Array(2 * L * D) : cond;
  if (cfg) {
    ctx.set(uncond, 0);
    ctx.set(cond, L * D);
  }

  // --- scheduler and start latents
  const rawKind = req.scheduler ?? (model.schedulerClass === 'DDIMScheduler' ? 'ddim' : 'euler');
  const sch = createScheduler(model.schedulerConfig, rawKind);
  sch.setTimesteps(req.steps);
  const noise = gaussianNoise(req.seed, n);
  let z: Float32Array;
  let timesteps = sch.timesteps;
  if (req.init) {
    if (!model.vaeEncoder) throw new Error('This model has no vae_encoder: image-to-image is not available');
    const img = rgbaToChw(req.init.image.data, req.init.image.width, req.init.image.height, info.imageSize);
    const mean = await runFloat(ort, model.vaeEncoder, 'sample', img, [1, 3, info.imageSize, info.imageSize]);
    // latent_parameters (mean ‖ logvar) carries 2C channels: take the mean
    const z0 = mean.subarray(0, n).map((v) => v * info.scalingFactor);
    timesteps = img2imgTimesteps(sch.timesteps, req.init.strength);
    z = timesteps.length ? sch.addNoise(z0, noise, timesteps[0]) : z0;
  } else {
    z = noise.map((v) => v * sch.initNoiseSigma);
  }

  // --- denoising loop
  const tMeta = inputMeta(model.unet.session, 'timestep');
  const tType = tMeta.type ?? 'float32';
  const tScalar = tMeta.shape !== undefined && tMeta.shape.length === 0;
  const tOne = tMeta.shape?.length === 1 && tMeta.shape[0] === 1;
  const sType = inputMeta(model.unet.session, 'sample').type ?? 'float32';
  const cType = inputMeta(model.unet.session, 'encoder_hidden_states').type ?? 'float32';
  const B = cfg ? 2 : 1;
  const ctxTensor = floatTensor(ort, cType, ctx, [B, L, D]);
  const stepsMs: number[] = [];
  for (let i = 0; i < timesteps.length; i++) {
    await hooks.beforeStep?.();
    if (hooks.shouldStop?.()) throw new CancelledError();
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
    const tTensor = tType.startsWith('int')
      ? intTensor(ort, tType, tData, tDims)
      : floatTensor(ort, tType, Float32Array.from(tData), tDims);
    const out = await model.unet.session.run({
      sample: floatTensor(ort, sType, xb, [B, C, h, h]),
      timestep: tTensor,
      encoder_hidden_states: ctxTensor,
    });
    const pred = await readFloat(out[model.unet.output]);
    for (const v of Object.values(out)) v.dispose();
    let eps: Float32Array;
    if (cfg) {
      eps = new Float32Array(n);
      for (let k = 0; k < n; k++) eps[k] = pred[k] + req.guidance * (pred[n + k] - pred[k]);
    } else eps = pred;
    z = sch.step(eps, t, z);
    const ms = performance.now() - ts0;
    stepsMs.push(ms);
    hooks.onStep?.({ step: i + 1, total: timesteps.length, timestep: t, ms });
  }
  await hooks.beforeStep?.();
  if (hooks.shouldStop?.()) throw new CancelledError();

  // --- decode
  const td = performance.now();
  const zs = z.map((v) => v / info.scalingFactor);
  const S = info.imageSize;
  const pixels = (await runFloat(ort, model.vaeDecoder, 'latent_sample', zs, [1, C, h, h])).map((v) =>
    Math.min(1, Math.max(-1, v)),
  );
  if (pixels.length !== 3 * S * S) throw new Error(`vae_decoder returned ${pixels.length} values, expected 3×${S}×${S}`);
  const decodeMs = performance.now() - td;
  return {
    image: { width: S, height: S, data: chwToRgba(pixels, S) },
    pixels,
    seed: req.seed,
    steps: timesteps.length,
    timings: { textMs, stepsMs, decodeMs, totalMs: performance.now() - t0 },
  };
}
