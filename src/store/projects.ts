/**
 * Projects store: a project is an ordered vertical strip of panels (`panelIds`, top to bottom).
 * The current project id is kept in settings ('currentProjectId'); on first run a default
 * project is created. Every change is written at once (no save button). Panel membership and
 * order are changed only by panels.ts, in the same transaction as the panel records.
 *
 * Names are unique, compared trimmed, NFC-normalized and case-folded (`nameKey`): creating a
 * project with a taken name gives it the first free " (2)", " (3)", … suffix (`uniqueName`; a
 * restored backup is named the same way, src/store/backup.ts); renaming to a taken name is
 * refused with `ProjectNameTakenError` and changes nothing.
 */
import { getDB, guardWrite, MissingRecordError, newId } from './db';
import type { Project } from './schema';
import { getSetting, setSetting } from './settings';

const CURRENT = 'currentProjectId';

/** A rename to a name another project already has; nothing was changed. */
export class ProjectNameTakenError extends Error {
  readonly code = 'name-taken';
  constructor(readonly wanted: string) {
    super(`A project named "${wanted}" already exists`);
    this.name = 'ProjectNameTakenError';
  }
}

/** What two names are compared by: trimmed, NFC, case-folded. */
export function nameKey(name: string): string {
  return name.trim().normalize('NFC').toLocaleLowerCase();
}

/** `wanted` (trimmed), or with the first free " (n)" suffix, n ≥ 2, when that name is taken. */
export function uniqueName(wanted: string, taken: Iterable<string>): string {
  const keys = new Set([...taken].map(nameKey));
  const base = wanted.trim();
  if (!keys.has(nameKey(base))) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base} (${n})`;
    if (!keys.has(nameKey(candidate))) return candidate;
  }
}

export async function listProjects(): Promise<Project[]> {
  const all = await (await getDB()).getAllFromIndex('projects', 'updatedAt');
  return all.reverse();
}

export async function getProject(id: string): Promise<Project | undefined> {
  return (await getDB()).get('projects', id);
}

export async function createProject(name: string): Promise<Project> {
  const now = Date.now();
  const db = await getDB();
  return guardWrite(
    async (track) => {
      const tx = track(db.transaction(['projects', 'settings'], 'readwrite'));
      const taken = (await tx.objectStore('projects').getAll()).map((p) => p.name);
      const project: Project = {
        id: newId(),
        name: uniqueName(name.trim() || 'Untitled', taken),
        panelIds: [],
        createdAt: now,
        updatedAt: now,
      };
      await Promise.all([
        tx.objectStore('projects').add(project),
        tx.objectStore('settings').put({ key: CURRENT, value: project.id }),
        tx.done,
      ]);
      return project;
    },
    (project) => ({ store: 'projects', projectId: project.id }),
  );
}

export async function renameProject(id: string, name: string): Promise<Project> {
  const db = await getDB();
  return guardWrite(
    async (track) => {
      const tx = track(db.transaction('projects', 'readwrite'));
      const p = await tx.store.get(id);
      if (!p) throw new MissingRecordError('project', id);
      const wanted = name.trim() || p.name;
      const others = (await tx.store.getAll()).filter((x) => x.id !== id);
      if (others.some((x) => nameKey(x.name) === nameKey(wanted))) throw new ProjectNameTakenError(wanted);
      const next = { ...p, name: wanted, updatedAt: Date.now() };
      await Promise.all([tx.store.put(next), tx.done]);
      return next;
    },
    { store: 'projects', projectId: id },
  );
}

/** The id of the project the user works on (none before the first run created one). */
export async function currentProjectId(): Promise<string | null> {
  return getSetting<string | null>(CURRENT, null);
}

/** True when `changes` (src/store/changes.ts) include another project being made current. */
export function switchesProject(changes: readonly { store: string; key?: string }[]): boolean {
  return changes.some((c) => c.store === 'settings' && c.key === CURRENT);
}

export async function setCurrentProject(id: string): Promise<void> {
  await setSetting(CURRENT, id);
}

/**
 * The project the user worked on last; creates `defaultName` on first run. One readwrite
 * transaction over projects + settings, so views (and tabs) asking at the same moment on a first
 * run all get the same new project instead of one each (IndexedDB runs overlapping readwrite
 * transactions one after another).
 */
export async function ensureCurrentProject(defaultName: string): Promise<Project> {
  const id = await getSetting<string | null>(CURRENT, null);
  if (id) {
    const p = await getProject(id);
    if (p) return p;
  }
  const db = await getDB();
  const project = await guardWrite(
    async (track) => {
      const tx = track(db.transaction(['projects', 'settings'], 'readwrite'));
      const settings = tx.objectStore('settings');
      const projects = tx.objectStore('projects');
      const cur = (await settings.get(CURRENT))?.value;
      const kept = typeof cur === 'string' ? await projects.get(cur) : undefined;
      if (kept) {
        await tx.done;
        return kept;
      }
      const all = await projects.getAll();
      const latest = all.reduce<Project | undefined>((a, p) => (!a || p.updatedAt > a.updatedAt ? p : a), undefined);
      const now = Date.now();
      const next: Project = latest ?? {
        id: newId(),
        name: uniqueName(
          defaultName.trim() || 'Untitled',
          all.map((p) => p.name),
        ),
        panelIds: [],
        createdAt: now,
        updatedAt: now,
      };
      await Promise.all([
        ...(latest ? [] : [projects.add(next)]),
        settings.put({ key: CURRENT, value: next.id }),
        tx.done,
      ]);
      return next;
    },
    (p) => ({ store: 'projects', projectId: p.id }),
  );
  return project;
}
