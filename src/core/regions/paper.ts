/**
 * Paper-white regions (pure). On a gray panel coloured with its tones kept ('gray': every pixel
 * keeps its L*, src/core/regions/composite.ts) a region of white paper stays white whatever its
 * flat colour, so a hint there changes nothing a person can see. The editor says so and points to
 * "Line art", which fills white with the flat colour.
 */
import { L_OF_GRAY } from './composite';
import { LINE, type RegionModel } from './types';

/** A region whose pixels have a mean L* at or above this looks like blank paper (gray ≥ 247). */
export const WHITE_L = 97;

/**
 * Ids of the coloured regions (`colored[r]` truthy) whose off-line pixels average L* ≥ WHITE_L in
 * the panel's gray (`grayRgba`, RGBA with R = G = B).
 */
export function paperRegions(
  model: RegionModel,
  grayRgba: Uint8ClampedArray | Uint8Array,
  colored: readonly unknown[],
): number[] {
  const sum = new Float64Array(model.regions.length);
  const count = new Uint32Array(model.regions.length);
  const { labels } = model;
  for (let i = 0; i < labels.length; i++) {
    const r = labels[i];
    if (r === LINE || !colored[r]) continue;
    sum[r] += L_OF_GRAY[grayRgba[i * 4]];
    count[r]++;
  }
  const out: number[] = [];
  for (let r = 0; r < count.length; r++) if (count[r] && sum[r] / count[r] >= WHITE_L) out.push(r);
  return out;
}
