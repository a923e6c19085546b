// The reference library's own fields travel in the backup (format v3, library-format.ts):
// suggestions, the user's tags, rejected suggestions, collections and notes come back exactly in
// a fresh profile; malformed ones make the backup damaged and nothing is written.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import { packBackup, unpackBackup } from '../../src/core/backup/format';
import { writeBackup } from '../../src/store/backup';
import { closeDB } from '../../src/store/db';
import { addPanels } from '../../src/store/panels';
import { createProject } from '../../src/store/projects';
import { addReference, listReferences } from '../../src/store/references';
import { updateReference } from '../../src/store/reference-meta';
import { openIndex } from '../../src/store/vectors';
import { png, collectBytes } from './backup-helpers';

beforeEach(async () => {
  await closeDB();
  globalThis.indexedDB = new IDBFactory();
});

type Manifest = Record<string, any>;

function rezip(zip: Uint8Array, edit: (m: Manifest) => void): Uint8Array {
  const files = unzipSync(zip);
  const m = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as Manifest;
  edit(m);
  return zipSync({ ...files, 'manifest.json': strToU8(JSON.stringify(m)) }, { level: 0 });
}

const FIELDS = {
  suggested: [{ label: '비 오는 밤', score: 0.18 }],
  userTags: ['고양이', 'hero'],
  rejected: ['tree'],
  collections: ['밤 장면', 'street'],
  notes: '주인공이 우산을 든 장면 — use for ep. 3',
};

async function library() {
  const p = await createProject('Lib');
  await addPanels(p.id, [{ bytes: png(1, 4, 4), type: 'image/png', width: 4, height: 4, sourceName: 'a.png' }]);
  const index = await openIndex('clip/toon-clip', 8);
  const vec = (k: number) => Float32Array.from({ length: 8 }, (_, i) => Math.sin(k * 3 + i));
  const rich = await addReference(
    { bytes: png(60, 3, 2), type: 'image/png', name: 'rich.png' },
    vec(0),
    'clip/toon-clip',
    index,
    [{ label: 'cat', score: 0.3 }],
  );
  await updateReference(rich.id, FIELDS);
  await addReference({ bytes: png(61, 4, 2), type: 'image/png', name: 'plain.png' }, vec(1), 'clip/toon-clip', index);
  return p;
}

describe('reference fields in the backup', () => {
  it('round-trip suggestions, user tags, rejected suggestions, collections and notes into a fresh profile', async () => {
    const p = await library();
    const zip = await packBackup(await collectBytes(p.id));
    const manifest = JSON.parse(new TextDecoder().decode(unzipSync(zip)['manifest.json'])) as Manifest;
    const rich = manifest.library.references.find((r: { name: string }) => r.name === 'rich.png');
    expect(rich).toMatchObject(FIELDS);
    // A reference without them carries none (no empty lists in the manifest).
    const plain = manifest.library.references.find((r: { name: string }) => r.name === 'plain.png');
    for (const k of Object.keys(FIELDS)) expect(plain, k).not.toHaveProperty(k);

    await closeDB();
    globalThis.indexedDB = new IDBFactory();
    const r = await unpackBackup(zip);
    if (!r.ok) throw new Error(r.detail);
    expect((await writeBackup(r)).referencesAdded).toBe(2);
    const refs = await listReferences();
    const back = refs.find((x) => x.name === 'rich.png')!;
    expect(back).toMatchObject({ ...FIELDS, tags: [{ label: 'cat', score: 0.3 }] });
    const bare = refs.find((x) => x.name === 'plain.png')!;
    for (const k of Object.keys(FIELDS)) expect(bare, k).not.toHaveProperty(k);
  });

  it('malformed fields are backup-damaged', async () => {
    const p = await library();
    const zip = await packBackup(await collectBytes(p.id));
    const rich = (m: Manifest) => m.library.references.find((r: { name: string }) => r.name === 'rich.png');
    const cases: [string, (m: Manifest) => void][] = [
      ['suggestion score not a number', (m) => void (rich(m).suggested[0].score = 'high')],
      ['suggestions not a list', (m) => void (rich(m).suggested = 'x')],
      ['user tag not a string', (m) => void (rich(m).userTags = [1])],
      ['rejected not a list', (m) => void (rich(m).rejected = { a: 1 })],
      ['collection not a string', (m) => void (rich(m).collections = [null])],
      ['notes not a string', (m) => void (rich(m).notes = ['a'])],
    ];
    for (const [name, edit] of cases) {
      const r = await unpackBackup(rezip(zip, edit));
      expect(r.ok ? 'ok' : r.code, name).toBe('backup-damaged');
    }
    // Untouched, it reads.
    expect((await unpackBackup(zip)).ok).toBe(true);
  });
});
