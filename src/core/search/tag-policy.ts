/**
 * Which zero-shot tags are applied and which are only suggested (pure). A label's cosine must
 * reach its calibrated threshold (the model's config.json `toonsmith.tag_thresholds[label]`,
 * else `toonsmith.tag_threshold`; models/clip/calibrate_tags.mjs) to be applied; the rest of the
 * best labels are suggestions. A model without calibration applies nothing (global 1.01).
 * Labels the user already gave are never suggested; labels the user rejected (or removed) are
 * neither applied nor suggested; a label whose cosine is not above 0 (the picture is no closer to it
 * than to its opposite) is not suggested either (a trial saw "suggested: car -0.02").
 */

export interface TagThresholds {
  global: number;
  perLabel: Record<string, number>;
}

export interface ScoredTag {
  label: string;
  score: number;
}

/** No calibration: nothing is applied automatically. */
export const UNCALIBRATED: TagThresholds = { global: 1.01, perLabel: {} };

export function thresholdFor(label: string, th: TagThresholds = UNCALIBRATED): number {
  return Object.hasOwn(th.perLabel, label) ? th.perLabel[label] : th.global;
}

/** Reads `toonsmith.tag_threshold(s)` of a CLIP config.json object; UNCALIBRATED when absent or malformed. */
export function thresholdsFromConfig(config: unknown): TagThresholds {
  const ts = (config as { toonsmith?: { tag_threshold?: unknown; tag_thresholds?: unknown } } | null)?.toonsmith;
  const global =
    typeof ts?.tag_threshold === 'number' && Number.isFinite(ts.tag_threshold) ? ts.tag_threshold : UNCALIBRATED.global;
  const perLabel: Record<string, number> = {};
  if (ts?.tag_thresholds && typeof ts.tag_thresholds === 'object')
    for (const [k, v] of Object.entries(ts.tag_thresholds))
      if (typeof v === 'number' && Number.isFinite(v)) perLabel[k] = v;
  return { global, perLabel };
}

export function splitByThreshold(
  best: readonly ScoredTag[],
  th: TagThresholds = UNCALIBRATED,
  known: { userTags?: readonly string[]; rejected?: readonly string[] } = {},
): { tags: ScoredTag[]; suggested: ScoredTag[] } {
  const tags: ScoredTag[] = [];
  const suggested: ScoredTag[] = [];
  for (const t of best) {
    if (known.rejected?.includes(t.label)) continue; // the user took it off: never applied or suggested again
    if (t.score >= thresholdFor(t.label, th)) tags.push(t);
    else if (!known.userTags?.includes(t.label) && t.score > 0) suggested.push(t);
  }
  return { tags, suggested };
}
