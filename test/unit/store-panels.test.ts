import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { closeDB, getDB, guardWrite, isQuotaError, StorageFullError } from '../../src/store/db';
import { createProject, ensureCurrentProject, getProject, listProjects, renameProject } from '../../src/store/projects';
import {
  addPanels,
  deletePanels,
  listPanels,
  movePanel,
  replacePanels,
  restorePanels,
  setPanelResult,
  type NewPanelImage,
} from '../../src/store/panels';
import { blobRecord, getBlob, getBlobs } from '../../src/store/blobs';
import { getSetting, setSetting } from '../../src/store/settings';
import { storedBytes } from './stored-bytes';

beforeEach(async () => {
  await closeDB();
  globalThis.indexedDB = new IDBFactory();
});

function img(name: string, fill: number, n = 16): NewPanelImage {
  return { bytes: new Uint8Array(n).fill(fill).buffer, type: 'image/png', width: 10, height: 20, sourceName: name };
}

describe('projects', () => {
  it('creates a default project once and remembers the current one', async () => {
    const a = await ensureCurrentProject('My strip');
    expect(a.name).toBe('My strip');
    expect((await ensureCurrentProject('Other')).id).toBe(a.id);
    const b = await createProject('Second');
    expect((await ensureCurrentProject('x')).id).toBe(b.id);
    await renameProject(a.id, '  Renamed ');
    expect((await getProject(a.id))?.name).toBe('Renamed');
    expect((await listProjects()).map((p) => p.name)[0]).toBe('Renamed'); // most recently updated first
  });

  it('views asking at once on a first run share one new project', async () => {
    const got = await Promise.all(['Strip', 'Colorize', 'Generate', 'Values'].map((n) => ensureCurrentProject(n)));
    expect(new Set(got.map((p) => p.id)).size).toBe(1);
    expect((await listProjects()).length).toBe(1);
  });

  it('settings round-trip with a fallback', async () => {
    expect(await getSetting('locale', 'en')).toBe('en');
    await setSetting('locale', 'ko');
    expect(await getSetting('locale', 'en')).toBe('ko');
  });
});

describe('panels', () => {
  it('adds in order with blobs, reorders, deletes with undo at the old positions', async () => {
    const p = await createProject('P');
    const added = await addPanels(p.id, [img('a', 1), img('b', 2), img('c', 3), img('d', 4)]);
    expect((await listPanels(p.id)).map((x) => x.sourceName)).toEqual(['a', 'b', 'c', 'd']);
    expect(new Uint8Array(await storedBytes(added[2].originalBlobId))[0]).toBe(3);

    await movePanel(p.id, added[3].id, 0);
    expect((await listPanels(p.id)).map((x) => x.sourceName)).toEqual(['d', 'a', 'b', 'c']);

    await (await getDB()).put('hints', { id: 'h1', panelId: added[1].id, hints: [{ x: 1 }], updatedAt: 1 });
    const deleted = await deletePanels(p.id, [added[1].id, added[3].id]);
    expect((await listPanels(p.id)).map((x) => x.sourceName)).toEqual(['a', 'c']);
    expect(await getBlob(added[1].originalBlobId)).toBeUndefined();
    expect(await (await getDB()).get('hints', 'h1')).toBeUndefined();

    await restorePanels(deleted);
    expect((await listPanels(p.id)).map((x) => x.sourceName)).toEqual(['d', 'a', 'b', 'c']);
    expect(new Uint8Array(await storedBytes(added[1].originalBlobId))[0]).toBe(2);
    expect((await (await getDB()).get('hints', 'h1'))?.hints).toEqual([{ x: 1 }]);
  });

  it('replaces panels in place (stitch/split) and can be undone', async () => {
    const p = await createProject('P');
    const [a, b, c] = await addPanels(p.id, [img('a', 1), img('b', 2), img('c', 3)]);
    const { added, removed } = await replacePanels(p.id, [b.id, c.id], [img('bc', 9)]);
    expect((await listPanels(p.id)).map((x) => x.sourceName)).toEqual(['a', 'bc']);
    await deletePanels(
      p.id,
      added.map((x) => x.id),
    );
    await restorePanels(removed);
    expect((await listPanels(p.id)).map((x) => x.id)).toEqual([a.id, b.id, c.id]);
  });

  it('stores a result image and replaces an earlier one', async () => {
    const p = await createProject('P');
    const [a] = await addPanels(p.id, [img('a', 1)]);
    const r1 = await setPanelResult(a.id, new Uint8Array([5]).buffer, 'image/png');
    const r2 = await setPanelResult(a.id, new Uint8Array([6]).buffer, 'image/png');
    expect(await getBlob(r1.resultBlobId!)).toBeUndefined();
    expect((await getBlobs([r2.resultBlobId!]))[0].blob.size).toBe(1);
  });

  it('a failing multi-store write leaves nothing half-written', async () => {
    const p = await createProject('P');
    const [a] = await addPanels(p.id, [img('a', 1)]);
    const db = await getDB();
    const before = { blobs: await db.count('blobs'), panels: await db.count('panels') };
    // Same panel id twice → the second add fails (ConstraintError) and the transaction aborts.
    const tx = db.transaction(['panels', 'blobs', 'projects'], 'readwrite');
    const dup = { ...a, id: 'dup' };
    await expect(
      Promise.all([
        tx.objectStore('blobs').add(blobRecord('image/png', new ArrayBuffer(4), 1, 'new-blob')),
        tx.objectStore('panels').add(dup),
        tx.objectStore('panels').add(dup),
        tx.done,
      ]),
    ).rejects.toThrow();
    expect({ blobs: await db.count('blobs'), panels: await db.count('panels') }).toEqual(before);
    expect(await getBlob('new-blob')).toBeUndefined();
  });

  it('turns a quota failure into StorageFullError', async () => {
    const quota = new DOMException('Quota exceeded', 'QuotaExceededError');
    expect(isQuotaError(quota)).toBe(true);
    expect(isQuotaError(new Error('x'))).toBe(false);
    const err = await guardWrite(() => Promise.reject(quota)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageFullError);
    expect((err as StorageFullError).code).toBe('storage-full');
    await expect(guardWrite(() => Promise.reject(new TypeError('other')))).rejects.toBeInstanceOf(TypeError);
  });
});
