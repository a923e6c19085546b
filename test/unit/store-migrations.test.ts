import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { closeDB, DB_VERSION, getDB } from '../../src/store/db';
import { migrate } from '../../src/store/migrations';
import { DB_NAME, type ToonDB } from '../../src/store/schema';

beforeEach(async () => {
  await closeDB();
  globalThis.indexedDB = new IDBFactory();
});

describe('schema migrations', () => {
  it('creates every store and index at the newest version', async () => {
    const db = await getDB();
    expect(DB_VERSION).toBe(4);
    expect(db.version).toBe(4);
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
    await v1.put('blobs', { id: 'b', type: 'image/png', bytes, createdAt: 1 });
    await v1.put('settings', { key: 'currentProjectId', value: 'p' });
    v1.close();

    const db = await getDB();
    expect(db.version).toBe(DB_VERSION);
    expect((await db.get('projects', 'p'))?.name).toBe('Old');
    expect(await db.getAllFromIndex('panels', 'projectId', 'p')).toHaveLength(1);
    expect(new Uint8Array((await db.get('blobs', 'b'))!.bytes)).toEqual(new Uint8Array(bytes));
    expect((await db.get('settings', 'currentProjectId'))?.value).toBe('p');
    // The v2 stores work.
    await db.put('hints', { id: 'h', panelId: 'a', hints: [], updatedAt: 1 });
    expect(await db.getAllFromIndex('hints', 'panelId', 'a')).toHaveLength(1);
    // The v4 store (panel thumbnails) exists, empty: thumbnails are made on first show.
    expect(await db.count('thumbs')).toBe(0);
  });

  it('closes its connection when a newer version is requested elsewhere (blocking)', async () => {
    const db = await getDB();
    const newer = await openDB(DB_NAME, DB_VERSION + 1, { upgrade() {} });
    expect(newer.version).toBe(DB_VERSION + 1);
    newer.close();
    expect(() => db.transaction('projects')).toThrow();
  });
});
