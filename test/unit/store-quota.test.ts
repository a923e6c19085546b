/**
 * A full quota in every store write: fake-indexeddb's put/add throw QuotaExceededError (what the
 * browser reports when storage is used up). Every write rejects with StorageFullError, stores
 * nothing, announces nothing, and the message every feature shows is the translated "storage
 * full" (ko and en), also across a worker boundary (a plain Error named like it).
 */
import 'fake-indexeddb/auto';
import { IDBFactory, IDBObjectStore as FakeStore } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDB, getDB, StorageFullError } from '../../src/store/db';
import { addPanels, movePanel, setPanelResult, deletePanels } from '../../src/store/panels';
import { createProject, renameProject } from '../../src/store/projects';
import { setSetting } from '../../src/store/settings';
import { saveHints } from '../../src/store/hints';
import { createPalette, savePalette } from '../../src/store/palettes';
import { addCharacter } from '../../src/store/characters';
import { saveModel } from '../../src/store/models';
import { addReference, setManyReferenceTags, setReferenceTags } from '../../src/store/references';
import { openIndex } from '../../src/store/vectors';
import { saveBoardBlob } from '../../src/store/storyboard';
import { LibraryIndex } from '../../workers/vectors/library-index';
import { ChangeChannel, type StoreChange } from '../../src/store/changes';
import { setLocale, t } from '../../src/app/i18n';
import { isStorageFull, storeErrorMessage } from '../../src/app/store-errors';

const proto = FakeStore.prototype as unknown as Record<'put' | 'add', (...a: unknown[]) => unknown>;
const original = { put: proto.put, add: proto.add };
let full = false;
function fill(): void {
  full = true;
}
for (const m of ['put', 'add'] as const) {
  proto[m] = function (this: unknown, ...a: unknown[]) {
    if (full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return original[m].apply(this, a);
  };
}

const png = () => new Uint8Array([137, 80, 78, 71]).buffer as ArrayBuffer;
const vec = (hot: number) => Float32Array.from({ length: 8 }, (_, i) => (i === hot ? 1 : 0.01));

async function dump(): Promise<string> {
  const db = await getDB();
  const out: Record<string, unknown[]> = {};
  for (const s of db.objectStoreNames) {
    out[s] = (await db.getAll(s)).map((r) =>
      JSON.stringify(r, (_k, v) => (v instanceof ArrayBuffer ? [...new Uint8Array(v)] : v)),
    );
  }
  return JSON.stringify(out);
}

let heard: StoreChange[][] = [];
const other = new ChangeChannel('another-tab');
other.listen((c) => heard.push(c));

beforeEach(async () => {
  full = false;
  heard = [];
  await closeDB();
  globalThis.indexedDB = new IDBFactory();
});
afterEach(() => setLocale('en'));

describe('every store write under a full quota', () => {
  it('rejects with StorageFullError, writes nothing and announces nothing', async () => {
    const project = await createProject('P');
    const [panel] = await addPanels(project.id, [
      { bytes: png(), type: 'image/png', width: 1, height: 1, sourceName: 'a.png' },
    ]);
    const palette = await createPalette(project.id, 'Hero');
    const index = await openIndex('m', 8);
    const ref = await addReference({ bytes: png(), type: 'image/png', name: 'r.png' }, vec(1), 'm', index);
    const lib = new LibraryIndex();
    await lib.open({ id: 'm', dim: 8 });
    await new Promise((r) => setTimeout(r, 20)); // let the setup's announcements arrive before counting
    const before = await dump();
    heard = [];
    fill();

    const writes: [string, () => Promise<unknown>][] = [
      ['createProject', () => createProject('Q')],
      ['renameProject', () => renameProject(project.id, 'R')],
      [
        'addPanels',
        () => addPanels(project.id, [{ bytes: png(), type: 'image/png', width: 1, height: 1, sourceName: 'b.png' }]),
      ],
      ['movePanel', () => movePanel(project.id, panel.id, 0)],
      ['deletePanels', () => deletePanels(project.id, [panel.id])],
      ['setPanelResult', () => setPanelResult(panel.id, png(), 'image/png')],
      ['setSetting', () => setSetting('x', 1)],
      ['saveHints', () => saveHints(panel.id, [])],
      ['createPalette', () => createPalette(project.id, 'Villain')],
      ['savePalette', () => savePalette({ ...palette, name: 'Hero 2' })],
      [
        'addCharacter',
        () => addCharacter(project.id, { name: 'Kim', image: { bytes: png(), type: 'image/png' } } as never),
      ],
      ['saveModel', () => saveModel('clip', 'big', { 'config.json': png() })],
      ['addReference', () => addReference({ bytes: png(), type: 'image/png', name: 's.png' }, vec(2), 'm', index)],
      ['setReferenceTags', () => setReferenceTags(ref.id, [{ label: 'cat', score: 0.5 }])],
      ['setManyReferenceTags', () => setManyReferenceTags(new Map([[ref.id, [{ label: 'cat', score: 0.5 }]]]))],
      ['saveBoardBlob', () => saveBoardBlob(png())],
      ['vectors worker add', () => lib.add([{ bytes: png(), type: 'image/png', name: 't.png' }], vec(3), 8)],
      ['vectors worker tag', () => lib.tag({ labels: ['cat'], vectors: vec(1), dim: 8, top: 3 })],
      ['vectors worker re-embed', () => lib.replaceAll({ id: 'm2', dim: 8 }, [ref.id], vec(4))],
    ];
    for (const [name, write] of writes) {
      const err = await write().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, name).toBeInstanceOf(StorageFullError);
      expect(storeErrorMessage(err), name).toBe(t('store.full'));
    }
    full = false;
    expect(await dump()).toBe(before);
    // The index in memory was rolled back with the failed write: the library still answers as before.
    expect(index.size).toBe(1);
    expect(lib.summary().count).toBe(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(heard).toEqual([]);
  });

  it('the message is translated (en, ko), also for an error that crossed a worker boundary', () => {
    const err = new StorageFullError(new DOMException('q', 'QuotaExceededError'));
    setLocale('en');
    expect(storeErrorMessage(err)).toMatch(/^Storage is full: nothing was saved/);
    setLocale('ko');
    expect(storeErrorMessage(err)).toMatch(/^저장 공간이 가득 찼습니다/);
    const crossed = Object.assign(new Error('Storage is full'), { name: 'StorageFullError' });
    expect(isStorageFull(crossed)).toBe(true);
    expect(storeErrorMessage(crossed)).toBe(t('store.full'));
    expect(storeErrorMessage(new Error('other'))).toBeUndefined();
  });
});
