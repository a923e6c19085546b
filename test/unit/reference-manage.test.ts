/**
 * Managing references (References trial fixes), with fake-indexeddb:
 * - the duplicate check of an import (splitDuplicates, pure): by SHA-256, against the library and
 *   against earlier files of the same import; empty files never count as duplicates;
 * - LibraryIndex.knownHashes: records stored with their hash answer at once, older records
 *   (no hash) are hashed only when their image has an incoming size;
 * - delete → Undo (LibraryIndex.remove / restore, src/store/references.ts): the same record (id,
 *   tags, collections, notes), the same blobs (ids, bytes, type), the vector back in the index
 *   and its chunk, the active reference set again; a second restore adds nothing.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { closeDB, getDB } from '../../src/store/db';
import { getActiveReference, setActiveReference } from '../../src/store/references';
import { updateReference } from '../../src/store/reference-meta';
import { sha256Hex } from '../../src/core/backup/format';
import { splitDuplicates } from '../../src/features/references/duplicates';
import { LibraryIndex } from '../../workers/vectors/library-index';

beforeEach(async () => {
  await closeDB();
  globalThis.indexedDB = new IDBFactory();
});

const dim = 4;
const bytes = (...b: number[]) => new Uint8Array(b).buffer as ArrayBuffer;
const unit = (v: number[]) => {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};
const VECS = [unit([1, 0.2, 0, 0.1]), unit([0, 1, 0.3, 0]), unit([0.2, 0, 1, 0.4])];

/** The stored blobs `ids` as plain values (id, type, time, bytes), to compare before and after. */
async function blobsOf(db: Awaited<ReturnType<typeof getDB>>, ids: string[]) {
  return Promise.all(
    ids.map(async (id) => {
      const r = (await db.get('blobs', id))!;
      return { id: r.id, type: r.type, createdAt: r.createdAt, bytes: [...new Uint8Array(await r.blob.arrayBuffer())] };
    }),
  );
}

describe('splitDuplicates', () => {
  it('finds pictures the library has and repeats inside one import', () => {
    const items = [
      { name: 'black-cat.png', sha256: 'a', size: 10 },
      { name: 'dog.png', sha256: 'b', size: 12 },
      { name: 'dog copy.png', sha256: 'b', size: 12 },
      { name: 'empty.png', sha256: 'e', size: 0 },
      { name: 'empty2.png', sha256: 'e', size: 0 },
      { name: 'tree.png', sha256: 'c', size: 9 },
    ];
    const r = splitDuplicates(items, { a: { name: 'cat.png' } });
    expect(r.fresh).toEqual([1, 3, 4, 5]);
    expect(r.duplicates).toEqual([
      { index: 0, name: 'black-cat.png', existing: 'cat.png' },
      { index: 2, name: 'dog copy.png', existing: 'dog.png', of: 1 },
    ]);
  });

  it('answers nothing for inherited keys of the known map', () => {
    const r = splitDuplicates([{ name: 'x.png', sha256: 'constructor', size: 3 }], {});
    expect(r).toEqual({ fresh: [0], duplicates: [] });
  });
});

describe('LibraryIndex.knownHashes', () => {
  it('answers from stored hashes, and hashes older records of an incoming size only', async () => {
    const lib = new LibraryIndex();
    await lib.open({ id: 'm', dim });
    const cat = bytes(1, 2, 3, 4);
    const [withHash] = await lib.add(
      [{ bytes: cat.slice(0), type: 'image/png', name: 'cat.png', sha256: await sha256Hex(cat) }],
      Float32Array.from(VECS[0]),
      dim,
    );
    expect(withHash.sha256).toBe(await sha256Hex(cat));
    // Older records: stored without a hash.
    const dog = bytes(5, 6, 7, 8, 9);
    const tree = bytes(1, 1);
    await lib.add(
      [
        { bytes: dog.slice(0), type: 'image/png', name: 'dog.png' },
        { bytes: tree.slice(0), type: 'image/png', name: 'tree.png' },
      ],
      Float32Array.from([...VECS[1], ...VECS[2]]),
      dim,
    );
    const want = [
      { sha256: await sha256Hex(cat), size: cat.byteLength },
      { sha256: await sha256Hex(dog), size: dog.byteLength },
      { sha256: await sha256Hex(bytes(7, 7, 7)), size: 3 },
    ];
    const fresh = new LibraryIndex(); // as after a reload: nothing hashed in memory yet
    await fresh.open({ id: 'm', dim });
    const known = await fresh.knownHashes(want);
    expect(Object.fromEntries(Object.entries(known).map(([h, r]) => [h, r.name]))).toEqual({
      [want[0].sha256]: 'cat.png',
      [want[1].sha256]: 'dog.png',
    });
  });
});

describe('delete and undo', () => {
  it('restores the same record, blobs, vector and active reference', async () => {
    const lib = new LibraryIndex();
    await lib.open({ id: 'm', dim });
    const [a, b] = await lib.add(
      [
        {
          bytes: bytes(1, 2, 3),
          type: 'image/png',
          name: 'cat.png',
          thumb: { bytes: bytes(9, 9), type: 'image/webp' },
        },
        { bytes: bytes(4, 5, 6), type: 'image/png', name: 'dog.png' },
      ],
      Float32Array.from([...VECS[0], ...VECS[1]]),
      dim,
    );
    const edited = await updateReference(a.id, { userTags: ['black'], collections: ['pets'], notes: 'sitting' });
    lib.put([edited]);
    await setActiveReference(edited);
    const db = await getDB();
    const chunkBefore = (await db.getAll('vectorChunks'))[0];
    const blobsBefore = await blobsOf(db, [a.blobId, a.thumbBlobId!]);

    const deleted = await lib.remove([a.id]);
    expect(deleted.map((d) => d.record)).toEqual([edited]);
    expect(await db.get('references', a.id)).toBeUndefined();
    expect(await db.get('blobs', a.blobId)).toBeUndefined();
    expect(await db.get('blobs', a.thumbBlobId!)).toBeUndefined();
    expect(await getActiveReference()).toBeNull();
    expect(lib.page(0, 10).refs.map((r) => r.id)).toEqual([b.id]);
    expect(lib.search(Float32Array.from(VECS[0]), 1).hits[0].id).toBe(b.id);

    // Through structured clone, as the page keeps it and sends it back to the worker.
    const back = await lib.restore(structuredClone(deleted));
    expect(back.map((r) => r.id)).toEqual([a.id]);
    const stored = (await db.get('references', a.id))!;
    expect(stored).toEqual(edited); // same id, blob ids, thumbnail, tags, collections, notes, row
    const blobsAfter = await blobsOf(db, [a.blobId, a.thumbBlobId!]);
    expect(blobsAfter).toEqual(blobsBefore);
    const chunkAfter = (await db.getAll('vectorChunks'))[0];
    expect(chunkAfter.ids).toEqual(chunkBefore.ids);
    const [v0, v1] = [new Float32Array(chunkBefore.data), new Float32Array(chunkAfter.data)];
    for (let i = 0; i < v0.length; i++) expect(Math.abs(v1[i] - v0[i])).toBeLessThan(1e-7);
    expect((await getActiveReference())?.referenceId).toBe(a.id);
    // Found again: search, the grid's window, the records; and after a reload from the store.
    expect(lib.search(Float32Array.from(VECS[0]), 1).hits[0].id).toBe(a.id);
    // in the grid's order (added time, then id: a and b may share a millisecond), as before the delete
    const gridOrder = [a, b].sort((x, y) => x.createdAt - y.createdAt || x.id.localeCompare(y.id)).map((r) => r.id);
    expect(lib.page(0, 10).refs.map((r) => r.id)).toEqual(gridOrder);
    const fresh = new LibraryIndex();
    await fresh.open({ id: 'm', dim });
    expect(fresh.summary()).toMatchObject({ count: 2, stale: 0, collections: ['pets'] });
    expect(fresh.search(Float32Array.from(VECS[0]), 1).hits[0].id).toBe(a.id);

    // Undo twice: nothing more is written.
    expect(await lib.restore(deleted)).toEqual([]);
    expect((await db.getAll('references')).length).toBe(2);
  });

  it('does not take back the active reference chosen after the delete', async () => {
    const lib = new LibraryIndex();
    await lib.open({ id: 'm', dim });
    const [a, b] = await lib.add(
      [
        { bytes: bytes(1), type: 'image/png', name: 'a.png' },
        { bytes: bytes(2), type: 'image/png', name: 'b.png' },
      ],
      Float32Array.from([...VECS[0], ...VECS[1]]),
      dim,
    );
    await setActiveReference(a);
    const deleted = await lib.remove([a.id]);
    await setActiveReference(b);
    await lib.restore(deleted);
    expect((await getActiveReference())?.referenceId).toBe(b.id);
  });
});

describe('two tabs writing', () => {
  it("a tab told that another wrote reads again before its own write: the other's vector is kept", async () => {
    const a = new LibraryIndex();
    const b = new LibraryIndex();
    await a.open({ id: 'm', dim });
    await b.open({ id: 'm', dim }); // both read the empty library
    const [x] = await a.add(
      [{ bytes: bytes(1, 2, 3), type: 'image/png', name: 'x.png' }],
      Float32Array.from(VECS[0]),
      dim,
    );
    b.markDirty(); // the change channel's word from tab A
    const [y] = await b.add(
      [{ bytes: bytes(4, 5, 6), type: 'image/png', name: 'y.png' }],
      Float32Array.from(VECS[1]),
      dim,
    );
    const after = new LibraryIndex(); // as after a reload
    await after.open({ id: 'm', dim });
    expect(after.summary()).toMatchObject({ count: 2, stale: 0 });
    expect(after.search(Float32Array.from(VECS[0]), 1).hits[0].id).toBe(x.id);
    expect(after.search(Float32Array.from(VECS[1]), 1).hits[0].id).toBe(y.id);
  });
});
