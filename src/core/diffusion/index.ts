/** Diffusion schedulers and seeded noise (pure TS; see README.md). */
export * from './config';
export * from './scheduler';
export { DDIMScheduler } from './ddim';
export { EulerDiscreteScheduler } from './euler';
export { SeededRandom, gaussianNoise } from './rng';

import { parseSchedulerConfig } from './config';
import { DDIMScheduler } from './ddim';
import { EulerDiscreteScheduler } from './euler';
import type { Scheduler } from './scheduler';

export type SchedulerKind = 'ddim' | 'euler';

/**
 * Builds a scheduler from a diffusers scheduler_config.json object. `kind` overrides the
 * config's `_class_name` (DDIMScheduler → DDIM, anything else → Euler-discrete).
 */
export function createScheduler(rawConfig: unknown, kind?: SchedulerKind): Scheduler {
  const cfg = parseSchedulerConfig(rawConfig);
  let k = kind;
  if (!k) {
    const cls = (rawConfig as Record<string, unknown>)._class_name;
    // Any other SD scheduler class (PNDM, LMS, Euler ancestral…) shares the training noise
    // schedule, so the deterministic Euler sampler is a valid way to sample that model.
    k = cls === 'DDIMScheduler' ? 'ddim' : 'euler';
  }
  return k === 'ddim' ? new DDIMScheduler(cfg) : new EulerDiscreteScheduler(cfg);
}
