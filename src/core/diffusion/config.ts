/**
 * Scheduler configuration in the Stable-Diffusion / diffusers `scheduler_config.json` shape,
 * and the noise schedule derived from it (betas → alphas → cumulative alpha products).
 *
 * Equations (Ho et al. 2020, DDPM; Rombach et al. 2022, LDM "scaled_linear"):
 *   linear:        β_i = β_start + (β_end − β_start) · i / (T − 1)
 *   scaled_linear: β_i = (√β_start + (√β_end − √β_start) · i / (T − 1))²
 *   ᾱ_t = Π_{i ≤ t} (1 − β_i)
 * Pure code (no DOM, no I/O): shared by the diffusion worker and Node tests.
 */

export type BetaSchedule = 'linear' | 'scaled_linear';
export type PredictionType = 'epsilon' | 'v_prediction';
export type TimestepSpacing = 'leading' | 'trailing' | 'linspace';

export interface SchedulerConfig {
  num_train_timesteps: number;
  beta_start: number;
  beta_end: number;
  beta_schedule: BetaSchedule;
  prediction_type: PredictionType;
  timestep_spacing: TimestepSpacing;
  /** Added to every timestep for 'leading' spacing (SD 1.x uses 1). */
  steps_offset: number;
  /** DDIM: ᾱ used after the last step (true → 1.0, false → ᾱ_0). */
  set_alpha_to_one: boolean;
}

export const DEFAULT_CONFIG: SchedulerConfig = {
  num_train_timesteps: 1000,
  beta_start: 0.00085,
  beta_end: 0.012,
  beta_schedule: 'scaled_linear',
  prediction_type: 'epsilon',
  timestep_spacing: 'leading',
  steps_offset: 0,
  set_alpha_to_one: false,
};

/** The largest num_train_timesteps read (issue 18: imported configs are bounded before use). */
export const MAX_TRAIN_TIMESTEPS = 100_000;

const BETA_SCHEDULES: readonly string[] = ['linear', 'scaled_linear'];
const PREDICTIONS: readonly string[] = ['epsilon', 'v_prediction'];
const SPACINGS: readonly string[] = ['leading', 'trailing', 'linspace'];

/**
 * Reads a diffusers-style scheduler_config.json object (unknown keys ignored, missing keys
 * defaulted). Throws with a clear message on values this code does not implement.
 */
export function parseSchedulerConfig(raw: unknown): SchedulerConfig {
  if (typeof raw !== 'object' || raw === null) throw new Error('scheduler config: not a JSON object');
  const r = raw as Record<string, unknown>;
  const num = (k: keyof SchedulerConfig, d: number): number => {
    const v = r[k];
    if (v === undefined || v === null) return d;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`scheduler config: ${k} must be a number`);
    return v;
  };
  const pick = (k: keyof SchedulerConfig, allowed: readonly string[], d: string): string => {
    const v = r[k];
    if (v === undefined || v === null) return d;
    if (typeof v !== 'string' || !allowed.includes(v)) {
      throw new Error(`scheduler config: ${k} "${String(v)}" is not supported (use ${allowed.join(', ')})`);
    }
    return v;
  };
  const cfg: SchedulerConfig = {
    num_train_timesteps: num('num_train_timesteps', DEFAULT_CONFIG.num_train_timesteps),
    beta_start: num('beta_start', DEFAULT_CONFIG.beta_start),
    beta_end: num('beta_end', DEFAULT_CONFIG.beta_end),
    beta_schedule: pick('beta_schedule', BETA_SCHEDULES, DEFAULT_CONFIG.beta_schedule) as BetaSchedule,
    prediction_type: pick('prediction_type', PREDICTIONS, DEFAULT_CONFIG.prediction_type) as PredictionType,
    timestep_spacing: pick('timestep_spacing', SPACINGS, DEFAULT_CONFIG.timestep_spacing) as TimestepSpacing,
    steps_offset: num('steps_offset', DEFAULT_CONFIG.steps_offset),
    set_alpha_to_one: typeof r.set_alpha_to_one === 'boolean' ? r.set_alpha_to_one : DEFAULT_CONFIG.set_alpha_to_one,
  };
  // Bounded before anything is allocated: the schedule holds T float64s per table (an imported
  // config saying 2^31 would ask for 16 GiB). Diffusers models use 1000.
  if (
    !Number.isInteger(cfg.num_train_timesteps) ||
    cfg.num_train_timesteps < 2 ||
    cfg.num_train_timesteps > MAX_TRAIN_TIMESTEPS
  ) {
    throw new Error(`scheduler config: num_train_timesteps must be an integer in 2..${MAX_TRAIN_TIMESTEPS}`);
  }
  if (!Number.isInteger(cfg.steps_offset) || cfg.steps_offset < 0 || cfg.steps_offset >= cfg.num_train_timesteps) {
    throw new Error('scheduler config: steps_offset must be an integer in 0..num_train_timesteps − 1');
  }
  if (!(cfg.beta_start > 0 && cfg.beta_end < 1 && cfg.beta_start <= cfg.beta_end)) {
    throw new Error('scheduler config: need 0 < beta_start ≤ beta_end < 1');
  }
  return cfg;
}

/** β_0..β_{T−1} as float64. */
export function betas(cfg: SchedulerConfig): Float64Array {
  const T = cfg.num_train_timesteps;
  const out = new Float64Array(T);
  const scaled = cfg.beta_schedule === 'scaled_linear';
  const a = scaled ? Math.sqrt(cfg.beta_start) : cfg.beta_start;
  const b = scaled ? Math.sqrt(cfg.beta_end) : cfg.beta_end;
  for (let i = 0; i < T; i++) {
    const v = a + ((b - a) * i) / (T - 1);
    out[i] = scaled ? v * v : v;
  }
  return out;
}

/** ᾱ_t = Π_{i≤t} (1 − β_i), float64. */
export function alphasCumprod(cfg: SchedulerConfig): Float64Array {
  const b = betas(cfg);
  const out = new Float64Array(b.length);
  let p = 1;
  for (let i = 0; i < b.length; i++) {
    p *= 1 - b[i];
    out[i] = p;
  }
  return out;
}

/**
 * Inference timesteps, descending, for n steps (Lin et al. 2023, "Common Diffusion Noise
 * Schedules and Sample Steps are Flawed", Table 2 names the three spacings):
 *   linspace: round(linspace(0, T−1, n))               (Euler keeps them unrounded: `round=false`)
 *   leading:  k · ⌊T/n⌋ + steps_offset, k = 0..n−1
 *   trailing: round(T − k · T/n) − 1,   k = 0..n−1
 */
export function spacedTimesteps(cfg: SchedulerConfig, n: number, round = true): Float64Array {
  const T = cfg.num_train_timesteps;
  if (!Number.isInteger(n) || n < 1 || n > T) throw new Error(`steps must be an integer in 1..${T}`);
  const out = new Float64Array(n);
  if (cfg.timestep_spacing === 'linspace') {
    const step = n === 1 ? 0 : (T - 1) / (n - 1);
    for (let k = 0; k < n; k++) {
      const v = k === n - 1 && n > 1 ? T - 1 : k * step; // numpy.linspace: i·step, exact endpoint
      out[n - 1 - k] = round ? roundHalfEven(v) : v;
    }
  } else if (cfg.timestep_spacing === 'leading') {
    const ratio = Math.floor(T / n);
    for (let k = 0; k < n; k++) out[n - 1 - k] = k * ratio + cfg.steps_offset;
  } else {
    const ratio = T / n;
    for (let k = 0; k < n; k++) out[k] = roundHalfEven(T - k * ratio) - 1;
  }
  return out;
}

/** Rounds half to even, like numpy.round, so both sides agree on .5 cases. */
export function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}
