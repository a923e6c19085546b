/**
 * TS schedulers vs the training side's numpy reference (models/diffusion/schedulers.py writes
 * test/fixtures/diffusion/scheduler-reference.json; regenerate with
 * `/usr/bin/python3 models/diffusion/schedulers.py`).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  alphasCumprod,
  createScheduler,
  DDIMScheduler,
  EulerDiscreteScheduler,
  img2imgTimesteps,
  img2imgStepCount,
  img2imgStrengthBand,
  parseSchedulerConfig,
  SeededRandom,
  gaussianNoise,
  type Scheduler,
} from '../../src/core/diffusion';

interface StepCase {
  t: number;
  sample: number[];
  model_input: number[];
  model_output: number[];
  prev_sample: number[];
}
interface Case {
  kind: 'ddim' | 'euler';
  config: Record<string, unknown>;
  steps: number;
  timesteps: number[];
  sigmas?: number[];
  init_noise_sigma: number;
  step_cases: StepCase[];
  add_noise: { t: number; original: number[]; noise: number[]; noisy: number[] };
  'img2img_timesteps_0.6': number[];
}
interface Reference {
  alphas_cumprod_scaled_linear: Record<string, number>;
  alphas_cumprod_linear: Record<string, number>;
  euler_train_sigmas_scaled_linear: Record<string, number>;
  rng: { seed: number; uint32: number[]; normal_seed_7: number[]; normal_seed_4294967295: number[] };
  cases: Case[];
}

const ref = JSON.parse(
  readFileSync(new URL('../fixtures/diffusion/scheduler-reference.json', import.meta.url), 'utf8'),
) as Reference;

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
    worst = Math.max(worst, d);
  }
  expect(worst).toBeLessThanOrEqual(tol);
}

describe('noise schedule', () => {
  it('alphas_cumprod matches numpy for scaled_linear and linear', () => {
    for (const [schedule, table] of [
      ['scaled_linear', ref.alphas_cumprod_scaled_linear],
      ['linear', ref.alphas_cumprod_linear],
    ] as const) {
      const ac = alphasCumprod(parseSchedulerConfig({ beta_schedule: schedule }));
      for (const [i, v] of Object.entries(table)) expect(Math.abs(ac[Number(i)] - v)).toBeLessThan(1e-12);
    }
  });
  it('Euler training sigmas match numpy', () => {
    const e = new EulerDiscreteScheduler(parseSchedulerConfig({}));
    for (const [i, v] of Object.entries(ref.euler_train_sigmas_scaled_linear)) {
      expect(Math.abs(e.trainSigmas[Number(i)] - v) / v).toBeLessThan(1e-12);
    }
  });
  it('matches the published Stable Diffusion σ range (k-diffusion: σ_min ≈ 0.0292, σ_max ≈ 14.6146)', () => {
    const e = new EulerDiscreteScheduler(parseSchedulerConfig({}));
    expect(e.trainSigmas[0]).toBeCloseTo(0.0292, 4);
    expect(e.trainSigmas[999]).toBeCloseTo(14.6146, 4);
  });
  it('refuses configs it does not implement, with the key named', () => {
    expect(() => parseSchedulerConfig({ beta_schedule: 'squaredcos_cap_v2' })).toThrow(/beta_schedule/);
    expect(() => parseSchedulerConfig({ prediction_type: 'sample' })).toThrow(/prediction_type/);
    expect(() => parseSchedulerConfig({ num_train_timesteps: 'x' })).toThrow(/num_train_timesteps/);
    expect(() => parseSchedulerConfig(null)).toThrow(/object/);
    const s = new DDIMScheduler(parseSchedulerConfig({}));
    expect(() => s.setTimesteps(0)).toThrow(/steps/);
    expect(() => s.setTimesteps(1001)).toThrow(/steps/);
  });
});

describe(`scheduler cases vs numpy (${ref.cases.length})`, () => {
  for (const c of ref.cases) {
    const name = `${c.kind} ${String(c.config.beta_schedule)} ${String(c.config.prediction_type)} ${String(
      c.config.timestep_spacing,
    )} n=${c.steps} offset=${String(c.config.steps_offset)} alpha1=${String(c.config.set_alpha_to_one)}`;
    it(name, () => {
      const s: Scheduler = createScheduler(c.config, c.kind);
      s.setTimesteps(c.steps);
      expect(Array.from(s.timesteps)).toEqual(c.timesteps.map((t) => expect.closeTo(t, 9)));
      expect(s.initNoiseSigma).toBeCloseTo(c.init_noise_sigma, 9);
      if (c.sigmas) expectClose((s as EulerDiscreteScheduler).sigmas, c.sigmas, 1e-12);
      for (const sc of c.step_cases) {
        const x = Float32Array.from(sc.sample);
        expectClose(s.scaleModelInput(x, sc.t), sc.model_input, 1e-6);
        expectClose(s.step(Float32Array.from(sc.model_output), sc.t, x), sc.prev_sample, 1e-6);
      }
      const an = c.add_noise;
      expectClose(s.addNoise(Float32Array.from(an.original), Float32Array.from(an.noise), an.t), an.noisy, 1e-6);
      expect(Array.from(img2imgTimesteps(s.timesteps, 0.6))).toEqual(
        c['img2img_timesteps_0.6'].map((t) => expect.closeTo(t, 9)),
      );
    });
  }
});

describe('full denoising loop sanity', () => {
  it('DDIM with the exact ε recovers x0 in one step (η = 0, set_alpha_to_one)', () => {
    const s = new DDIMScheduler(parseSchedulerConfig({ set_alpha_to_one: true, timestep_spacing: 'trailing' }));
    s.setTimesteps(1);
    const x0 = gaussianNoise(1, 64);
    const eps = gaussianNoise(2, 64);
    const t = s.timesteps[0];
    const xt = s.addNoise(x0, eps, t);
    expectClose(s.step(eps, t, xt), x0, 1e-4);
  });
  it('Euler with the exact ε walks to x0 (σ_last = 0)', () => {
    const s = new EulerDiscreteScheduler(parseSchedulerConfig({ timestep_spacing: 'trailing' }));
    s.setTimesteps(4);
    const x0 = gaussianNoise(3, 32);
    const eps = gaussianNoise(4, 32);
    let x = s.addNoise(x0, eps, s.timesteps[0]);
    for (const t of s.timesteps) {
      // exact ε for the current noisy sample: (x − x0)/σ
      const sigma = s.sigmas[Array.from(s.timesteps).indexOf(t)];
      const e = x.map((v, k) => (v - x0[k]) / sigma);
      x = s.step(e, t, x);
    }
    expectClose(x, x0, 1e-5);
  });
  it('img2img strength bounds', () => {
    const ts = Float64Array.from([900, 600, 300, 0]);
    expect(Array.from(img2imgTimesteps(ts, 1))).toEqual([900, 600, 300, 0]);
    expect(Array.from(img2imgTimesteps(ts, 0.5))).toEqual([300, 0]);
    expect(img2imgTimesteps(ts, 0).length).toBe(0);
    expect(() => img2imgTimesteps(ts, 1.5)).toThrow(/strength/);
  });
  it('strengths in one band walk the same steps (what the strength note says)', () => {
    const ts = Float64Array.from([900, 600, 300, 0]);
    // 0.6 and 0.7 at 4 steps: both walk the last 2, so the pictures are identical
    expect(img2imgStepCount(4, 0.6)).toEqual({ walked: 2, from: 0.5, below: 0.75 });
    expect(img2imgStepCount(4, 0.7)).toEqual(img2imgStepCount(4, 0.6));
    expect(img2imgStepCount(4, 0.2)).toEqual({ walked: 0, from: 0, below: 0.25 });
    expect(img2imgStepCount(4, 1)).toEqual({ walked: 4, from: 1, below: 1 });
    for (let k = 1; k <= 20; k++) {
      const s = k / 20;
      const c = img2imgStepCount(4, s);
      expect(img2imgTimesteps(ts, s).length).toBe(c.walked);
      expect(s).toBeGreaterThanOrEqual(c.from);
      if (c.walked < 4) expect(s).toBeLessThan(c.below);
    }
  });
  it('the band in hundredths holds exactly the two-decimal strengths that walk the same steps', () => {
    for (const n of [1, 3, 4, 6, 7, 9, 12, 19]) {
      for (let h = 1; h <= 100; h++) {
        const s = h / 100;
        const b = img2imgStrengthBand(n, s);
        const walks = (x: number) => img2imgTimesteps(new Float64Array(n), x).length;
        expect(walks(s)).toBe(b.walked);
        expect(b.from).toBeLessThanOrEqual(s);
        expect(b.to).toBeGreaterThanOrEqual(s);
        expect(walks(b.from)).toBe(b.walked);
        expect(walks(b.to)).toBe(b.walked);
        if (b.from > 0.01) expect(walks(Math.round(b.from * 100 - 1) / 100)).not.toBe(b.walked);
        if (b.to < 1) expect(walks(Math.round(b.to * 100 + 1) / 100)).not.toBe(b.walked);
        if (b.walked < n) expect(walks(b.atLeast)).toBe(b.walked + 1);
      }
    }
    // 3 steps: 0.33 walks none, so "use at least 0.34"
    expect(img2imgStrengthBand(3, 0.2)).toMatchObject({ walked: 0, atLeast: 0.34 });
    expect(img2imgStrengthBand(3, 0.5)).toMatchObject({ walked: 1, from: 0.34, to: 0.66 });
    expect(img2imgStrengthBand(4, 0.6)).toMatchObject({ walked: 2, from: 0.5, to: 0.74 });
  });
});

describe('seeded Gaussian RNG (same stream as models/diffusion/rng.py)', () => {
  it('uint32 stream matches Python', () => {
    const r = new SeededRandom(ref.rng.seed);
    expect(Array.from({ length: ref.rng.uint32.length }, () => r.nextUint32())).toEqual(ref.rng.uint32);
  });
  it('normals match Python bit for bit (float32)', () => {
    expect(Array.from(gaussianNoise(7, 9))).toEqual(ref.rng.normal_seed_7.map((v) => Math.fround(v)));
    expect(Array.from(gaussianNoise(4294967295, 4))).toEqual(ref.rng.normal_seed_4294967295.map((v) => Math.fround(v)));
  });
  it('is reproducible, seed-dependent and standard normal', () => {
    expect(gaussianNoise(5, 100)).toEqual(gaussianNoise(5, 100));
    expect(gaussianNoise(5, 100)).not.toEqual(gaussianNoise(6, 100));
    const z = gaussianNoise(123, 200_000);
    let m = 0;
    let v = 0;
    for (const x of z) m += x;
    m /= z.length;
    for (const x of z) v += (x - m) ** 2;
    v /= z.length;
    expect(Math.abs(m)).toBeLessThan(0.01);
    expect(Math.abs(v - 1)).toBeLessThan(0.01);
    expect(() => new SeededRandom(-1)).toThrow(/seed/);
  });
});
