/**
 * The scheduler contract shared by DDIM and Euler-discrete (diffusers-compatible semantics):
 *   setTimesteps(n) → timesteps (descending); for each t: out = unet(scaleModelInput(x, t), t, …);
 *   x = step(out, t, x). addNoise(x0, noise, t) makes the img2img start latents;
 *   img2imgTimesteps(strength) says which of the timesteps an img2img run walks.
 * Tensors are flat Float32Arrays (any shape; element-wise maths), scalars are float64.
 */
import type { SchedulerConfig } from './config';

export interface Scheduler {
  readonly config: SchedulerConfig;
  /** Descending inference timesteps after setTimesteps (the values fed to the UNet). */
  readonly timesteps: Float64Array;
  /** Standard deviation of the initial noise for txt2img (1 for DDIM, σ_max-ish for Euler). */
  readonly initNoiseSigma: number;
  setTimesteps(n: number): void;
  /** Scales the denoiser input at timestep t (identity for DDIM, x/√(σ²+1) for Euler). */
  scaleModelInput(sample: Float32Array, t: number): Float32Array;
  /** One reverse step from timestep t to the next one in `timesteps`. */
  step(modelOutput: Float32Array, t: number, sample: Float32Array): Float32Array;
  /** Forward-noises clean latents to timestep t (img2img start). */
  addNoise(original: Float32Array, noise: Float32Array, t: number): Float32Array;
}

/**
 * img2img: with n inference steps and strength s ∈ [0, 1], skip the first n − ⌊n·s⌋ timesteps
 * (diffusers' StableDiffusionImg2ImgPipeline.get_timesteps). s = 1 walks them all; s = 0 none.
 */
export function img2imgTimesteps(timesteps: Float64Array, strength: number): Float64Array {
  const n = timesteps.length;
  return timesteps.slice(n - img2imgStepCount(n, strength).walked);
}

/**
 * How many of n steps an img2img run at `strength` walks (⌊n·s⌋, as img2imgTimesteps), and the
 * strengths that walk the same number: [from, below) — below = 1 when all n are walked, where
 * 1 is included. The UI says this under a strength control, since strengths in one such band
 * give identical pictures.
 */
export function img2imgStepCount(n: number, strength: number): { walked: number; from: number; below: number } {
  if (!(strength >= 0 && strength <= 1)) throw new Error('strength must be in [0, 1]');
  const walked = Math.min(Math.floor(n * strength), n);
  return { walked, from: walked / n, below: walked >= n ? 1 : (walked + 1) / n };
}

/**
 * The same band in hundredths, as a person types strengths: every two-decimal strength from
 * `from` to `to` (both included) walks `walked` steps, and `atLeast` is the smallest two-decimal
 * strength that walks one more (for "runs none: use at least …"). Rounded inwards, so that 0.33 at
 * 3 steps — which walks none — is never inside the band of 1.
 */
export function img2imgStrengthBand(
  n: number,
  strength: number,
): { walked: number; from: number; to: number; atLeast: number } {
  const c = img2imgStepCount(n, strength);
  const up = (x: number) => Math.ceil(x * 100 - 1e-9);
  const to = c.walked >= n ? 100 : up(c.below) - 1;
  return { walked: c.walked, from: up(c.from) / 100, to: to / 100, atLeast: up(c.below) / 100 };
}

export function indexOfTimestep(timesteps: Float64Array, t: number): number {
  for (let i = 0; i < timesteps.length; i++) if (Math.abs(timesteps[i] - t) < 1e-9) return i;
  throw new Error(`timestep ${t} is not one of the scheduler's timesteps (call setTimesteps first)`);
}

export function checkSameLength(a: Float32Array, b: Float32Array, what: string): void {
  if (a.length !== b.length) throw new Error(`${what}: length ${a.length} ≠ ${b.length}`);
}
