/**
 * The active CLIP model's calibrated zero-shot tag thresholds (config.json `toonsmith.tag_threshold`
 * and `tag_thresholds`, written by models/clip/calibrate_tags.mjs). The shipped model's config is
 * read from the app's own origin; an imported folder's from its stored config.json (that one small
 * file; the model's graphs are read by the CLIP worker only). Anything missing or
 * unreadable → UNCALIBRATED (no tag is applied automatically; all are suggestions).
 */
import { thresholdsFromConfig, UNCALIBRATED, type TagThresholds } from '../../core/search/tag-policy';
import type { ClipSource } from '../../bridge/clip';
import { getModel, readModelFile } from '../../store/models';

export async function tagThresholds(source: ClipSource): Promise<TagThresholds> {
  try {
    if (source.kind === 'imported') {
      const rec = await getModel(source.id);
      const bytes = rec && (await readModelFile(rec, 'config.json'));
      return bytes ? thresholdsFromConfig(JSON.parse(new TextDecoder().decode(bytes))) : UNCALIBRATED;
    }
    const res = await fetch(`${import.meta.env.BASE_URL}models/${source.id}/config.json`);
    return res.ok ? thresholdsFromConfig(await res.json()) : UNCALIBRATED;
  } catch {
    return UNCALIBRATED;
  }
}
