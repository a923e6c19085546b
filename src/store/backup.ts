/**
 * Backup persistence: reads everything a project owns (project, panels in order, their blobs,
 * hints, palettes, and story mode's draft `story:<id>` and character sheet `characters:<id>`
 * with the characters' image blobs) in one read transaction for `packBackup`, and writes a
 * validated backup back in ONE transaction.
 *
 * Export drops references that already dangle here (a story panel's panelId whose panel is gone,
 * a character's paletteId whose palette was deleted, a character whose image blob is missing),
 * so every backup written passes its own reader's cross-reference checks.
 *
 * Import keeps the backup's ids, so blobs come back byte for byte under the same ids. When the
 * project id already exists here, everything is imported as a copy under fresh ids (nothing
 * existing is overwritten; character ids, their blobIds and paletteIds and the story's panelIds
 * are remapped with the same id map as panels, blobs and palettes). A v1 backup (no story or
 * characters) leaves those settings records untouched. The imported project becomes the
 * current one.
 */
import { getDB, guardWrite, newId } from './db';
import type { BlobRecord, HintRecord, PaletteRecord, Panel, Project } from './schema';
import type { BackupContent } from '../features/backup/format';
import type { CharacterRecord } from './characters';
import type { StoryDraft } from './story';

const storyKey = (projectId: string): string => `story:${projectId}`;
const charactersKey = (projectId: string): string => `characters:${projectId}`;

export async function collectProject(projectId: string): Promise<BackupContent> {
  const db = await getDB();
  const tx = db.transaction(['projects', 'panels', 'blobs', 'hints', 'palettes', 'settings']);
  const project = await tx.objectStore('projects').get(projectId);
  if (!project) throw new Error(`No project ${projectId}`);
  const [panelRecs, palettes, storyRec, charactersRec] = await Promise.all([
    Promise.all(project.panelIds.map((id) => tx.objectStore('panels').get(id))),
    tx.objectStore('palettes').index('projectId').getAll(projectId),
    tx.objectStore('settings').get(storyKey(projectId)),
    tx.objectStore('settings').get(charactersKey(projectId)),
  ]);
  const panels = panelRecs.filter((p): p is Panel => !!p);
  const panelBlobIds = panels.flatMap((p) => (p.resultBlobId ? [p.originalBlobId, p.resultBlobId] : [p.originalBlobId]));
  const listed = Array.isArray(charactersRec?.value) ? (charactersRec.value as CharacterRecord[]) : [];
  const blobIds = [...new Set([...panelBlobIds, ...listed.map((c) => c.blobId)])];
  const [blobRecs, hintLists] = await Promise.all([
    Promise.all(blobIds.map((id) => tx.objectStore('blobs').get(id))),
    Promise.all(panels.map((p) => tx.objectStore('hints').index('panelId').getAll(p.id))),
  ]);
  await tx.done;
  const blobs = blobRecs.filter((b): b is BlobRecord => !!b);
  const hints = hintLists.flat();

  const havePanel = new Set(panels.map((p) => p.id));
  const haveBlob = new Set(blobs.map((b) => b.id));
  const havePalette = new Set(palettes.map((p) => p.id));
  const draft = (storyRec?.value ?? null) as StoryDraft | null;
  const story: StoryDraft | null = draft
    ? {
        ...draft,
        panels: draft.panels.map((sp) => {
          if (sp.panelId === undefined || havePanel.has(sp.panelId)) return sp;
          const { panelId: _gone, ...rest } = sp;
          return rest;
        }),
      }
    : null;
  const characters: CharacterRecord[] = listed
    .filter((c) => haveBlob.has(c.blobId))
    .map((c) => {
      if (c.paletteId === undefined || havePalette.has(c.paletteId)) return c;
      const { paletteId: _gone, ...rest } = c;
      return rest;
    });
  return {
    project: { ...project, panelIds: panels.map((p) => p.id) },
    panels,
    hints,
    palettes,
    blobs,
    story,
    characters,
  };
}

function remap(c: BackupContent): BackupContent {
  const ids = new Map<string, string>();
  const map = (id: string) => {
    let n = ids.get(id);
    if (!n) ids.set(id, (n = newId()));
    return n;
  };
  const project: Project = { ...c.project, id: map(c.project.id), panelIds: c.project.panelIds.map(map) };
  const panels: Panel[] = c.panels.map((p) => ({
    ...p,
    id: map(p.id),
    projectId: project.id,
    originalBlobId: map(p.originalBlobId),
    ...(p.resultBlobId ? { resultBlobId: map(p.resultBlobId) } : {}),
  }));
  const blobs: BlobRecord[] = c.blobs.map((b) => ({ ...b, id: map(b.id) }));
  const hints: HintRecord[] = c.hints.map((h) => ({ ...h, id: map(h.id), panelId: map(h.panelId) }));
  const palettes: PaletteRecord[] = c.palettes.map((p) => ({ ...p, id: map(p.id), projectId: project.id }));
  const characters: CharacterRecord[] | undefined = c.characters?.map((ch) => ({
    ...ch,
    id: map(ch.id),
    blobId: map(ch.blobId),
    ...(ch.paletteId !== undefined ? { paletteId: map(ch.paletteId) } : {}),
  }));
  const story: StoryDraft | null | undefined = c.story
    ? {
        ...c.story,
        panels: c.story.panels.map((sp) => ({ ...sp, ...(sp.panelId !== undefined ? { panelId: map(sp.panelId) } : {}) })),
      }
    : c.story;
  return {
    project,
    panels,
    blobs,
    hints,
    palettes,
    ...(story !== undefined ? { story } : {}),
    ...(characters !== undefined ? { characters } : {}),
  };
}

/** Writes a validated backup in one transaction; returns the project as stored. */
export async function writeBackup(content: BackupContent, copySuffix = ' (2)'): Promise<Project> {
  const db = await getDB();
  return guardWrite(async () => {
    const tx = db.transaction(['projects', 'panels', 'blobs', 'hints', 'palettes', 'settings'], 'readwrite');
    const exists = await tx.objectStore('projects').getKey(content.project.id);
    const c = exists ? remap(content) : content;
    const project: Project = exists ? { ...c.project, name: c.project.name + copySuffix } : c.project;
    const stored: Project = { ...project, updatedAt: Date.now() };
    const settings = tx.objectStore('settings');
    // v2 backups say what the story and character sheet are (null / [] = none); v1 says nothing.
    const generate: Promise<unknown>[] = [];
    if (c.story !== undefined) {
      generate.push(c.story ? settings.put({ key: storyKey(stored.id), value: c.story }) : settings.delete(storyKey(stored.id)));
    }
    if (c.characters !== undefined) {
      generate.push(
        c.characters.length
          ? settings.put({ key: charactersKey(stored.id), value: c.characters })
          : settings.delete(charactersKey(stored.id)),
      );
    }
    await Promise.all([
      ...generate,
      ...c.blobs.map((b) => tx.objectStore('blobs').put(b)),
      ...c.panels.map((p) => tx.objectStore('panels').put(p)),
      ...c.hints.map((h) => tx.objectStore('hints').put(h)),
      ...c.palettes.map((p) => tx.objectStore('palettes').put(p)),
      tx.objectStore('projects').put(stored),
      settings.put({ key: 'currentProjectId', value: stored.id }),
      tx.done,
    ]);
    return stored;
  });
}
