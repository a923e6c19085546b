/**
 * Models store: model folders the user imported (e.g. a CLIP folder in the transformers.js
 * layout), kept in the browser for offline use. Each file is a blob; the ModelRecord maps the
 * relative path to its blob id. Record and blobs are written/deleted in one transaction.
 */
import { getDB, guardWrite, newId } from './db';
import type { BlobRecord, ModelRecord } from './schema';

export const ACTIVE_CLIP_KEY = 'clip.activeModel';

export async function saveModel(kind: ModelRecord['kind'], name: string, files: Record<string, ArrayBuffer>): Promise<ModelRecord> {
  const now = Date.now();
  const blobs: BlobRecord[] = [];
  const map: Record<string, string> = {};
  for (const [path, bytes] of Object.entries(files)) {
    const b: BlobRecord = { id: newId(), type: 'application/octet-stream', bytes, createdAt: now };
    blobs.push(b);
    map[path] = b.id;
  }
  const rec: ModelRecord = { id: newId(), kind, name, files: map, createdAt: now };
  const db = await getDB();
  await guardWrite(async () => {
    const tx = db.transaction(['models', 'blobs'], 'readwrite');
    for (const b of blobs) void tx.objectStore('blobs').put(b);
    void tx.objectStore('models').put(rec);
    await tx.done;
  });
  return rec;
}

export async function listModels(kind?: ModelRecord['kind']): Promise<ModelRecord[]> {
  const all = await (await getDB()).getAll('models');
  return all.filter((m) => !kind || m.kind === kind).sort((a, b) => a.createdAt - b.createdAt);
}

export async function getModel(id: string): Promise<ModelRecord | undefined> {
  return (await getDB()).get('models', id);
}

/** The files of an imported model (path → bytes); throws if a blob is missing. */
export async function loadModelFiles(rec: ModelRecord): Promise<Record<string, ArrayBuffer>> {
  const tx = (await getDB()).transaction('blobs');
  const out: Record<string, ArrayBuffer> = {};
  for (const [path, id] of Object.entries(rec.files)) {
    const b = await tx.store.get(id);
    if (!b) throw new Error(`Model file ${path} is missing from storage`);
    out[path] = b.bytes;
  }
  await tx.done;
  return out;
}

export async function deleteModel(id: string): Promise<void> {
  const db = await getDB();
  await guardWrite(async () => {
    const tx = db.transaction(['models', 'blobs'], 'readwrite');
    const rec = await tx.objectStore('models').get(id);
    if (rec) {
      for (const b of Object.values(rec.files)) void tx.objectStore('blobs').delete(b);
      void tx.objectStore('models').delete(id);
    }
    await tx.done;
  });
}
