/**
 * References store: the artist's reference images (blob + name + project + tags) and, in the
 * same transaction, their vector row in `vectorChunks` (via the caller's VectorIndex).
 *
 * Invariants:
 * - A reference, its image blob and its vector land or go together (one transaction); if the
 *   write fails, the in-memory index is rolled back, so memory and IndexedDB agree.
 * - A reference's blob is its own copy (picking a panel copies the bytes), so deleting a panel
 *   never leaves a reference without its image.
 * - `ReferenceRecord.modelId/chunkId/row` say which model embedded it and where its vector sits.
 * - A backup restore (src/store/backup-library.ts) adds references with their vectors in new
 *   chunks and then calls `announceLibraryChange()`.
 */
import type { VectorIndex } from '../core/vectors';
import { getDB, guardWrite, MissingRecordError, newId } from './db';
import type { BlobRecord, ReferenceRecord } from './schema';
import { getSetting, setSetting } from './settings';
import { toRecord } from './vectors';
import { blobRecord, type StoredBytes } from './blobs';

export interface NewReference {
  bytes: ArrayBuffer;
  type: string;
  name: string;
  projectId?: string;
  /** Collections it joins (a folder import gives its folder names). */
  collections?: string[];
  /** Its thumbnail (made in the image worker at import; stored as its own blob). */
  thumb?: { bytes: ArrayBuffer; type: string };
  /** SHA-256 of `bytes` (hex): the same picture added again is recognised by it. */
  sha256?: string;
}

/**
 * What deleting a reference took away, enough to put it back exactly (the notice's Undo): the
 * record as stored, its image and thumbnail blobs (bytes read before the delete, same ids and
 * times), its vector under `record.modelId`, and the active-reference setting when the delete
 * cleared it.
 */
export interface DeletedReference {
  record: ReferenceRecord;
  blobs: { id: string; type: string; bytes: ArrayBuffer; createdAt: number }[];
  vector?: Float32Array;
  active?: ActiveReference;
}

export const ACTIVE_REFERENCE_KEY = 'activeReference';

/**
 * Fires a plain 'changed' event when references were written outside the References view's own
 * Library (a restored backup, src/store/backup.ts), so an open view reloads its index and list.
 */
export const libraryEvents = new EventTarget();

export function announceLibraryChange(): void {
  libraryEvents.dispatchEvent(new Event('changed'));
}

/** What the generate feature reads: the reference the user chose with "use as reference". */
export interface ActiveReference {
  referenceId: string;
  blobId: string;
  name: string;
  setAt: number;
}

export async function listReferences(): Promise<ReferenceRecord[]> {
  const all = await (await getDB()).getAll('references');
  return all.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

export async function getReference(id: string): Promise<ReferenceRecord | undefined> {
  return (await getDB()).get('references', id);
}

/** Adds a reference with its vector (already computed by the worker) in one transaction. */
export async function addReference(
  ref: NewReference,
  vector: Float32Array,
  modelId: string,
  index: VectorIndex,
  tags: ReferenceRecord['tags'] = [],
): Promise<ReferenceRecord> {
  const now = Date.now();
  const blob = blobRecord(ref.type, ref.bytes, now);
  const thumb: BlobRecord | undefined = ref.thumb && blobRecord(ref.thumb.type, ref.thumb.bytes, now);
  const id = newId();
  const { location, chunk } = index.upsert(id, vector);
  const rec: ReferenceRecord = {
    id,
    blobId: blob.id,
    ...(thumb ? { thumbBlobId: thumb.id } : {}),
    name: ref.name,
    ...(ref.projectId ? { projectId: ref.projectId } : {}),
    ...(ref.collections?.length ? { collections: ref.collections } : {}),
    ...(ref.sha256 ? { sha256: ref.sha256 } : {}),
    tags,
    modelId,
    chunkId: location.chunkId,
    row: location.row,
    createdAt: now,
  };
  const db = await getDB();
  try {
    await guardWrite(
      async (track) => {
        const tx = track(db.transaction(['blobs', 'references', 'vectorChunks'], 'readwrite'));
        void tx.objectStore('blobs').put(blob);
        if (thumb) void tx.objectStore('blobs').put(thumb);
        void tx.objectStore('references').put(rec);
        void tx.objectStore('vectorChunks').put(toRecord(modelId, chunk));
        await tx.done;
      },
      { store: 'references', ...(ref.projectId ? { projectId: ref.projectId } : {}) },
    );
  } catch (e) {
    index.remove(id);
    throw e;
  }
  return rec;
}

/**
 * Deletes references, their blobs and their vector rows (one transaction). Returns what was
 * deleted (`DeletedReference`: record, blob bytes, vector, the active-reference setting it
 * cleared), so `restoreReferences` can put it back.
 */
export async function deleteReferences(
  ids: string[],
  index: VectorIndex,
  modelId: string,
): Promise<DeletedReference[]> {
  const db = await getDB();
  const recs = (await Promise.all(ids.map((id) => db.get('references', id)))).filter(
    (r): r is ReferenceRecord => r !== undefined,
  );
  // The bytes are read now (not kept as Blob handles of records about to be deleted).
  const gone: DeletedReference[] = [];
  for (const r of recs) {
    const blobs = [];
    for (const id of [r.blobId, ...(r.thumbBlobId ? [r.thumbBlobId] : [])]) {
      const b = await db.get('blobs', id);
      if (b) blobs.push({ id: b.id, type: b.type, bytes: await b.blob.arrayBuffer(), createdAt: b.createdAt });
    }
    const v = r.modelId === modelId ? index.get(r.id) : undefined;
    gone.push({ record: r, blobs, ...(v ? { vector: v } : {}) });
  }
  const saved = recs.map((r) => ({ id: r.id, v: index.get(r.id) }));
  const chunks = new Map<number, ReturnType<VectorIndex['remove']>>();
  for (const r of recs) {
    const c = index.remove(r.id);
    if (c) chunks.set(c.id, c);
  }
  try {
    await guardWrite(
      async (track) => {
        const tx = track(db.transaction(['blobs', 'references', 'vectorChunks', 'settings'], 'readwrite'));
        for (const r of recs) {
          void tx.objectStore('references').delete(r.id);
          void tx.objectStore('blobs').delete(r.blobId);
          if (r.thumbBlobId) void tx.objectStore('blobs').delete(r.thumbBlobId);
        }
        for (const c of chunks.values()) if (c) void tx.objectStore('vectorChunks').put(toRecord(modelId, c));
        const active = (await tx.objectStore('settings').get(ACTIVE_REFERENCE_KEY))?.value as
          | ActiveReference
          | null
          | undefined;
        if (active?.referenceId && ids.includes(active.referenceId)) {
          void tx.objectStore('settings').delete(ACTIVE_REFERENCE_KEY);
          const d = gone.find((g) => g.record.id === active.referenceId);
          if (d) d.active = active;
        }
        await tx.done;
      },
      { store: 'references' },
    );
  } catch (e) {
    for (const s of saved) if (s.v) index.upsert(s.id, s.v);
    throw e;
  }
  return gone;
}

/**
 * Puts deleted references back as they were (Undo): same ids, same blobs (ids, bytes, type,
 * time), same tags, collections, notes and name, so whatever names them (the active reference,
 * a storyboard's hits) finds them again. The vector goes back into `index` (a free row: the
 * record's chunkId/row follow); a vector of another model than `modelId` is not written, so the
 * reference is re-embedded when References opens. The active-reference setting the delete
 * cleared is set again if nothing else was chosen meanwhile. A reference whose id exists again
 * is skipped. One transaction. Returns the records written.
 */
export async function restoreReferences(
  deleted: readonly DeletedReference[],
  index: VectorIndex,
  modelId: string,
): Promise<ReferenceRecord[]> {
  const db = await getDB();
  const placed: string[] = [];
  try {
    return await guardWrite(
      async (track) => {
        const tx = track(db.transaction(['blobs', 'references', 'vectorChunks', 'settings'], 'readwrite'));
        const refs = tx.objectStore('references');
        const out: ReferenceRecord[] = [];
        const chunks = new Map<number, { readonly chunk: ReturnType<VectorIndex['upsert']>['chunk'] }>();
        let active: ActiveReference | undefined;
        for (const d of deleted) {
          if (await refs.get(d.record.id)) continue;
          let rec = d.record;
          if (d.vector && d.record.modelId === modelId && d.vector.length === index.dim) {
            const up = index.upsert(rec.id, d.vector);
            placed.push(rec.id);
            chunks.set(up.location.chunkId, up);
            rec = { ...rec, chunkId: up.location.chunkId, row: up.location.row };
          }
          for (const b of d.blobs) void tx.objectStore('blobs').put(blobRecord(b.type, b.bytes, b.createdAt, b.id));
          void refs.put(rec);
          out.push(rec);
          active ??= d.active;
        }
        // The chunks as they are after every row went back (read lazily).
        for (const c of chunks.values()) void tx.objectStore('vectorChunks').put(toRecord(modelId, c.chunk));
        if (active && !(await tx.objectStore('settings').get(ACTIVE_REFERENCE_KEY))?.value)
          void tx.objectStore('settings').put({ key: ACTIVE_REFERENCE_KEY, value: active });
        await tx.done;
        return out;
      },
      [{ store: 'references' }, { store: 'settings', key: ACTIVE_REFERENCE_KEY }],
    );
  } catch (e) {
    for (const id of placed) index.remove(id);
    throw e;
  }
}

/** Replaces a reference's vector (re-embedding with the active model) and its location. */
export async function setReferenceVector(
  id: string,
  vector: Float32Array,
  modelId: string,
  index: VectorIndex,
): Promise<void> {
  const db = await getDB();
  const rec = await db.get('references', id);
  if (!rec) throw new MissingRecordError('reference', id);
  const before = index.get(id);
  const { location, chunk } = index.upsert(id, vector);
  try {
    await guardWrite(
      async (track) => {
        const tx = track(db.transaction(['references', 'vectorChunks'], 'readwrite'));
        void tx.objectStore('references').put({ ...rec, modelId, chunkId: location.chunkId, row: location.row });
        void tx.objectStore('vectorChunks').put(toRecord(modelId, chunk));
        await tx.done;
      },
      { store: 'references' },
    );
  } catch (e) {
    if (before) index.upsert(id, before);
    else index.remove(id);
    throw e;
  }
}

/**
 * Stores thumbnails made later for references that had none (older records): each thumbnail blob
 * and its record's `thumbBlobId` in ONE transaction; references deleted meanwhile, or given a
 * thumbnail meanwhile, are skipped. Returns the updated records.
 */
export async function setThumbnails(
  thumbs: ReadonlyMap<string, { bytes: StoredBytes; type: string }>,
): Promise<ReferenceRecord[]> {
  if (!thumbs.size) return [];
  const db = await getDB();
  return guardWrite(
    async (track) => {
      const tx = track(db.transaction(['blobs', 'references'], 'readwrite'));
      const out: ReferenceRecord[] = [];
      const now = Date.now();
      for (const [id, t] of thumbs) {
        const rec = await tx.objectStore('references').get(id);
        if (!rec || rec.thumbBlobId) continue;
        const blob = blobRecord(t.type, t.bytes, now);
        void tx.objectStore('blobs').put(blob);
        const next = { ...rec, thumbBlobId: blob.id };
        void tx.objectStore('references').put(next);
        out.push(next);
      }
      await tx.done;
      return out;
    },
    { store: 'references' },
  );
}

export async function setReferenceTags(id: string, tags: ReferenceRecord['tags']): Promise<void> {
  const db = await getDB();
  await guardWrite(
    async (track) => {
      const tx = track(db.transaction('references', 'readwrite'));
      const rec = await tx.store.get(id);
      if (!rec) throw new MissingRecordError('reference', id);
      await tx.store.put({ ...rec, tags });
      await tx.done;
    },
    { store: 'references' },
  );
}

/** Sets the tags of many references in ONE transaction (references deleted meanwhile are skipped). */
export async function setManyReferenceTags(
  tags: ReadonlyMap<string, ReferenceRecord['tags']>,
): Promise<ReferenceRecord[]> {
  if (!tags.size) return [];
  const db = await getDB();
  return guardWrite(
    async (track) => {
      const tx = track(db.transaction('references', 'readwrite'));
      const out: ReferenceRecord[] = [];
      for (const [id, t] of tags) {
        const rec = await tx.store.get(id);
        if (!rec) continue;
        const next = { ...rec, tags: t };
        void tx.store.put(next);
        out.push(next);
      }
      await tx.done;
      return out;
    },
    { store: 'references' },
  );
}

export const TAG_LABELS_KEY = 'refs.tagLabels';

/** The user's zero-shot tag labels (any language); new and re-embedded references are tagged with them. */
export function getTagLabels(): Promise<string[]> {
  return getSetting<string[]>(TAG_LABELS_KEY, []);
}

export function setTagLabels(labels: string[]): Promise<void> {
  return setSetting(TAG_LABELS_KEY, labels);
}

export async function setActiveReference(rec: ReferenceRecord): Promise<ActiveReference> {
  const value: ActiveReference = { referenceId: rec.id, blobId: rec.blobId, name: rec.name, setAt: Date.now() };
  await setSetting(ACTIVE_REFERENCE_KEY, value);
  return value;
}

export async function getActiveReference(): Promise<ActiveReference | null> {
  return getSetting<ActiveReference | null>(ACTIVE_REFERENCE_KEY, null);
}
