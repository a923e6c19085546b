import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { closeDB } from '../../src/store/db';
import { getBlob } from '../../src/store/blobs';
import { addCharacter, copyCharacters, deleteCharacter, listCharacters, otherSheets } from '../../src/store/characters';
import { getHints, saveHints } from '../../src/store/hints';
import { addPanels, listPanels, setPanelResult, type NewPanelImage } from '../../src/store/panels';
import { createProject } from '../../src/store/projects';
import {
  draftPanelIds,
  getStory,
  landDraftPanel,
  saveStory,
  undoRedraft,
  type RedraftUndo,
  type StoryDraft,
} from '../../src/store/story';
import { storedBytes } from './stored-bytes';

beforeEach(async () => {
  await closeDB();
  globalThis.indexedDB = new IDBFactory();
});

const image = (fill: number) => ({ bytes: new Uint8Array(8).fill(fill).buffer, type: 'image/png' });

describe('character sheet store', () => {
  it("copies another project's characters with their own images; a name already there is skipped", async () => {
    await addCharacter('p1', { name: '미나', image: image(1), paletteId: 'pal', paletteName: 'Mina colors' });
    await addCharacter('p1', { name: '준', image: image(2) });
    await addCharacter('p2', { name: 'JUN', image: image(9) }); // 준 in another case is not "준": kept apart
    await addCharacter('p2', { name: '준', image: image(3) });
    expect((await otherSheets('p2')).map((s) => [s.projectId, s.characters.map((c) => c.name)])).toEqual([
      ['p1', ['미나', '준']],
    ]);
    expect(await copyCharacters('p1', 'p2')).toEqual(['미나']);
    const p2 = await listCharacters('p2');
    expect(p2.map((c) => c.name)).toEqual(['JUN', '준', '미나']);
    const mina1 = (await listCharacters('p1'))[0];
    const mina2 = p2[2];
    expect(mina2.blobId).not.toBe(mina1.blobId); // its own image: deleting one keeps the other
    expect(mina2.paletteId).toBeUndefined(); // palettes belong to their project
    expect(await storedBytes(mina2.blobId)).toEqual(await storedBytes(mina1.blobId));
    await deleteCharacter('p1', mina1.id);
    expect(await getBlob(mina2.blobId)).toBeDefined();
    expect(await copyCharacters('p1', 'p2')).toEqual([]);
  });
  it('adds characters with their image blob and palette, per project; delete removes the blob', async () => {
    const mina = await addCharacter('p1', {
      name: ' Mina ',
      image: image(1),
      paletteId: 'pal',
      paletteName: 'Mina colors',
    });
    const minsu = await addCharacter('p1', { name: '민수', image: image(2) });
    await addCharacter('p2', { name: 'Other', image: image(3) });
    expect((await listCharacters('p1')).map((c) => [c.name, c.paletteName])).toEqual([
      ['Mina', 'Mina colors'],
      ['민수', undefined],
    ]);
    expect(new Uint8Array(await storedBytes(mina.blobId))[0]).toBe(1);
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
    const draft = {
      story: 'A. B.',
      baseSeed: 5,
      steps: 4,
      guidance: 1,
      strength: 0.6,
      updatedAt: 0,
      panels: [{ text: 'A.', seed: 5, take: 0, characters: [], panelId: 'x' }],
    };
    await saveStory('p1', draft);
    const got = await getStory('p1');
    expect(got?.panels).toEqual(draft.panels);
    expect(got!.updatedAt).toBeGreaterThan(0);
    expect(await getStory('p2')).toBeNull();
  });
});

const png = (name: string, fill: number): NewPanelImage => ({
  bytes: new Uint8Array(8).fill(fill).buffer,
  type: 'image/png',
  width: 4,
  height: 4,
  sourceName: name,
});
const draftOf = (story: string, ids: string[]): StoryDraft => ({
  story,
  baseSeed: 1,
  steps: 4,
  guidance: 1,
  strength: 0.6,
  updatedAt: 0,
  panels: ids.map((panelId, i) => ({ text: `${story} ${i}`, seed: 1 + i, take: 0, characters: [], panelId })),
});
const names = async (projectId: string) => (await listPanels(projectId)).map((p) => p.sourceName);

describe('re-draft: replace with undo', () => {
  it('the first landed panel replaces the previous draft in place, the next follow it; undo brings all back', async () => {
    const { id } = await createProject('P');
    const [a] = await addPanels(id, [png('a', 1)]);
    const old = await addPanels(id, [png('o1', 2), png('o2', 3)]);
    await addPanels(id, [png('b', 4)]);
    // The old draft's first panel was colorized and hinted: undo must bring that back too.
    await setPanelResult(old[0].id, new Uint8Array([9, 9]).buffer, 'image/png');
    await saveHints(old[0].id, [{ kind: 'point', x: 1, y: 1, radius: 2, rgb: [255, 0, 0] }]);
    const previous = draftOf(
      'old',
      old.map((p) => p.id),
    );
    await saveStory(id, previous);

    const first = await landDraftPanel(id, png('n1', 5), { replacing: draftPanelIds(previous) });
    expect(first.removed?.panels.map((p) => p.sourceName)).toEqual(['o1', 'o2']);
    expect(await names(id)).toEqual(['a', 'n1', 'b']);
    const second = await landDraftPanel(id, png('n2', 6), { after: first.panel.id });
    const third = await landDraftPanel(id, png('n3', 7), { after: second.panel.id });
    expect(await names(id)).toEqual(['a', 'n1', 'n2', 'n3', 'b']);
    await saveStory(id, draftOf('new', [first.panel.id, second.panel.id, third.panel.id]));

    const undo: RedraftUndo = { projectId: id, previous, removed: first.removed! };
    const back = await undoRedraft(undo);
    expect(back.story).toBe('old');
    expect(await names(id)).toEqual(['a', 'o1', 'o2', 'b']);
    const panels = await listPanels(id);
    expect(panels.map((p) => p.id)).toEqual([a.id, old[0].id, old[1].id, panels[3].id]);
    expect(new Uint8Array(await storedBytes(panels[1].resultBlobId!))).toEqual(new Uint8Array([9, 9]));
    expect(await getHints(old[0].id)).toHaveLength(1);
    expect((await getStory(id))?.panels.map((p) => p.panelId)).toEqual(old.map((p) => p.id));
    // The new draft's panels and images are gone.
    expect(await getBlob(first.panel.originalBlobId)).toBeUndefined();
  });

  it('an undo that fails part-way changes nothing (one transaction), and can be run again', async () => {
    const { id } = await createProject('P');
    const old = await addPanels(id, [png('o1', 2)]);
    const previous = draftOf('old', [old[0].id]);
    await saveStory(id, previous);
    const first = await landDraftPanel(id, png('n1', 5), { replacing: draftPanelIds(previous) });
    await saveStory(id, draftOf('new', [first.panel.id]));
    // the story's write fails (a value that cannot be stored) after the panels were swapped
    const broken = { ...previous, story: (() => 'x') as unknown as string };
    await expect(undoRedraft({ projectId: id, previous: broken, removed: first.removed! })).rejects.toThrow();
    expect(await names(id)).toEqual(['n1']);
    expect((await getStory(id))?.story).toBe('new');
    await undoRedraft({ projectId: id, previous, removed: first.removed! });
    expect(await names(id)).toEqual(['o1']);
    expect((await getStory(id))?.story).toBe('old');
  });

  it('a first draft (nothing to replace) appends at the end and returns no undo', async () => {
    const { id } = await createProject('P');
    await addPanels(id, [png('a', 1)]);
    const first = await landDraftPanel(id, png('n1', 5), { replacing: [] });
    expect(first.removed).toBeUndefined();
    await landDraftPanel(id, png('n2', 6), { after: first.panel.id });
    expect(await names(id)).toEqual(['a', 'n1', 'n2']);
  });

  it('previous draft panels already deleted from the strip: nothing removed, the new draft goes to the end', async () => {
    const { id } = await createProject('P');
    await addPanels(id, [png('a', 1)]);
    const first = await landDraftPanel(id, png('n1', 5), { replacing: ['gone-1', 'gone-2'] });
    expect(first.removed).toBeUndefined();
    expect(await names(id)).toEqual(['a', 'n1']);
  });
});
