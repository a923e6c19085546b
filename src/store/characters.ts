/**
 * Character sheet of a project (story mode): name → reference image (+ the colorize feature's
 * palette). Each character is one record of the `characters` store (keyed by its id, indexed by
 * `projectId`; `pos` keeps the order they were added in), its image in `blobs`; a character and
 * its image blob are written or removed in one transaction.
 */
import { getDB, guardWrite, newId } from './db';
import type { CharacterRow } from './schema';
import { blobRecord, type StoredBytes } from './blobs';

export interface CharacterRecord {
  id: string;
  name: string;
  blobId: string;
  /** Palette (src/store/palettes.ts) of this character, if one was chosen; its name is carried. */
  paletteId?: string;
  paletteName?: string;
  createdAt: number;
}

/** A stored row as the sheet's record (without its store fields), rows in sheet order. */
export function sheetOf(rows: CharacterRow[]): CharacterRecord[] {
  return [...rows].sort((a, b) => a.pos - b.pos).map(({ projectId: _p, pos: _pos, ...c }) => c);
}

/** The rows of `sheet` (in its order) for `projectId`. */
export function rowsOf(projectId: string, sheet: readonly CharacterRecord[]): CharacterRow[] {
  return sheet.map((c, pos) => ({ ...c, projectId, pos }));
}

export async function listCharacters(projectId: string): Promise<CharacterRecord[]> {
  return sheetOf(await (await getDB()).getAllFromIndex('characters', 'projectId', projectId));
}

export async function addCharacter(
  projectId: string,
  c: { name: string; image: { bytes: StoredBytes; type: string }; paletteId?: string; paletteName?: string },
): Promise<CharacterRecord> {
  const now = Date.now();
  const blob = blobRecord(c.image.type, c.image.bytes, now);
  const rec: CharacterRecord = {
    id: newId(),
    name: c.name.trim(),
    blobId: blob.id,
    ...(c.paletteId ? { paletteId: c.paletteId, paletteName: c.paletteName ?? '' } : {}),
    createdAt: now,
  };
  if (!rec.name) throw new Error('A character needs a name');
  const db = await getDB();
  await guardWrite(
    async (track) => {
      const tx = track(db.transaction(['characters', 'blobs'], 'readwrite'));
      const store = tx.objectStore('characters');
      const sheet = await store.index('projectId').getAll(projectId);
      const pos = sheet.reduce((m, r) => Math.max(m, r.pos + 1), 0);
      await Promise.all([tx.objectStore('blobs').put(blob), store.add({ ...rec, projectId, pos }), tx.done]);
    },
    { store: 'characters', projectId },
  );
  return rec;
}

export async function deleteCharacter(projectId: string, id: string): Promise<void> {
  const db = await getDB();
  await guardWrite(
    async (track) => {
      const tx = track(db.transaction(['characters', 'blobs'], 'readwrite'));
      const store = tx.objectStore('characters');
      const gone = await store.get(id);
      if (gone && gone.projectId === projectId) {
        void tx.objectStore('blobs').delete(gone.blobId);
        void store.delete(id);
      }
      await tx.done;
    },
    { store: 'characters', projectId },
  );
}

/** The other projects that have characters, with their sheets (for "copy characters from …"). */
export async function otherSheets(projectId: string): Promise<{ projectId: string; characters: CharacterRecord[] }[]> {
  const rows = await (await getDB()).getAll('characters');
  const by = new Map<string, CharacterRow[]>();
  for (const r of rows) if (r.projectId !== projectId) by.set(r.projectId, [...(by.get(r.projectId) ?? []), r]);
  return [...by].map(([id, rs]) => ({ projectId: id, characters: sheetOf(rs) }));
}

/**
 * Copies the characters of project `from` into project `to`, each with its own copy of its image,
 * in one transaction; a name the target sheet already has (any case) is skipped. The palette link
 * stays behind (palettes belong to their project). Returns the names copied.
 */
export async function copyCharacters(from: string, to: string): Promise<string[]> {
  const db = await getDB();
  return guardWrite(
    async (track) => {
      const tx = track(db.transaction(['characters', 'blobs'], 'readwrite'));
      const store = tx.objectStore('characters');
      const blobs = tx.objectStore('blobs');
      const source = sheetOf(await store.index('projectId').getAll(from));
      const target = await store.index('projectId').getAll(to);
      const have = new Set(target.map((r) => r.name.toLowerCase()));
      let pos = target.reduce((m, r) => Math.max(m, r.pos + 1), 0);
      const copied: string[] = [];
      const now = Date.now();
      for (const c of source) {
        const img = await blobs.get(c.blobId);
        if (!img || have.has(c.name.toLowerCase())) continue;
        const blob = blobRecord(img.type, img.blob, now);
        await blobs.put(blob);
        await store.add({ id: newId(), name: c.name, blobId: blob.id, createdAt: now, projectId: to, pos: pos++ });
        have.add(c.name.toLowerCase());
        copied.push(c.name);
      }
      await tx.done;
      return copied;
    },
    { store: 'characters', projectId: to },
  );
}
