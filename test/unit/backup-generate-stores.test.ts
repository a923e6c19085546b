/**
 * Backups and the v3 stores (stories, storyboards, characters): backup files carry the story,
 * storyboard and character sheet as manifest fields, so files written before the stores existed
 * (version 2, and version 3 without a storyboard) restore into the new stores under fresh ids,
 * and nothing a file carries (a `projectId` or `pos` inside its records) reaches another project.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import { packBackup, unpackBackup } from '../../src/core/backup/format';
import { writeBackup } from '../../src/store/backup';
import { closeDB, getDB } from '../../src/store/db';
import { addPanels } from '../../src/store/panels';
import { createProject, getProject } from '../../src/store/projects';
import { addCharacter, listCharacters } from '../../src/store/characters';
import { getStory, saveStory, type StoryDraft } from '../../src/store/story';
import { getBoard, saveBoard, type StoryBoard } from '../../src/store/storyboard';
import { png, snapshot, collectBytes } from './backup-helpers';
import { storedBytes } from './stored-bytes';

beforeEach(async () => {
  await closeDB();
  globalThis.indexedDB = new IDBFactory();
});

type Manifest = Record<string, any>; // parsed JSON, edited freely

function rezip(zip: Uint8Array, edit: (m: Manifest) => void): Uint8Array {
  const files = unzipSync(zip);
  const m = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as Manifest;
  edit(m);
  return zipSync({ ...files, 'manifest.json': strToU8(JSON.stringify(m)) }, { level: 0 });
}

const draftFor = (panelId: string, text: string): StoryDraft => ({
  story: text,
  baseSeed: 3,
  steps: 4,
  guidance: 1,
  strength: 0.6,
  updatedAt: 0,
  panels: [{ text, seed: 3, take: 0, characters: ['Mina'], init: 'Mina', panelId }],
});

/** A project with one panel, a story, a storyboard (no panels) and two characters. */
async function project(name: string, seed: number) {
  const p = await createProject(name);
  const [panel] = await addPanels(p.id, [
    { bytes: png(seed), type: 'image/png', width: 6, height: 4, sourceName: `${name}.png` },
  ]);
  await addCharacter(p.id, { name: 'Mina', image: { bytes: png(seed + 1), type: 'image/png' } });
  await addCharacter(p.id, { name: 'Jun', image: { bytes: png(seed + 2), type: 'image/png' } });
  await saveStory(p.id, draftFor(panel.id, `${name} story.`));
  const board: StoryBoard = { story: `${name} board`, panels: [], updatedAt: 0 };
  await saveBoard(p.id, board);
  return { p, panel };
}

describe('backup files and the story, storyboard and character stores', () => {
  it('a version-2 file (story + characters, no library, no storyboard) restores into the new stores', async () => {
    const { p } = await project('Old', 10);
    const zip = await packBackup(await collectBytes(p.id), 1_600_000_000_000);
    const v2 = rezip(zip, (m) => {
      m.version = 2;
      delete m.library;
      delete m.storyboard;
    });
    const r = await unpackBackup(v2);
    if (!r.ok) throw new Error(r.detail);
    expect(r.storyboard).toBeUndefined();

    await closeDB();
    globalThis.indexedDB = new IDBFactory();
    const { p: other } = await project('Here', 20);
    const before = await snapshot();
    const { project: stored } = await writeBackup(r);
    const after = await snapshot();
    // Every record already here is still here, unchanged (only the current project moved).
    for (const [store, recs] of Object.entries(before))
      for (const rec of recs) {
        if (store === 'settings' && (rec as { key: string }).key === 'currentProjectId') continue;
        expect(after[store], `${store} record kept`).toContainEqual(rec);
      }
    // The restored project's records are in their stores, keyed by its new id.
    const panelIds = (await getProject(stored.id))!.panelIds;
    expect((await getStory(stored.id))?.panels.map((sp) => sp.panelId)).toEqual(panelIds);
    expect((await getStory(stored.id))?.story).toBe('Old story.');
    const chars = await listCharacters(stored.id);
    expect(chars.map((c) => c.name)).toEqual(['Mina', 'Jun']);
    expect(new Uint8Array(await storedBytes(chars[1].blobId))).toEqual(new Uint8Array(png(12)));
    // A file without a storyboard writes none.
    expect(await getBoard(stored.id)).toBeNull();
    expect((await getBoard(other.id))?.story).toBe('Here board');
    expect(await (await getDB()).getAllKeys('settings')).toEqual(['currentProjectId']);
  });

  it("records that carry another project's id (or a sheet position) land under the restored project only", async () => {
    const { p: victim, panel } = await project('Victim', 30);
    const storyBefore = await getStory(victim.id);
    const charsBefore = await listCharacters(victim.id);
    const boardBefore = await getBoard(victim.id);
    const zip = await packBackup(await collectBytes(victim.id));
    const hostile = rezip(zip, (m) => {
      m.story.projectId = victim.id;
      m.story.story = 'Overwritten?';
      m.storyboard.projectId = victim.id;
      m.storyboard.story = 'Overwritten?';
      m.characters = m.characters.map((c: Manifest, i: number) => ({ ...c, projectId: victim.id, pos: -5 - i }));
    });
    const r = await unpackBackup(hostile);
    if (!r.ok) throw new Error(r.detail);
    const { project: copy } = await writeBackup(r);

    expect(await getStory(victim.id)).toEqual(storyBefore);
    expect(await getBoard(victim.id)).toEqual(boardBefore);
    expect(await listCharacters(victim.id)).toEqual(charsBefore);
    expect((await getStory(copy.id))?.story).toBe('Overwritten?');
    expect((await getStory(copy.id))?.panels[0].panelId).not.toBe(panel.id);
    expect((await getBoard(copy.id))?.story).toBe('Overwritten?');
    expect((await listCharacters(copy.id)).map((c) => c.name)).toEqual(['Mina', 'Jun']);
    const rows = await (await getDB()).getAllFromIndex('characters', 'projectId', copy.id);
    expect(rows.map((c) => c.pos).sort()).toEqual([0, 1]);
  });
});
