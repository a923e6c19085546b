/**
 * The reference library in a backup, store side (used by backup.ts).
 *
 * Collect: every reference with its image blob, tags (applied, suggested, the user's, rejected),
 * collections, notes, model id and stored vector row (exact
 * float32 bytes, one set per model), and the zero-shot tag labels. A reference whose blob is
 * gone is left out; one whose vector row is missing goes without a vector (the References view
 * re-embeds it). A reference's projectId is kept only when it is the backed-up project.
 *
 * Restore: references are de-duplicated by the SHA-256 of their image bytes against the library
 * already here (restoring the same backup twice adds nothing the second time). Each new
 * reference gets fresh ids (reference and blob); its vector is copied byte for byte into NEW
 * vector chunks (numbered after the highest chunk here), so no existing chunk is rewritten. A
 * vector whose size differs from the vectors stored here for the same model is not written:
 * the reference is stored without one and re-embedded when the References view opens. Tag
 * labels are restored only when none are set here. Both steps can report which reference here
 * each backup reference became (the storyboard's backgrounds and hits follow it, backup.ts).
 */
import type { IDBPTransaction } from 'idb';
import type { BackupBlob, BackupLibrary, BackupReference } from '../core/backup/format';
import { sha256Hex } from '../core/backup/format';
import { getDB, newId } from './db';
import type { BlobRecord, ReferenceRecord, ToonDB, VectorChunkRecord } from './schema';
import { TAG_LABELS_KEY } from './references';

type StoreName =
  | 'projects'
  | 'panels'
  | 'blobs'
  | 'hints'
  | 'palettes'
  | 'settings'
  | 'stories'
  | 'characters'
  | 'storyboards'
  | 'references'
  | 'vectorChunks';
/** Every store a backup reads or writes (one transaction over all of them). */
export const BACKUP_STORES: StoreName[] = [
  'projects',
  'panels',
  'blobs',
  'hints',
  'palettes',
  'settings',
  'stories',
  'characters',
  'storyboards',
  'references',
  'vectorChunks',
];
type ReadTx = IDBPTransaction<ToonDB, StoreName[], 'readonly'>;
export type WriteTx = IDBPTransaction<ToonDB, StoreName[], 'readwrite'>;

/** Rows per new chunk (the VectorIndex default). */
const CHUNK_ROWS = 1024;

export async function collectLibrary(
  tx: ReadTx,
  projectId: string,
): Promise<{ library: BackupLibrary; blobs: BlobRecord[] }> {
  const [refs, labelsRec] = await Promise.all([
    tx.objectStore('references').getAll(),
    tx.objectStore('settings').get(TAG_LABELS_KEY),
  ]);
  refs.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  const blobRecs = await Promise.all(refs.map((r) => tx.objectStore('blobs').get(r.blobId)));
  const models = [...new Set(refs.map((r) => r.modelId))];
  const chunkLists = await Promise.all(models.map((m) => tx.objectStore('vectorChunks').index('modelId').getAll(m)));
  const chunks = new Map<number, VectorChunkRecord>(chunkLists.flat().map((c) => [c.id, c]));

  const blobs: BlobRecord[] = [];
  const references: BackupReference[] = [];
  const sets: { modelId: string; dim: number; rows: Uint8Array[] }[] = [];
  refs.forEach((r, i) => {
    const blob = blobRecs[i];
    if (!blob) return;
    blobs.push(blob);
    const c = chunks.get(r.chunkId);
    let vector: BackupReference['vector'];
    if (c && c.modelId === r.modelId && r.row >= 0 && r.row < c.rows && c.ids[r.row] === r.id) {
      let set = sets.findIndex((s) => s.modelId === r.modelId && s.dim === c.dim);
      if (set < 0) set = sets.push({ modelId: r.modelId, dim: c.dim, rows: [] }) - 1;
      sets[set].rows.push(new Uint8Array(c.data, r.row * c.dim * 4, c.dim * 4));
      vector = { set, row: sets[set].rows.length - 1 };
    }
    references.push({
      id: r.id,
      blobId: r.blobId,
      name: r.name,
      ...(r.projectId === projectId ? { projectId } : {}),
      tags: r.tags,
      modelId: r.modelId,
      createdAt: r.createdAt,
      ...(vector ? { vector } : {}),
      ...(r.suggested?.length ? { suggested: r.suggested } : {}),
      ...(r.userTags?.length ? { userTags: r.userTags } : {}),
      ...(r.rejected?.length ? { rejected: r.rejected } : {}),
      ...(r.collections?.length ? { collections: r.collections } : {}),
      ...(r.notes ? { notes: r.notes } : {}),
    });
  });
  const vectors = sets.map((s) => {
    const data = new Uint8Array(s.rows.length * s.dim * 4);
    s.rows.forEach((row, i) => data.set(row, i * s.dim * 4));
    return { modelId: s.modelId, dim: s.dim, data: data.buffer };
  });
  const tagLabels = Array.isArray(labelsRec?.value)
    ? (labelsRec.value as unknown[]).filter((x): x is string => typeof x === 'string')
    : [];
  return { library: { references, vectors, tagLabels }, blobs };
}

/**
 * The references of `lib` whose image is not in the library here yet (by SHA-256 of the bytes).
 * `existing`, when given, receives backup reference id → the reference already here with the same image.
 */
export async function newReferences(
  lib: BackupLibrary,
  blobs: Map<string, BackupBlob>,
  existing?: Map<string, { id: string; blobId: string }>,
): Promise<BackupReference[]> {
  if (lib.references.length === 0) return [];
  const incoming = await Promise.all(
    lib.references.map(async (r) => {
      const b = blobs.get(r.blobId);
      return b ? { r, size: b.bytes.byteLength, hash: await sha256Hex(b.bytes) } : undefined;
    }),
  );
  const sizes = new Set(incoming.flatMap((x) => (x ? [x.size] : [])));
  const db = await getDB();
  const have = new Map<string, { id: string; blobId: string }>();
  // One blob at a time (memory stays bounded); only blobs of a size the backup has are hashed.
  for (const ref of await db.getAll('references')) {
    const b = await db.get('blobs', ref.blobId);
    if (b && sizes.has(b.blob.size)) {
      const h = await sha256Hex(await b.blob.arrayBuffer());
      if (!have.has(h)) have.set(h, { id: ref.id, blobId: ref.blobId });
    }
  }
  for (const x of incoming) {
    const here = x ? have.get(x.hash) : undefined;
    if (x && here) existing?.set(x.r.id, here);
  }
  return incoming.flatMap((x) => (x && !have.has(x.hash) ? [x.r] : []));
}

/**
 * Writes `refs` (from `lib`) inside the caller's transaction, with fresh ids. `blobId` maps a
 * backup blob id to the id it was stored under; `projectIds` maps the backed-up project id.
 */
export async function writeLibrary(
  tx: WriteTx,
  lib: BackupLibrary,
  refs: BackupReference[],
  blobId: (id: string) => string,
  projectIds: { from: string; to: string },
  /** Receives backup reference id → the reference as written (fresh ids). */
  written?: Map<string, { id: string; blobId: string }>,
): Promise<number> {
  const chunkStore = tx.objectStore('vectorChunks');
  const last = await chunkStore.openCursor(null, 'prev');
  let nextChunk = last ? last.key + 1 : 1;
  const storedDim = new Map<string, number | undefined>();
  for (const modelId of new Set(refs.map((r) => r.modelId))) {
    storedDim.set(modelId, (await chunkStore.index('modelId').openCursor(modelId))?.value.dim);
  }
  const now = Date.now();
  const records: ReferenceRecord[] = [];
  const open = new Map<string, VectorChunkRecord & { bytes: Uint8Array }>();
  const full: (VectorChunkRecord & { bytes: Uint8Array })[] = [];
  for (const r of refs) {
    const id = newId();
    let chunkId = 0;
    let row = -1;
    const set = r.vector ? lib.vectors[r.vector.set] : undefined;
    const want = storedDim.get(r.modelId);
    if (r.vector && set && (want === undefined || want === set.dim)) {
      storedDim.set(r.modelId, set.dim);
      let c = open.get(r.modelId);
      if (!c) {
        c = {
          id: nextChunk++,
          modelId: r.modelId,
          dim: set.dim,
          rows: 0,
          ids: [],
          data: new ArrayBuffer(0),
          bytes: new Uint8Array(CHUNK_ROWS * set.dim * 4),
        };
        open.set(r.modelId, c);
      }
      const size = set.dim * 4;
      c.bytes.set(new Uint8Array(set.data, r.vector.row * size, size), c.rows * size);
      c.ids.push(id);
      chunkId = c.id;
      row = c.rows++;
      if (c.rows === CHUNK_ROWS) {
        full.push(c);
        open.delete(r.modelId);
      }
    }
    written?.set(r.id, { id, blobId: blobId(r.blobId) });
    records.push({
      id,
      blobId: blobId(r.blobId),
      name: r.name,
      ...(r.projectId !== undefined && r.projectId === projectIds.from ? { projectId: projectIds.to } : {}),
      tags: r.tags.map((t) => ({ label: t.label, score: t.score })),
      ...(r.suggested?.length ? { suggested: r.suggested.map((t) => ({ label: t.label, score: t.score })) } : {}),
      ...(r.userTags?.length ? { userTags: [...r.userTags] } : {}),
      ...(r.rejected?.length ? { rejected: [...r.rejected] } : {}),
      ...(r.collections?.length ? { collections: [...r.collections] } : {}),
      ...(r.notes ? { notes: r.notes } : {}),
      modelId: r.modelId,
      chunkId,
      row,
      createdAt: Number.isFinite(r.createdAt) ? r.createdAt : now,
    });
  }
  const writes: Promise<unknown>[] = records.map((rec) => tx.objectStore('references').put(rec));
  for (const c of [...full, ...open.values()]) {
    const { bytes, ...rec } = c;
    writes.push(chunkStore.put({ ...rec, data: bytes.slice(0, c.rows * c.dim * 4).buffer }));
  }
  if (lib.tagLabels.length) {
    const labels = await tx.objectStore('settings').get(TAG_LABELS_KEY);
    const have = Array.isArray(labels?.value) && labels.value.length > 0;
    if (!have) writes.push(tx.objectStore('settings').put({ key: TAG_LABELS_KEY, value: lib.tagLabels.slice() }));
  }
  await Promise.all(writes);
  return records.length;
}
