/**
 * Paper-white regions (pure). On a gray panel coloured with its tones kept ('gray': every pixel
 * keeps its L*, src/core/regions/composite.ts) a region of white paper stays white whatever its
 * flat colour, so a hint there changes nothing a person can see. The editor says so and points to
 * "Line art", which fills white with the flat colour.
 */
import { L_OF_GRAY } from './composite';
import type { Hint } from '../color/hints';
import type { FlatFill } from './fill';
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
  const { sum, count } = lightnessOf(model, grayRgba, colored);
  const out: number[] = [];
  for (let r = 0; r < count.length; r++) if (count[r] && sum[r] / count[r] >= WHITE_L) out.push(r);
  return out;
}

/** Per coloured region: the sum of its off-line pixels' L*, their count, and how many are paper (L* ≥ WHITE_L). */
function lightnessOf(
  model: RegionModel,
  grayRgba: Uint8ClampedArray | Uint8Array,
  colored: readonly unknown[],
): { sum: Float64Array; count: Uint32Array; paper: Uint32Array } {
  const k = model.regions.length;
  const sum = new Float64Array(k);
  const count = new Uint32Array(k);
  const paper = new Uint32Array(k);
  const { labels } = model;
  for (let i = 0; i < labels.length; i++) {
    const r = labels[i];
    if (r === LINE || !colored[r]) continue;
    const l = L_OF_GRAY[grayRgba[i * 4]];
    sum[r] += l;
    count[r]++;
    if (l >= WHITE_L) paper[r]++;
  }
  return { sum, count, paper };
}

/** A fill counts as spread over the paper when its blank paper covers at least this share of the panel. */
export const PAPER_SPREAD = 0.25;

/**
 * Fills that ran over blank paper from a part that is not paper (pure): coloured regions whose
 * point hint sits on a drawn or toned part (mean L* of its 5 × 5 px < WHITE_L) while the region's
 * blank paper (L* ≥ WHITE_L) covers at least PAPER_SPREAD of the panel. With tones kept that paper
 * shows no colour, so a fill that ran from an object through a gap in its outline into the
 * background is invisible on the panel, yet it is in the flats layer (a trial's screentoned bag
 * filled 55 % of a panel in the PSD). `share`: the largest such paper share (0: none).
 */
export function paperSpread(
  model: RegionModel,
  grayRgba: Uint8ClampedArray | Uint8Array,
  fill: Pick<FlatFill, 'colors' | 'hintOf'>,
  hints: readonly Hint[],
): { regions: number[]; share: number } {
  const { labels, width: W, height: H } = model;
  const { paper } = lightnessOf(model, grayRgba, fill.colors);
  const regions: number[] = [];
  let share = 0;
  for (let r = 0; r < paper.length; r++) {
    const h = hints[fill.hintOf[r]];
    if (paper[r] < PAPER_SPREAD * labels.length || h?.kind !== 'point') continue;
    let sum = 0;
    let n = 0;
    for (let y = Math.floor(h.y) - 2; y <= Math.floor(h.y) + 2; y++)
      for (let x = Math.floor(h.x) - 2; x <= Math.floor(h.x) + 2; x++)
        if (x >= 0 && y >= 0 && x < W && y < H) {
          sum += L_OF_GRAY[grayRgba[(y * W + x) * 4]];
          n++;
        }
    if (!n || sum / n >= WHITE_L) continue; // clicked on paper: the paper notice's case
    regions.push(r);
    share = Math.max(share, paper[r] / labels.length);
  }
  return { regions, share };
}
