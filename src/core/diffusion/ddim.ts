/**
 * DDIM (Song, Meng, Ermon 2021, "Denoising Diffusion Implicit Models", eq. 12 with σ = 0 by
 * default, or σ_t = η·√((1−ᾱ_prev)/(1−ᾱ_t))·√(1−ᾱ_t/ᾱ_prev) with η > 0 and caller-given noise):
 *   x̂0 = (x_t − √(1−ᾱ_t)·ε) / √ᾱ_t                          (epsilon prediction)
 *   x̂0 = √ᾱ_t·x_t − √(1−ᾱ_t)·v,  ε = √ᾱ_t·v + √(1−ᾱ_t)·x_t     (v-prediction, Salimans & Ho 2022)
 *   x_prev = √ᾱ_prev·x̂0 + √(1−ᾱ_prev−σ²)·ε + σ·z
 * "prev" is the next entry of `timesteps`; after the last one ᾱ_prev = 1 (set_alpha_to_one) or ᾱ_0.
 * addNoise: x_t = √ᾱ_t·x0 + √(1−ᾱ_t)·noise (integer t).
 */
import { alphasCumprod, spacedTimesteps, type SchedulerConfig } from './config';
import { checkSameLength, indexOfTimestep, type Scheduler } from './scheduler';

export class DDIMScheduler implements Scheduler {
  readonly config: SchedulerConfig;
  readonly alphasCumprod: Float64Array;
  readonly initNoiseSigma = 1;
  timesteps: Float64Array = new Float64Array(0);
  private readonly finalAlphaCumprod: number;

  constructor(
    config: SchedulerConfig,
    private readonly eta = 0,
  ) {
    this.config = config;
    this.alphasCumprod = alphasCumprod(config);
    this.finalAlphaCumprod = config.set_alpha_to_one ? 1 : this.alphasCumprod[0];
  }

  setTimesteps(n: number): void {
    this.timesteps = spacedTimesteps(this.config, n, true);
  }

  scaleModelInput(sample: Float32Array): Float32Array {
    return sample;
  }

  private alphaAt(t: number): number {
    if (!Number.isInteger(t) || t < 0 || t >= this.alphasCumprod.length) throw new Error(`DDIM: bad timestep ${t}`);
    return this.alphasCumprod[t];
  }

  /** `noise` is only used when η > 0 (same length as sample). */
  step(modelOutput: Float32Array, t: number, sample: Float32Array, noise?: Float32Array): Float32Array {
    checkSameLength(modelOutput, sample, 'DDIM step');
    const i = indexOfTimestep(this.timesteps, t);
    const a = this.alphaAt(t);
    const aPrev = i + 1 < this.timesteps.length ? this.alphaAt(this.timesteps[i + 1]) : this.finalAlphaCumprod;
    const sa = Math.sqrt(a);
    const s1a = Math.sqrt(1 - a);
    const variance = ((1 - aPrev) / (1 - a)) * (1 - a / aPrev);
    const sigma = this.eta * Math.sqrt(Math.max(variance, 0));
    if (sigma > 0 && (!noise || noise.length !== sample.length)) throw new Error('DDIM: η > 0 needs noise');
    const cX0 = Math.sqrt(aPrev);
    const cEps = Math.sqrt(Math.max(1 - aPrev - sigma * sigma, 0));
    const v = this.config.prediction_type === 'v_prediction';
    const out = new Float32Array(sample.length);
    for (let k = 0; k < sample.length; k++) {
      const x = sample[k];
      const m = modelOutput[k];
      let x0: number;
      let eps: number;
      if (v) {
        x0 = sa * x - s1a * m;
        eps = sa * m + s1a * x;
      } else {
        x0 = (x - s1a * m) / sa;
        eps = m;
      }
      out[k] = cX0 * x0 + cEps * eps + (sigma > 0 ? sigma * noise![k] : 0);
    }
    return out;
  }

  addNoise(original: Float32Array, noise: Float32Array, t: number): Float32Array {
    checkSameLength(original, noise, 'DDIM addNoise');
    const a = this.alphaAt(t);
    const sa = Math.sqrt(a);
    const s1a = Math.sqrt(1 - a);
    const out = new Float32Array(original.length);
    for (let k = 0; k < out.length; k++) out[k] = sa * original[k] + s1a * noise[k];
    return out;
  }
}
