/** Vector chunks + references in IndexedDB (fake-indexeddb): persist, reload, delete, atomicity. */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { closeDB, getDB } from '../../src/store/db';
import { openIndex, loadChunks, DimensionMismatchError, vectorBytes, clearModelVectors } from '../../src/store/vectors';
import {
  addReference,
  deleteReferences,
  listReferences,
  setActiveReference,
  getActiveReference,
  setReferenceTags,
} from '../../src/store/references';

beforeEach(async () => {
  await closeDB();
  globalThis.indexedDB = new IDBFactory();
});

const M = 'clip/toon-clip';
const img = (n: number) => ({
  bytes: new Uint8Array([n, n, n]).buffer as ArrayBuffer,
  type: 'image/png',
  name: `img${n}.png`,
});
const vec = (dim: number, hot: number) => Float32Array.from({ length: dim }, (_, i) => (i === hot ? 1 : 0.01 * i));

describe('reference vectors in IndexedDB', () => {
  it('stores vectors as contiguous chunks (not a record per number) and survives a reopen', async () => {
    const idx = await openIndex(M, 8, 4);
    for (let i = 0; i < 10; i++) await addReference(img(i), vec(8, i % 8), M, idx);
    const chunks = await loadChunks(M);
    expect(chunks.length).toBe(3); // 4 + 4 + 2 rows
    expect(chunks.map((c) => c.rows)).toEqual([4, 4, 2]);
    expect(chunks[0].data.byteLength).toBe(4 * 8 * 4);
    expect((await vectorBytes(M)).bytes / 10).toBe(32); // 8 floats × 4 bytes per vector
    await closeDB();
    const again = await openIndex(M, 8, 4);
    expect(again.size).toBe(10);
    const q = vec(8, 3);
    expect(again.search(q, 5)).toEqual(idx.search(q, 5));
    const refs = await listReferences();
    expect(refs.map((r) => r.name).sort()).toEqual(refs.map((_, i) => `img${i}.png`).sort());
    for (const r of refs) expect(again.locate(r.id)).toEqual({ chunkId: r.chunkId, row: r.row });
  });

  it('deletes reference, blob and vector row together; clears the active reference', async () => {
    const idx = await openIndex(M, 8);
    const a = await addReference(img(1), vec(8, 1), M, idx);
    const b = await addReference(img(2), vec(8, 2), M, idx);
    await setActiveReference(a);
    expect((await getActiveReference())?.referenceId).toBe(a.id);
    await deleteReferences([a.id], idx, M);
    const db = await getDB();
    expect(await db.get('blobs', a.blobId)).toBeUndefined();
    expect(await db.get('blobs', b.blobId)).toBeDefined();
    expect(await getActiveReference()).toBeNull();
    await closeDB();
    const again = await openIndex(M, 8);
    expect(again.ids()).toEqual([b.id]);
    expect(again.search(vec(8, 1), 5).map((h) => h.id)).toEqual([b.id]);
  });

  it('refuses an index of another vector size and leaves the stored chunks unchanged', async () => {
    const idx = await openIndex(M, 8);
    await addReference(img(1), vec(8, 1), M, idx);
    const before = await loadChunks(M);
    await expect(openIndex(M, 16)).rejects.toBeInstanceOf(DimensionMismatchError);
    expect(await loadChunks(M)).toEqual(before);
  });

  it('a failed write rolls the in-memory index back (nothing half-written)', async () => {
    const idx = await openIndex(M, 4);
    await addReference(img(1), vec(4, 1), M, idx);
    const db = await getDB();
    db.close(); // the next transaction fails
    await expect(addReference(img(2), vec(4, 2), M, idx)).rejects.toThrow();
    expect(idx.size).toBe(1);
  });

  it('tags persist; clearing a model removes only its chunks', async () => {
    const idx = await openIndex(M, 4);
    const a = await addReference(img(1), vec(4, 1), M, idx);
    await setReferenceTags(a.id, [{ label: '고양이', score: 0.31 }]);
    expect((await listReferences())[0].tags).toEqual([{ label: '고양이', score: 0.31 }]);
    const other = await openIndex('other', 4);
    await addReference(img(2), vec(4, 2), 'other', other);
    await clearModelVectors(M);
    expect(await loadChunks(M)).toEqual([]);
    expect((await loadChunks('other')).length).toBe(1);
  });
});
