/**
 * Reference thumbnails and the library grid's window (issue 14 #2), with fake-indexeddb:
 * thumbnail size rule; a thumbnail given at import is stored as its own blob with the record
 * (one transaction) and deleted with it; older references get one later (setThumbnails: skips
 * deleted references and ones that have one); LibraryIndex.page returns windows in library order.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { closeDB, getDB } from '../../src/store/db';
import { setThumbnails } from '../../src/store/references';
import { thumbSize, THUMB_SIDE } from '../../workers/image/thumbnail';
import { LibraryIndex } from '../../workers/vectors/library-index';

beforeEach(async () => {
  await closeDB();
  globalThis.indexedDB = new IDBFactory();
});

const dim = 4;
const bytes = (n: number) => new Uint8Array([n, n, n, n]).buffer as ArrayBuffer;
const vectors = (n: number) => Float32Array.from({ length: n * dim }, (_, i) => ((i * 7) % 5) + 1);

describe('thumbSize', () => {
  it('long side 256, aspect kept, never upscaled, at least 1 px', () => {
    expect(THUMB_SIDE).toBe(256);
    expect(thumbSize(800, 600)).toEqual({ width: 256, height: 192 });
    expect(thumbSize(600, 4000)).toEqual({ width: 38, height: 256 });
    expect(thumbSize(100, 50)).toEqual({ width: 100, height: 50 });
    expect(thumbSize(10000, 1)).toEqual({ width: 256, height: 1 });
  });
});

describe('thumbnails in the store', () => {
  it('stores an import thumbnail with the record, deletes it with the reference', async () => {
    const lib = new LibraryIndex();
    await lib.open({ id: 'm', dim });
    const [a, b] = await lib.add(
      [
        { bytes: bytes(1), type: 'image/png', name: 'a.png', thumb: { bytes: bytes(9), type: 'image/webp' } },
        { bytes: bytes(2), type: 'image/png', name: 'b.png' },
      ],
      vectors(2),
      dim,
    );
    expect(a.thumbBlobId).toBeTruthy();
    expect(b.thumbBlobId).toBeUndefined();
    const db = await getDB();
    const t = await db.get('blobs', a.thumbBlobId!);
    expect(t?.type).toBe('image/webp');
    expect(new Uint8Array(await t!.blob.arrayBuffer())).toEqual(new Uint8Array(bytes(9)));
    expect((await db.get('references', a.id))?.thumbBlobId).toBe(a.thumbBlobId);
    await lib.remove([a.id]);
    expect(await db.get('blobs', a.thumbBlobId!)).toBeUndefined();
    expect(await db.get('blobs', a.blobId)).toBeUndefined();
  });

  it('setThumbnails adds one to older references only, in one transaction', async () => {
    const lib = new LibraryIndex();
    await lib.open({ id: 'm', dim });
    const [a, b, c] = await lib.add(
      ['a', 'b', 'c'].map((n, i) => ({
        bytes: bytes(i),
        type: 'image/png',
        name: `${n}.png`,
        ...(n === 'c' ? { thumb: { bytes: bytes(7), type: 'image/webp' } } : {}),
      })),
      vectors(3),
      dim,
    );
    await lib.remove([b.id]);
    const updated = await setThumbnails(
      new Map([
        [a.id, { bytes: bytes(5), type: 'image/webp' }],
        [b.id, { bytes: bytes(5), type: 'image/webp' }], // deleted meanwhile: skipped
        [c.id, { bytes: bytes(5), type: 'image/webp' }], // has one: kept as it is
      ]),
    );
    expect(updated.map((r) => r.id)).toEqual([a.id]);
    const db = await getDB();
    expect((await db.get('references', a.id))?.thumbBlobId).toBe(updated[0].thumbBlobId);
    expect((await db.get('references', c.id))?.thumbBlobId).toBe(c.thumbBlobId);
    expect((await db.getAll('blobs')).length).toBe(2 + 2); // a, c originals + a, c thumbnails
  });
});

describe('LibraryIndex.page', () => {
  it('windows in library order with the total, following adds and removes', async () => {
    const lib = new LibraryIndex();
    await lib.open({ id: 'm', dim });
    const added = [];
    for (let i = 0; i < 7; i++)
      added.push(...(await lib.add([{ bytes: bytes(i), type: 'image/png', name: `r${i}.png` }], vectors(1), dim)));
    // Library order: oldest first, ties (same millisecond) by id — as listReferences.
    const order = added.slice().sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
    expect(lib.page(0, 3)).toEqual({ total: 7, refs: order.slice(0, 3) });
    expect(lib.page(5, 10).refs).toEqual(order.slice(5));
    expect(lib.page(9, 3).refs).toEqual([]);
    await lib.remove([order[1].id]);
    expect(lib.page(0, 3).refs).toEqual([order[0], order[2], order[3]]);
    expect(lib.page(0, 100).total).toBe(6);
    // A fresh worker (reads the store) gives the same order.
    const fresh = new LibraryIndex();
    await fresh.open({ id: 'm', dim });
    expect(fresh.page(0, 100).refs.map((r) => r.id)).toEqual(lib.page(0, 100).refs.map((r) => r.id));
  });
});
