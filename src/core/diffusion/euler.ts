/**
 * Euler-discrete sampler in σ-space (Karras et al. 2022, "Elucidating the Design Space…", Alg. 2
 * without churn), as in k-diffusion / diffusers EulerDiscreteScheduler:
 *   σ(t) = √((1−ᾱ_t)/ᾱ_t), linearly interpolated between integer t; σ after the last step = 0
 *   model input  = x / √(σ²+1)
 *   x̂0 = x − σ·ε                                   (epsilon)
 *   x̂0 = v·(−σ/√(σ²+1)) + x/(σ²+1)                 (v-prediction)
 *   x_next = x + (x − x̂0)/σ · (σ_next − σ)
 * initNoiseSigma = σ_max for 'linspace'/'trailing' spacing, √(σ_max²+1) for 'leading'.
 * addNoise: x = x0 + σ(t)·noise.
 */
import { alphasCumprod, spacedTimesteps, type SchedulerConfig } from './config';
import { checkSameLength, indexOfTimestep, type Scheduler } from './scheduler';

export class EulerDiscreteScheduler implements Scheduler {
  readonly config: SchedulerConfig;
  readonly alphasCumprod: Float64Array;
  /** σ for every training timestep. */
  readonly trainSigmas: Float64Array;
  timesteps: Float64Array = new Float64Array(0);
  /** σ per inference step plus a trailing 0 (length n + 1). */
  sigmas: Float64Array = new Float64Array(0);
  initNoiseSigma = 1;

  constructor(config: SchedulerConfig) {
    this.config = config;
    this.alphasCumprod = alphasCumprod(config);
    this.trainSigmas = this.alphasCumprod.map((a) => Math.sqrt((1 - a) / a));
  }

  /** σ at a (possibly fractional) timestep, by linear interpolation (numpy.interp). */
  sigmaAt(t: number): number {
    const s = this.trainSigmas;
    if (t <= 0) return s[0];
    if (t >= s.length - 1) return s[s.length - 1];
    const lo = Math.floor(t);
    const f = t - lo;
    return s[lo] + (s[lo + 1] - s[lo]) * f;
  }

  setTimesteps(n: number): void {
    this.timesteps = spacedTimesteps(this.config, n, false);
    const sig = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) sig[i] = this.sigmaAt(this.timesteps[i]);
    sig[n] = 0;
    this.sigmas = sig;
    const maxSigma = Math.max(...Array.from(sig));
    this.initNoiseSigma = this.config.timestep_spacing === 'leading' ? Math.sqrt(maxSigma * maxSigma + 1) : maxSigma;
  }

  scaleModelInput(sample: Float32Array, t: number): Float32Array {
    const sigma = this.sigmas[indexOfTimestep(this.timesteps, t)];
    const c = 1 / Math.sqrt(sigma * sigma + 1);
    const out = new Float32Array(sample.length);
    for (let k = 0; k < out.length; k++) out[k] = sample[k] * c;
    return out;
  }

  step(modelOutput: Float32Array, t: number, sample: Float32Array): Float32Array {
    checkSameLength(modelOutput, sample, 'Euler step');
    const i = indexOfTimestep(this.timesteps, t);
    const sigma = this.sigmas[i];
    const dt = this.sigmas[i + 1] - sigma;
    const v = this.config.prediction_type === 'v_prediction';
    const cOut = -sigma / Math.sqrt(sigma * sigma + 1);
    const cSkip = 1 / (sigma * sigma + 1);
    const out = new Float32Array(sample.length);
    for (let k = 0; k < out.length; k++) {
      const x = sample[k];
      const x0 = v ? modelOutput[k] * cOut + x * cSkip : x - sigma * modelOutput[k];
      out[k] = x + ((x - x0) / sigma) * dt;
    }
    return out;
  }

  addNoise(original: Float32Array, noise: Float32Array, t: number): Float32Array {
    checkSameLength(original, noise, 'Euler addNoise');
    const i = this.timesteps.length ? this.timesteps.indexOf(t) : -1;
    const sigma = i >= 0 ? this.sigmas[i] : this.sigmaAt(t);
    const out = new Float32Array(original.length);
    for (let k = 0; k < out.length; k++) out[k] = original[k] + sigma * noise[k];
    return out;
  }
}
