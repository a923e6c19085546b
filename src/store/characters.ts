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
