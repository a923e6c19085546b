import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { closeDB } from '../../src/store/db';
import { getBlob } from '../../src/store/blobs';
import { addCharacter, deleteCharacter, listCharacters } from '../../src/store/characters';
import { getStory, saveStory } from '../../src/store/story';

beforeEach(async () => {
  await closeDB();
  globalThis.indexedDB = new IDBFactory();
});

const image = (fill: number) => ({ bytes: new Uint8Array(8).fill(fill).buffer, type: 'image/png' });

describe('character sheet store', () => {
  it('adds characters with their image blob and palette, per project; delete removes the blob', async () => {
    const mina = await addCharacter('p1', { name: ' Mina ', image: image(1), paletteId: 'pal', paletteName: 'Mina colors' });
    const minsu = await addCharacter('p1', { name: '민수', image: image(2) });
    await addCharacter('p2', { name: 'Other', image: image(3) });
    expect((await listCharacters('p1')).map((c) => [c.name, c.paletteName])).toEqual([['Mina', 'Mina colors'], ['민수', undefined]]);
    expect(new Uint8Array((await getBlob(mina.blobId))!.bytes)[0]).toBe(1);
    await deleteCharacter('p1', mina.id);
    expect((await listCharacters('p1')).map((c) => c.id)).toEqual([minsu.id]);
    expect(await getBlob(mina.blobId)).toBeUndefined();
    expect(await listCharacters('p2')).toHaveLength(1);
  });
  it('refuses a character without a name and stores nothing', async () => {
    await expect(addCharacter('p1', { name: '  ', image: image(1) })).rejects.toThrow(/name/);
    expect(await listCharacters('p1')).toEqual([]);
  });
});

describe('story draft store', () => {
  it('keeps one draft per project', async () => {
    expect(await getStory('p1')).toBeNull();
    const draft = { story: 'A. B.', baseSeed: 5, steps: 4, guidance: 1, strength: 0.6, updatedAt: 0,
      panels: [{ text: 'A.', seed: 5, take: 0, characters: [], panelId: 'x' }] };
    await saveStory('p1', draft);
    const got = await getStory('p1');
    expect(got?.panels).toEqual(draft.panels);
    expect(got!.updatedAt).toBeGreaterThan(0);
    expect(await getStory('p2')).toBeNull();
  });
});
