/**
 * Cross references inside a backup's manifest (pure): every id a record names — panel order,
 * panel images, hints, story panels, characters' images and palettes, the library's images and
 * the storyboard's panels, backgrounds and references — is one the backup itself carries.
 */
import type { BackupManifest } from './format';
import { libraryProblem } from './library-format';
import { storyboardReferenceProblem } from './storyboard-format';

/** Cross references of the project's records (panels, hints, story, characters). */
export function referenceProblem(man: BackupManifest): string | null {
  const panelIds = new Set(man.panels.map((p) => p.id));
  if (!man.project.panelIds.every((id) => panelIds.has(id)) || panelIds.size !== man.project.panelIds.length) {
    return 'panel order does not match panels';
  }
  const blobIds = new Set(man.blobs.map((b) => b.id));
  if (blobIds.size !== man.blobs.length) return 'duplicate blob id';
  for (const p of man.panels) {
    if (!blobIds.has(p.originalBlobId) || (p.resultBlobId !== undefined && !blobIds.has(p.resultBlobId))) {
      return `panel ${p.id} refers to a missing image`;
    }
  }
  if (!man.hints.every((h) => panelIds.has(h.panelId))) return 'hint for a missing panel';
  const story = man.story;
  if (story && !story.panels.every((sp) => sp.panelId === undefined || panelIds.has(sp.panelId))) {
    return 'story panel refers to a missing panel';
  }
  const characters = man.characters;
  if (characters) {
    const paletteIds = new Set(man.palettes.map((p) => p.id));
    if (new Set(characters.map((c) => c.id)).size !== characters.length) return 'duplicate character id';
    for (const c of characters) {
      if (!blobIds.has(c.blobId)) return `character ${c.id} refers to a missing image`;
      if (c.paletteId !== undefined && !paletteIds.has(c.paletteId))
        return `character ${c.id} refers to a missing palette`;
    }
  }
  const lib = man.library !== undefined ? libraryProblem(man.library, blobIds) : null;
  if (lib) return lib;
  if (man.storyboard) {
    const refBlob = new Map((man.library?.references ?? []).map((r) => [r.id, r.blobId] as const));
    return storyboardReferenceProblem(man.storyboard, panelIds, blobIds, refBlob);
  }
  return null;
}
