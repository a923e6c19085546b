/**
 * Character sheet of a project (story mode): name → reference image (+ the colorize feature's
 * palette). Kept as one settings record per project (`characters:<projectId>`), each image in
 * `blobs`; a character and its image blob are written or removed in one transaction.
 */
import { getDB, guardWrite, newId } from './db';
import type { BlobRecord } from './schema';

export interface CharacterRecord {
  id: string;
  name: string;
  blobId: string;
  /** Palette (src/store/palettes.ts) of this character, if one was chosen; its name is carried. */
  paletteId?: string;
  paletteName?: string;
  createdAt: number;
}

const key = (projectId: string): string => `characters:${projectId}`;

export async function listCharacters(projectId: string): Promise<CharacterRecord[]> {
  const rec = await (await getDB()).get('settings', key(projectId));
  return Array.isArray(rec?.value) ? (rec.value as CharacterRecord[]) : [];
}

export async function addCharacter(
  projectId: string,
  c: { name: string; image: { bytes: ArrayBuffer; type: string }; paletteId?: string; paletteName?: string },
): Promise<CharacterRecord> {
  const now = Date.now();
  const blob: BlobRecord = { id: newId(), type: c.image.type, bytes: c.image.bytes, createdAt: now };
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
      const tx = track(db.transaction(['settings', 'blobs'], 'readwrite'));
      const cur = await tx.objectStore('settings').get(key(projectId));
      const list = Array.isArray(cur?.value) ? (cur.value as CharacterRecord[]) : [];
      void tx.objectStore('blobs').put(blob);
      void tx.objectStore('settings').put({ key: key(projectId), value: [...list, rec] });
      await tx.done;
    },
    { store: 'settings', key: key(projectId), projectId },
  );
  return rec;
}

export async function deleteCharacter(projectId: string, id: string): Promise<void> {
  const db = await getDB();
  await guardWrite(
    async (track) => {
      const tx = track(db.transaction(['settings', 'blobs'], 'readwrite'));
      const cur = await tx.objectStore('settings').get(key(projectId));
      const list = Array.isArray(cur?.value) ? (cur.value as CharacterRecord[]) : [];
      const gone = list.find((c) => c.id === id);
      if (gone) void tx.objectStore('blobs').delete(gone.blobId);
      void tx.objectStore('settings').put({ key: key(projectId), value: list.filter((c) => c.id !== id) });
      await tx.done;
    },
    { store: 'settings', key: key(projectId), projectId },
  );
}
