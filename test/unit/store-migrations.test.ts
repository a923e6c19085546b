import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { closeDB, DB_VERSION, getDB } from '../../src/store/db';
import { migrate } from '../../src/store/migrations';
import { DB_NAME, type ToonDB } from '../../src/store/schema';
import { legacyBlob } from './stored-bytes';

beforeEach(async () => {
  await closeDB();
  globalThis.indexedDB = new IDBFactory();
});

describe('schema migrations', () => {
  it('creates every store and index at the newest version', async () => {
    const db = await getDB();
    expect(DB_VERSION).toBe(5);
    expect(db.version).toBe(5);
    expect([...db.objectStoreNames].sort()).toEqual(
      [
        'blobs',
        'characters',
        'hints',
        'models',
        'palettes',
        'panels',
        'projects',
        'references',
        'settings',
        'stories',
        'storyboards',
        'thumbs',
        'vectorChunks',
      ].sort(),
    );
    const tx = db.transaction([
      'panels',
      'hints',
      'palettes',
      'references',
      'vectorChunks',
      'projects',
      'characters',
      'stories',
      'storyboards',
    ]);
    expect([...tx.objectStore('panels').indexNames]).toEqual(['projectId']);
    expect([...tx.objectStore('hints').indexNames]).toEqual(['panelId']);
    expect([...tx.objectStore('palettes').indexNames]).toEqual(['projectId']);
    expect([...tx.objectStore('references').indexNames]).toEqual(['modelId']);
    expect([...tx.objectStore('vectorChunks').indexNames]).toEqual(['modelId']);
    expect([...tx.objectStore('projects').indexNames]).toEqual(['updatedAt']);
    expect([...tx.objectStore('characters').indexNames]).toEqual(['projectId']);
    expect(tx.objectStore('characters').keyPath).toBe('id');
    expect(tx.objectStore('stories').keyPath).toBe('projectId');
    expect(tx.objectStore('storyboards').keyPath).toBe('projectId');
  });

  it('upgrades a v1 database to the newest keeping its data', async () => {
    const v1 = await openDB<ToonDB>(DB_NAME, 1, { upgrade: (db, old) => migrate(db, old, 1) });
    expect([...v1.objectStoreNames].sort()).toEqual(['blobs', 'panels', 'projects', 'settings']);
    const bytes = new Uint8Array([137, 80, 78, 71, 1, 2, 3]).buffer;
    await v1.put('projects', { id: 'p', name: 'Old', panelIds: ['a'], createdAt: 1, updatedAt: 1 });
    await v1.put('panels', {
      id: 'a',
      projectId: 'p',
      width: 2,
      height: 3,
      sourceName: 'a.png',
      originalBlobId: 'b',
      createdAt: 1,
      editedAt: 1,
    });
    await v1.put('blobs', legacyBlob({ id: 'b', type: 'image/png', bytes, createdAt: 1 }));
    await v1.put('settings', { key: 'currentProjectId', value: 'p' });
    v1.close();

    const db = await getDB();
    expect(db.version).toBe(DB_VERSION);
    expect((await db.get('projects', 'p'))?.name).toBe('Old');
    expect(await db.getAllFromIndex('panels', 'projectId', 'p')).toHaveLength(1);
    // v5: the image is a Blob now, the same bytes under the same id, type and time.
    const b = (await db.get('blobs', 'b'))!;
    expect(Object.keys(b).sort()).toEqual(['blob', 'createdAt', 'id', 'type']);
    expect([b.type, b.blob.type, b.createdAt]).toEqual(['image/png', 'image/png', 1]);
    expect(new Uint8Array(await b.blob.arrayBuffer())).toEqual(new Uint8Array(bytes));
    expect((await db.get('settings', 'currentProjectId'))?.value).toBe('p');
    // The v2 stores work.
    await db.put('hints', { id: 'h', panelId: 'a', hints: [], updatedAt: 1 });
    expect(await db.getAllFromIndex('hints', 'panelId', 'a')).toHaveLength(1);
    // The v4 store (panel thumbnails) exists, empty: thumbnails are made on first show.
    expect(await db.count('thumbs')).toBe(0);
  });

  it('v4 → v5: every image becomes a Blob with the same bytes, id, type and time; a large model file too', async () => {
    const v4 = await openDB<ToonDB>(DB_NAME, 4, { upgrade: (db, old, next, tx) => migrate(db, old, next ?? 4, tx) });
    const png = new Uint8Array([137, 80, 78, 71, 9, 8, 7]);
    const jpeg = new Uint8Array([255, 216, 255, 1, 2]);
    const big = new Uint8Array(300_000).map((_, i) => (i * 31) & 255);
    await v4.put('blobs', legacyBlob({ id: 'p', type: 'image/png', bytes: png.slice().buffer, createdAt: 11 }));
    await v4.put('blobs', legacyBlob({ id: 'j', type: 'image/jpeg', bytes: jpeg.slice().buffer, createdAt: 12 }));
    await v4.put(
      'blobs',
      legacyBlob({
        id: 'm',
        type: 'application/octet-stream',
        bytes: new ArrayBuffer(0),
        large: new Blob([big]),
        createdAt: 13,
      }),
    );
    await v4.put('blobs', legacyBlob({ id: 'e', type: 'image/png', bytes: new ArrayBuffer(0), createdAt: 14 }));
    v4.close();

    const db = await getDB();
    expect(db.version).toBe(DB_VERSION);
    const want: [string, string, number, Uint8Array][] = [
      ['p', 'image/png', 11, png],
      ['j', 'image/jpeg', 12, jpeg],
      ['m', 'application/octet-stream', 13, big],
      ['e', 'image/png', 14, new Uint8Array(0)],
    ];
    for (const [id, type, createdAt, bytes] of want) {
      const rec = (await db.get('blobs', id))!;
      expect(Object.keys(rec).sort(), id).toEqual(['blob', 'createdAt', 'id', 'type']);
      expect([rec.type, rec.blob.type, rec.createdAt], id).toEqual([type, type, createdAt]);
      expect(Buffer.from(await rec.blob.arrayBuffer()).equals(Buffer.from(bytes)), id).toBe(true);
    }
    expect(await db.count('blobs')).toBe(4);
  });

  it('closes its connection when a newer version is requested elsewhere (blocking)', async () => {
    const db = await getDB();
    const newer = await openDB(DB_NAME, DB_VERSION + 1, { upgrade() {} });
    expect(newer.version).toBe(DB_VERSION + 1);
    newer.close();
    expect(() => db.transaction('projects')).toThrow();
  });
});
