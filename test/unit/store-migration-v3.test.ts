/**
 * DB v3: story drafts, storyboards and character sheets move out of the settings store
 * (`story:<projectId>`, `storyboard:<projectId>`, `characters:<projectId>`) into their own stores,
 * in the upgrade transaction. A v2 database is built with the real v1+v2 migrations.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB, type IDBPDatabase } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { closeDB, DB_VERSION, getDB } from '../../src/store/db';
import { migrate } from '../../src/store/migrations';
import { DB_NAME, type ToonDB } from '../../src/store/schema';
import { addCharacter, deleteCharacter, listCharacters, type CharacterRecord } from '../../src/store/characters';
import { getStory, saveStory, type StoryDraft } from '../../src/store/story';
import { getBoard, type StoryBoard } from '../../src/store/storyboard';
import { getSetting } from '../../src/store/settings';
import { collectBytes } from './backup-helpers';
import { legacyBlob } from './stored-bytes';

beforeEach(async () => {
  await closeDB();
  globalThis.indexedDB = new IDBFactory();
});

/** A database at version 2, as the app left it before v3. */
async function openV2(): Promise<IDBPDatabase<ToonDB>> {
  return openDB<ToonDB>(DB_NAME, 2, { upgrade: (db, old, _new, tx) => migrate(db, old, 2, tx) });
}

const draft: StoryDraft = {
  story: '미나가 달린다. Jun waits.',
  baseSeed: 7,
  steps: 4,
  guidance: 1.5,
  strength: 0.6,
  look: 'both',
  panels: [
    { text: '미나가 달린다.', seed: 7, take: 1, characters: ['미나'], init: '미나', look: 'both' },
    { text: 'Jun waits.', seed: 8, take: 0, characters: ['Jun'] },
  ],
  updatedAt: 111,
};
const board: StoryBoard = { story: '미나가 바닷가에서 "안녕!"', panels: [], updatedAt: 222 };
const sheet: CharacterRecord[] = [
  { id: 'c-zed', name: 'Zed', blobId: 'b-zed', createdAt: 5 },
  { id: 'c-amy', name: 'Amy', blobId: 'b-amy', paletteId: 'pal', paletteName: 'Amy colors', createdAt: 5 },
];

describe('v2 → v3: story, storyboard and characters leave settings', () => {
  it('moves every record into its store, deletes the old keys and loses nothing', async () => {
    const v2 = await openV2();
    for (const id of ['p1', 'p2']) await v2.put('projects', { id, name: id, panelIds: [], createdAt: 1, updatedAt: 1 });
    for (const id of ['b-zed', 'b-amy', 'b-other'])
      await v2.put(
        'blobs',
        legacyBlob({ id, type: 'image/png', bytes: new Uint8Array([1, 2, 3]).buffer, createdAt: 1 }),
      );
    await v2.put('palettes', { id: 'pal', projectId: 'p1', name: 'Amy colors', entries: [], updatedAt: 1 });
    await v2.put('settings', { key: 'currentProjectId', value: 'p1' });
    await v2.put('settings', { key: 'diffusion.active', value: 'tiny' });
    await v2.put('settings', { key: 'story:p1', value: draft });
    await v2.put('settings', { key: 'storyboard:p1', value: board });
    await v2.put('settings', { key: 'characters:p1', value: sheet });
    // p2's sheet reuses an id of p1's (ids become keys: the second gets a fresh one).
    await v2.put('settings', {
      key: 'characters:p2',
      value: [{ id: 'c-zed', name: 'Other', blobId: 'b-other', createdAt: 6 }],
    });
    await v2.put('settings', { key: 'story:p2', value: null });
    // A shape the app never wrote stays where it is.
    await v2.put('settings', { key: 'storyboard:odd', value: 'not a board' });
    v2.close();

    const db = await getDB();
    expect(db.version).toBe(DB_VERSION);
    expect(DB_VERSION).toBeGreaterThanOrEqual(3); // through v3 and any later step
    expect(await getStory('p1')).toEqual(draft);
    expect(await getStory('p2')).toBeNull();
    expect(await getBoard('p1')).toEqual(board);
    expect(await getBoard('p2')).toBeNull();
    // Same records, same order (not id or name order).
    expect(await listCharacters('p1')).toEqual(sheet);
    const other = await listCharacters('p2');
    expect(other).toHaveLength(1);
    expect(other[0]).toMatchObject({ name: 'Other', blobId: 'b-other', createdAt: 6 });
    expect(other[0].id).not.toBe('c-zed');

    expect((await db.getAllKeys('settings')).sort()).toEqual([
      'currentProjectId',
      'diffusion.active',
      'storyboard:odd',
    ]);
    expect(await getSetting('storyboard:odd', null)).toBe('not a board');
    expect(await getSetting('currentProjectId', null)).toBe('p1');
    expect(await db.getAllKeys('stories')).toEqual(['p1']);
    expect(await db.getAllKeys('storyboards')).toEqual(['p1']);
    expect(await db.count('characters')).toBe(3);
    expect(await db.count('blobs')).toBe(3);
    expect(await db.count('projects')).toBe(2);

    // The stores work on after the move: a new character goes to the end of the sheet.
    const added = await addCharacter('p1', { name: 'New', image: { bytes: new ArrayBuffer(4), type: 'image/png' } });
    expect((await listCharacters('p1')).map((c) => c.name)).toEqual(['Zed', 'Amy', 'New']);
    await deleteCharacter('p1', 'c-zed');
    expect((await listCharacters('p1')).map((c) => c.id)).toEqual(['c-amy', added.id]);
    expect(await db.get('blobs', 'b-zed')).toBeUndefined();
    await saveStory('p1', { ...draft, story: 'Changed.' });
    expect((await getStory('p1'))?.story).toBe('Changed.');

    // A backup of the migrated project carries them (read from the new stores).
    const content = await collectBytes('p1');
    expect(content.story?.panels).toEqual(draft.panels);
    expect(content.storyboard).toEqual(board);
    expect(content.characters?.map((c) => c.name)).toEqual(['Amy', 'New']);
    expect(content.characters?.[0]).toEqual(sheet[1]);
  });

  it('opens a v2 database that has none of them', async () => {
    const v2 = await openV2();
    await v2.put('projects', { id: 'p', name: 'p', panelIds: [], createdAt: 1, updatedAt: 1 });
    await v2.put('settings', { key: 'currentProjectId', value: 'p' });
    v2.close();
    const db = await getDB();
    expect(db.version).toBe(DB_VERSION);
    expect(await db.getAllKeys('settings')).toEqual(['currentProjectId']);
    expect(await db.count('stories')).toBe(0);
    expect(await db.count('storyboards')).toBe(0);
    expect(await db.count('characters')).toBe(0);
    expect(await getStory('p')).toBeNull();
    expect(await listCharacters('p')).toEqual([]);
  });

  it('a sheet id another project used is not lost when the sheets come in the other order', async () => {
    const v2 = await openV2();
    // Settings are visited in key order: characters:a before characters:b.
    await v2.put('settings', { key: 'characters:b', value: [{ id: 'x', name: 'B', blobId: 'bb', createdAt: 1 }] });
    await v2.put('settings', { key: 'characters:a', value: [{ id: 'x', name: 'A', blobId: 'ba', createdAt: 1 }] });
    v2.close();
    await getDB();
    expect(await listCharacters('a')).toEqual([{ id: 'x', name: 'A', blobId: 'ba', createdAt: 1 }]);
    const b = await listCharacters('b');
    expect(b.map((c) => [c.name, c.blobId])).toEqual([['B', 'bb']]);
  });
});
