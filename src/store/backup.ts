/**
 * Backup persistence: reads everything a project owns (project, panels in order, their blobs,
 * hints, palettes) for `packBackup`, and writes a validated backup back in ONE transaction.
 *
 * Import keeps the backup's ids, so blobs come back byte for byte under the same ids. When the
 * project id already exists here, everything is imported as a copy under fresh ids (nothing
 * existing is overwritten). The imported project becomes the current one.
 */
import { getDB, guardWrite, newId } from './db';
import type { BlobRecord, HintRecord, PaletteRecord, Panel, Project } from './schema';
import type { BackupContent } from '../features/backup/format';

export async function collectProject(projectId: string): Promise<BackupContent> {
  const db = await getDB();
  const tx = db.transaction(['projects', 'panels', 'blobs', 'hints', 'palettes']);
  const project = await tx.objectStore('projects').get(projectId);
  if (!project) throw new Error(`No project ${projectId}`);
  const panels = (await Promise.all(project.panelIds.map((id) => tx.objectStore('panels').get(id)))).filter(
    (p): p is Panel => !!p,
  );
  const blobIds = panels.flatMap((p) => (p.resultBlobId ? [p.originalBlobId, p.resultBlobId] : [p.originalBlobId]));
  const blobs = (await Promise.all(blobIds.map((id) => tx.objectStore('blobs').get(id)))).filter(
    (b): b is BlobRecord => !!b,
  );
  const hints = (await Promise.all(panels.map((p) => tx.objectStore('hints').index('panelId').getAll(p.id)))).flat();
  const palettes = await tx.objectStore('palettes').index('projectId').getAll(projectId);
  await tx.done;
  return { project: { ...project, panelIds: panels.map((p) => p.id) }, panels, hints, palettes, blobs };
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
  return { project, panels, blobs, hints, palettes };
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
    await Promise.all([
      ...c.blobs.map((b) => tx.objectStore('blobs').put(b)),
      ...c.panels.map((p) => tx.objectStore('panels').put(p)),
      ...c.hints.map((h) => tx.objectStore('hints').put(h)),
      ...c.palettes.map((p) => tx.objectStore('palettes').put(p)),
      tx.objectStore('projects').put(stored),
      tx.objectStore('settings').put({ key: 'currentProjectId', value: stored.id }),
      tx.done,
    ]);
    return stored;
  });
}
