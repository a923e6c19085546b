import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { strToU8, zipSync, unzipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import { BACKUP_VERSION, packBackup, unpackBackup, type UnpackResult } from '../../src/core/backup/format';
import { writeBackup } from '../../src/store/backup';
import { closeDB, getDB } from '../../src/store/db';
import { addPanels, listPanels, setPanelResult } from '../../src/store/panels';
import { createProject, getProject } from '../../src/store/projects';
import { getBlob } from '../../src/store/blobs';
import { addCharacter, listCharacters } from '../../src/store/characters';
import { deletePalette, listPalettes } from '../../src/store/palettes';
import { getStory, saveStory, type StoryDraft } from '../../src/store/story';
import { jpeg, png, collectBytes } from './backup-helpers';
import { storedBytes } from './stored-bytes';

beforeEach(async () => {
  await closeDB();
  globalThis.indexedDB = new IDBFactory();
});

/** A real image per seed (restore only takes whole PNG/JPEG/WebP bytes); `n` sets its width. */
function bytes(n: number, seed: number): ArrayBuffer {
  return png(seed, 2 + (n % 17), 3);
}

async function sampleProject() {
  const p = await createProject('Backup me');
  const panels = await addPanels(p.id, [
    { bytes: bytes(5000, 1), type: 'image/png', width: 4, height: 3, sourceName: 'a.png' },
    { bytes: jpeg(800, 900), type: 'image/jpeg', width: 800, height: 900, sourceName: 'b.jpg' },
  ]);
  await setPanelResult(panels[0].id, bytes(300, 3), 'image/png');
  await (
    await getDB()
  ).put('hints', { id: panels[1].id, panelId: panels[1].id, hints: [{ x: 1, y: 2 }], updatedAt: 5 });
  await (await getDB()).put('palettes', { id: 'pal', projectId: p.id, name: 'Hero', entries: [], updatedAt: 5 });
  return p;
}

function failed(r: UnpackResult): string {
  if (r.ok) throw new Error('expected a failure');
  return r.code;
}

describe('backup', () => {
  it('round-trips a project byte for byte, into an empty database', async () => {
    const p = await sampleProject();
    const content = await collectBytes(p.id);
    const zip = await packBackup(content);
    const originals = await Promise.all(content.blobs.map(async (b) => new Uint8Array(await storedBytes(b.id))));

    await closeDB();
    globalThis.indexedDB = new IDBFactory(); // "clear site data"
    const r = await unpackBackup(zip);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { project: stored } = await writeBackup(r);
    // Every record comes back under a fresh id; the name is free here, so it is kept.
    expect(stored.id).not.toBe(p.id);
    expect(stored.name).toBe('Backup me');
    const panels = await listPanels(stored.id);
    expect(panels.map((x) => x.sourceName)).toEqual(['a.png', 'b.jpg']);
    const before = await Promise.all(content.panels.map(async (x) => [x.originalBlobId, x.resultBlobId] as const));
    for (const [i, x] of panels.entries()) {
      const [orig, result] = before[i];
      expect(new Uint8Array(await storedBytes(x.originalBlobId))).toEqual(
        originals[content.blobs.findIndex((b) => b.id === orig)],
      );
      if (result)
        expect(new Uint8Array(await storedBytes(x.resultBlobId!))).toEqual(
          originals[content.blobs.findIndex((b) => b.id === result)],
        );
    }
    expect((await getBlob(panels[1].originalBlobId))!.type).toBe('image/jpeg');
    // The hint record is keyed by its (new) panel id, as src/store/hints.ts reads it.
    expect((await (await getDB()).get('hints', panels[1].id))?.hints).toEqual([{ x: 1, y: 2 }]);
    expect((await listPalettes(stored.id)).map((x) => x.name)).toEqual(['Hero']);
  });

  it('imports as a copy with fresh ids when the project exists', async () => {
    const p = await sampleProject();
    const r = await unpackBackup(await packBackup(await collectBytes(p.id)));
    if (!r.ok) throw new Error(r.detail);
    const { project: copy } = await writeBackup(r);
    expect(copy.id).not.toBe(p.id);
    expect(copy.name).toBe('Backup me (2)');
    expect((await getProject(p.id))?.panelIds).toHaveLength(2);
    const copied = await listPanels(copy.id);
    expect(copied).toHaveLength(2);
    expect(new Uint8Array(await storedBytes(copied[1].originalBlobId))).toEqual(new Uint8Array(jpeg(800, 900)));
  });

  it('rejects foreign and damaged files without writing', async () => {
    const p = await sampleProject();
    const zip = await packBackup(await collectBytes(p.id));
    expect(failed(await unpackBackup(strToU8('hello, not a zip')))).toBe('backup-foreign');
    expect(failed(await unpackBackup(zipSync({ 'readme.txt': strToU8('hi') })))).toBe('backup-foreign');
    expect(failed(await unpackBackup(zipSync({ 'manifest.json': strToU8('{"format":"other"}') })))).toBe(
      'backup-foreign',
    );
    expect(failed(await unpackBackup(zip.slice(0, zip.length - 200)))).toBe('backup-damaged');
    // Flip one byte inside a stored image: CRC (and SHA-256) catch it.
    const flipped = zip.slice();
    const pngAt = flipped.findIndex(
      (_, i) => flipped[i] === 0x89 && flipped[i + 1] === 0x50 && flipped[i + 2] === 0x4e && flipped[i + 3] === 0x47,
    );
    flipped[pngAt + 30] ^= 0xff;
    expect(failed(await unpackBackup(flipped))).toBe('backup-damaged');
    // A consistent zip whose blob does not match its manifest hash.
    const files = unzipSync(zip);
    const name = Object.keys(files).find((f) => f.startsWith('blobs/'))!;
    files[name] = files[name].slice();
    files[name][10] ^= 1;
    expect(failed(await unpackBackup(zipSync(files, { level: 0 })))).toBe('backup-damaged');
    const newer = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    newer.version = 99;
    expect(failed(await unpackBackup(zipSync({ ...files, 'manifest.json': strToU8(JSON.stringify(newer)) })))).toBe(
      'backup-version',
    );
  });
});

/** sampleProject plus story mode's records: a draft naming both panels and two characters. */
async function sampleWithGenerate() {
  const p = await sampleProject();
  const [a, b] = (await getProject(p.id))!.panelIds;
  const mina = await addCharacter(p.id, {
    name: 'Mina',
    image: { bytes: bytes(900, 4), type: 'image/png' },
    paletteId: 'pal',
    paletteName: 'Hero',
  });
  const jun = await addCharacter(p.id, { name: 'Jun', image: { bytes: bytes(1200, 5), type: 'image/png' } });
  const draft: StoryDraft = {
    story: 'Mina runs. Jun waits. Rain.',
    baseSeed: 42,
    steps: 4,
    guidance: 1.5,
    strength: 0.6,
    libraryRefs: true,
    look: 'both',
    updatedAt: 0,
    panels: [
      {
        text: 'Mina runs.',
        seed: 42,
        take: 0,
        characters: ['Mina'],
        palette: 'Hero',
        init: 'Mina',
        look: 'prompt',
        panelId: a,
      },
      { text: 'Jun waits.', seed: 43, take: 2, characters: ['Jun'], init: 'Jun', panelId: b },
      { text: 'Rain.', seed: 44, take: 0, characters: [], ref: 'rain.png' },
    ],
  };
  await saveStory(p.id, draft);
  return { p, mina, jun };
}

type Files = Record<string, Uint8Array>;
type Manifest = Record<string, any>; // parsed JSON, edited freely by the damage cases

/** Re-zips `zip` after `edit` changed its parsed manifest (and, if it likes, its files). */
function rezip(zip: Uint8Array, edit: (m: Manifest, files: Files) => void): Uint8Array {
  const files = unzipSync(zip);
  const m = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as Manifest;
  edit(m, files);
  return zipSync({ ...files, 'manifest.json': strToU8(JSON.stringify(m)) }, { level: 0 });
}

describe('backup v2: story draft and character sheet', () => {
  it('round-trips story and characters byte for byte, into an empty database', async () => {
    const { p, mina, jun } = await sampleWithGenerate();
    const content = await collectBytes(p.id);
    expect(content.characters?.map((c) => c.id)).toEqual([mina.id, jun.id]);
    expect(content.blobs.map((b) => b.id)).toEqual(expect.arrayContaining([mina.blobId, jun.blobId]));
    const story = await getStory(p.id);
    expect(content.story).toEqual(story);
    const createdAt = 1_700_000_000_000;
    const zip = await packBackup(content, createdAt);
    const manifest = JSON.parse(new TextDecoder().decode(unzipSync(zip)['manifest.json']));
    expect(manifest.version).toBe(3);
    expect(BACKUP_VERSION).toBe(3);
    const originals = new Map(
      await Promise.all(content.blobs.map(async (b) => [b.id, new Uint8Array(await storedBytes(b.id))] as const)),
    );

    const r = await unpackBackup(zip);
    if (!r.ok) throw new Error(r.detail);
    expect(r.story).toEqual(content.story);
    expect(r.characters).toEqual(content.characters);
    for (const b of r.blobs) expect(new Uint8Array(b.bytes)).toEqual(originals.get(b.id));
    // Nothing is lost or reordered: packing what was read gives the same zip, byte for byte.
    expect(await packBackup(r, createdAt)).toEqual(zip);

    await closeDB();
    globalThis.indexedDB = new IDBFactory(); // "clear site data"
    const { project: stored } = await writeBackup(r);
    const panelIds = (await getProject(stored.id))!.panelIds;
    const restoredStory = (await getStory(stored.id))!;
    expect(restoredStory.panels.map((sp) => sp.panelId)).toEqual([panelIds[0], panelIds[1], undefined]);
    const withoutIds = (d: StoryDraft) => ({
      ...d,
      updatedAt: 0,
      panels: d.panels.map(({ panelId: _, ...rest }) => rest),
    });
    expect(withoutIds(restoredStory)).toEqual(withoutIds(story!));
    const chars = await listCharacters(stored.id);
    const strip = (c: { id: string; blobId: string; paletteId?: string }) => ({
      ...c,
      id: '',
      blobId: '',
      paletteId: c.paletteId && 'x',
    });
    expect(chars.map(strip)).toEqual(content.characters!.map(strip));
    for (const [i, c] of chars.entries()) {
      expect(new Uint8Array(await storedBytes(c.blobId))).toEqual(originals.get(content.characters![i].blobId));
    }
    expect(chars[0].paletteId).toBe((await listPalettes(stored.id))[0].id);
    expect(new Uint8Array(await storedBytes(chars[0].blobId))).toEqual(new Uint8Array(bytes(900, 4)));
  });

  it("imports story and characters as a copy pointing at the copy's new ids", async () => {
    const { p, mina, jun } = await sampleWithGenerate();
    const storyBefore = await getStory(p.id);
    const charsBefore = await listCharacters(p.id);
    const r = await unpackBackup(await packBackup(await collectBytes(p.id)));
    if (!r.ok) throw new Error(r.detail);
    const { project: copy } = await writeBackup(r);
    expect(copy.id).not.toBe(p.id);

    // The original is untouched.
    expect(await getStory(p.id)).toEqual(storyBefore);
    expect(await listCharacters(p.id)).toEqual(charsBefore);

    // The copy's story names the copy's panels, in the same places.
    const orig = (await getProject(p.id))!;
    const copied = (await getProject(copy.id))!;
    const story = (await getStory(copy.id))!;
    expect(story.panels.map((sp) => sp.panelId)).toEqual([copied.panelIds[0], copied.panelIds[1], undefined]);
    expect(copied.panelIds.some((id) => orig.panelIds.includes(id))).toBe(false);
    expect({ ...story, panels: story.panels.map(({ panelId: _, ...rest }) => rest) }).toEqual({
      ...storyBefore,
      panels: storyBefore!.panels.map(({ panelId: _, ...rest }) => rest),
    });

    // The copy's characters: fresh ids and blobs, the copy's palette, identical image bytes.
    const chars = await listCharacters(copy.id);
    expect(chars.map((c) => c.name)).toEqual(['Mina', 'Jun']);
    const [copyPal] = await listPalettes(copy.id);
    expect(copyPal.id).not.toBe('pal');
    expect(chars[0].paletteId).toBe(copyPal.id);
    expect(chars[0].paletteName).toBe('Hero');
    expect(chars[1].paletteId).toBeUndefined();
    for (const [i, orig] of [mina, jun].entries()) {
      expect(chars[i].id).not.toBe(orig.id);
      expect(chars[i].blobId).not.toBe(orig.blobId);
      expect(chars[i].createdAt).toBe(orig.createdAt);
      expect(new Uint8Array(await storedBytes(chars[i].blobId))).toEqual(
        new Uint8Array(await storedBytes(orig.blobId)),
      );
    }
    expect(
      new Set([...chars.map((c) => c.blobId), ...(await listPanels(copy.id)).map((x) => x.originalBlobId)]).size,
    ).toBe(4);
  });

  it('still reads a version-1 backup (no story, no characters) and leaves those records alone', async () => {
    const p = await sampleProject();
    const v1 = rezip(await packBackup(await collectBytes(p.id)), (m) => {
      m.version = 1;
      delete m.story;
      delete m.characters;
    });
    expect(JSON.parse(new TextDecoder().decode(unzipSync(v1)['manifest.json']))).not.toHaveProperty('story');
    const r = await unpackBackup(v1);
    if (!r.ok) throw new Error(r.detail);
    expect(r.story).toBeUndefined();
    expect(r.characters).toBeUndefined();
    expect(r.panels).toHaveLength(2);

    // Into an empty database: the project comes back, no story or characters appear.
    await closeDB();
    globalThis.indexedDB = new IDBFactory();
    const { project: first } = await writeBackup(r);
    expect((await listPanels(first.id)).map((x) => x.sourceName)).toEqual(['a.png', 'b.jpg']);
    expect(await getStory(first.id)).toBeNull();
    expect(await listCharacters(first.id)).toEqual([]);
    expect(await (await getDB()).getAllFromIndex('characters', 'projectId', first.id)).toEqual([]);
    expect(await (await getDB()).get('stories', first.id)).toBeUndefined();

    // As a copy next to a project that has a story: the original keeps it, the copy has none.
    await saveStory(first.id, {
      story: 'x',
      baseSeed: 1,
      steps: 1,
      guidance: 1,
      strength: 1,
      updatedAt: 0,
      panels: [],
    });
    const { project: copy } = await writeBackup(r);
    expect(copy.id).not.toBe(first.id);
    expect((await getStory(first.id))?.story).toBe('x');
    expect(await getStory(copy.id)).toBeNull();
  });

  it('refuses versions above 3 as backup-version', async () => {
    const p = await sampleProject();
    const zip = await packBackup(await collectBytes(p.id));
    expect(failed(await unpackBackup(rezip(zip, (m) => void (m.version = 4))))).toBe('backup-version');
    expect((await unpackBackup(rezip(zip, (m) => void (m.version = 3)))).ok).toBe(true);
  });

  it('export drops references that already dangle, so its own reader accepts it', async () => {
    const { p, mina, jun } = await sampleWithGenerate();
    const draft = (await getStory(p.id))!;
    await saveStory(p.id, {
      ...draft,
      panels: [...draft.panels, { text: 'Gone.', seed: 9, take: 0, characters: [], panelId: 'deleted-panel' }],
    });
    await deletePalette('pal');
    await (await getDB()).delete('blobs', jun.blobId);
    const r = await unpackBackup(await packBackup(await collectBytes(p.id)));
    if (!r.ok) throw new Error(r.detail);
    expect(r.story!.panels[3]).toEqual({ text: 'Gone.', seed: 9, take: 0, characters: [] });
    expect(r.characters!.map((c) => c.id)).toEqual([mina.id]);
    expect(r.characters![0].paletteId).toBeUndefined();
    expect(r.characters![0].paletteName).toBe('Hero');
  });

  it('a broken or malformed story or character is backup-damaged', async () => {
    const { p } = await sampleWithGenerate();
    const zip = await packBackup(await collectBytes(p.id));
    expect((await unpackBackup(zip)).ok).toBe(true);
    const charBlobPath = (m: Manifest) =>
      m.blobs.find((b: { id: string }) => b.id === m.characters[0].blobId).path as string;
    const cases: [string, (m: Manifest, files: Files) => void][] = [
      // Cross references.
      ['character blobId not in the backup', (m) => void (m.characters[0].blobId = 'no-such-blob')],
      [
        'character image entry and file missing',
        (m, files) => {
          const path = charBlobPath(m);
          delete files[path];
          m.blobs = m.blobs.filter((b: { path: string }) => b.path !== path);
        },
      ],
      ['character image file missing', (m, files) => void delete files[charBlobPath(m)]],
      [
        'character image bytes changed',
        (m, files) => {
          const path = charBlobPath(m);
          files[path] = files[path].slice();
          files[path][3] ^= 1;
        },
      ],
      [
        'character image hash wrong',
        (m) => {
          const e = m.blobs.find((b: { id: string }) => b.id === m.characters[0].blobId);
          e.sha256 = '0'.repeat(64);
        },
      ],
      ['character paletteId not in the backup', (m) => void (m.characters[0].paletteId = 'no-such-palette')],
      ['character paletteId of a palette left out', (m) => void (m.palettes = [])],
      ['story panelId not in the backup', (m) => void (m.story.panels[1].panelId = 'no-such-panel')],
      ['story panelId of a palette, not a panel', (m) => void (m.story.panels[0].panelId = 'pal')],
      ['duplicate character ids', (m) => void (m.characters[1].id = m.characters[0].id)],
      // Shapes.
      ['story not an object', (m) => void (m.story = 'once upon a time')],
      ['story without panels', (m) => void delete m.story.panels],
      ['story seed not a number', (m) => void (m.story.baseSeed = '42')],
      ['story panel text missing', (m) => void delete m.story.panels[0].text],
      ['story panel characters not strings', (m) => void (m.story.panels[0].characters = [1])],
      ['story panel panelId not a string', (m) => void (m.story.panels[0].panelId = 7)],
      ['story libraryRefs not a boolean', (m) => void (m.story.libraryRefs = 'yes')],
      ['characters not a list', (m) => void (m.characters = { a: 1 })],
      ['character without a name', (m) => void delete m.characters[0].name],
      ['character blobId not a string', (m) => void (m.characters[0].blobId = null)],
      ['character paletteId not a string', (m) => void (m.characters[1].paletteId = 5)],
      ['character createdAt missing', (m) => void delete m.characters[1].createdAt],
    ];
    for (const [name, edit] of cases) {
      const r = await unpackBackup(rezip(zip, edit));
      expect(r.ok ? 'ok' : r.code, name).toBe('backup-damaged');
    }
    // Absent or empty story and characters are fine (a project without story mode).
    const empty = await unpackBackup(
      rezip(zip, (m) => {
        m.story = null;
        m.characters = [];
      }),
    );
    expect(empty.ok).toBe(true);
    if (empty.ok) {
      expect(empty.story).toBeNull();
      expect(empty.characters).toEqual([]);
    }
  });
});
