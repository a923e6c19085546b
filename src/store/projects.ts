/**
 * Projects store: a project is an ordered vertical strip of panels (`panelIds`, top to bottom).
 * The current project id is kept in settings ('currentProjectId'); on first run a default
 * project is created. Every change is written at once (no save button). Panel membership and
 * order are changed only by panels.ts, in the same transaction as the panel records.
 */
import { getDB, guardWrite, newId } from './db';
import type { Project } from './schema';
import { getSetting, setSetting } from './settings';

const CURRENT = 'currentProjectId';

export async function listProjects(): Promise<Project[]> {
  const all = await (await getDB()).getAllFromIndex('projects', 'updatedAt');
  return all.reverse();
}

export async function getProject(id: string): Promise<Project | undefined> {
  return (await getDB()).get('projects', id);
}

export async function createProject(name: string): Promise<Project> {
  const now = Date.now();
  const project: Project = { id: newId(), name: name.trim() || 'Untitled', panelIds: [], createdAt: now, updatedAt: now };
  const db = await getDB();
  await guardWrite(async () => {
    const tx = db.transaction(['projects', 'settings'], 'readwrite');
    await Promise.all([
      tx.objectStore('projects').add(project),
      tx.objectStore('settings').put({ key: CURRENT, value: project.id }),
      tx.done,
    ]);
  });
  return project;
}

export async function renameProject(id: string, name: string): Promise<Project> {
  const db = await getDB();
  return guardWrite(async () => {
    const tx = db.transaction('projects', 'readwrite');
    const p = await tx.store.get(id);
    if (!p) throw new Error(`No project ${id}`);
    const next = { ...p, name: name.trim() || p.name, updatedAt: Date.now() };
    await Promise.all([tx.store.put(next), tx.done]);
    return next;
  });
}

export async function setCurrentProject(id: string): Promise<void> {
  await setSetting(CURRENT, id);
}

/** The project the user worked on last; creates `defaultName` on first run. */
export async function ensureCurrentProject(defaultName: string): Promise<Project> {
  const id = await getSetting<string | null>(CURRENT, null);
  if (id) {
    const p = await getProject(id);
    if (p) return p;
  }
  const [latest] = await listProjects();
  if (latest) {
    await setCurrentProject(latest.id);
    return latest;
  }
  return createProject(defaultName);
}
