// Model-folder staging as the store worker runs it (issue 18: picked files are read, checked and
// staged off the page): workers/store/model-files.ts `stageFolder` with `importStagedBy` of
// src/store/models.ts (fake-indexeddb). A refused folder writes nothing; an accepted one is
// staged under the page's id (only the record goes back to the page) and read by that id,
// byte-identical, as the model workers do (workers/models/stored-model.ts); a failed validation
// or a failing staging leaves the store as it was.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { strToU8, zipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import { closeDB, getDB } from '../../src/store/db';
import { importStagedBy, loadModelFiles, saveModel } from '../../src/store/models';
import { getSetting, setSetting } from '../../src/store/settings';
import {
  ModelZipProblem,
  readEntries,
  stageFolder,
  unzipModel,
  type ModelEntry,
} from '../../workers/store/model-files';
import { storedModel } from '../../workers/models/stored-model';

const KEY = 'clip.activeModel';
const file = (text: string | Uint8Array) =>
  new Blob([(typeof text === 'string' ? strToU8(text) : text) as Uint8Array<ArrayBuffer>]);

async function dump() {
  const db = await getDB();
  return {
    models: await db.getAll('models'),
    blobs: (await db.getAll('blobs')).map((b) => b.id).sort(),
    settings: await db.getAll('settings'),
  };
}

const onnx = new Uint8Array(300).map((_, i) => (i * 7) & 255);
const clipEntries = (config: object): ModelEntry[] => [
  { path: 'my-clip/config.json', file: file(JSON.stringify(config)) },
  { path: 'my-clip/tokenizer.json', file: file('{}') },
  { path: 'my-clip/preprocessor_config.json', file: file('{}') },
  { path: 'my-clip/onnx/text_model.onnx', file: file(onnx) },
  { path: 'my-clip/onnx/vision_model.onnx', file: file(onnx.slice().reverse()) },
  { path: 'my-clip/README.md', file: file('not kept') },
];

beforeEach(async () => {
  await closeDB();
  globalThis.indexedDB = new IDBFactory();
});

describe('store worker model staging', () => {
  it('unpacks a model zip bounded: files byte for byte (stored and deflated); a bomb, a damaged zip and a non-zip refused with their kind, nothing stored', async () => {
    const weights = new Uint8Array(4096).map((_, i) => (i * 131 + (i >> 3)) & 255);
    const zip = zipSync({
      'm/a.onnx': [weights, { level: 0 }],
      'm/config.json': strToU8('{"x":1}'),
      'm/d/': new Uint8Array(),
    });
    const out = unzipModel(zip, 'm.zip');
    expect(Object.keys(out).sort()).toEqual(['m/a.onnx', 'm/config.json']);
    expect(new Uint8Array(out['m/a.onnx'])).toEqual(weights);
    expect(out['m/a.onnx'].byteLength).toBe(weights.length); // its own buffer, not the zip's
    // 64 MiB of zeros deflate to ~64 KiB: far more than model weights ever shrink
    const bomb = zipSync({ 'm/a.onnx': new Uint8Array(64 * 2 ** 20) });
    expect(() => unzipModel(bomb, 'bomb.zip')).toThrow(ModelZipProblem);
    expect(() => unzipModel(bomb, 'bomb.zip')).toThrow(/claim/);
    const kind = (bytes: Uint8Array) => {
      try {
        unzipModel(bytes, 'x.zip');
        return 'ok';
      } catch (e) {
        return (e as ModelZipProblem).kind;
      }
    };
    expect(kind(bomb)).toBe('too-large');
    expect(kind(strToU8('not a zip at all, just text'))).toBe('damaged');
    const cut = zip.slice();
    cut.fill(0, 40, 200); // the first entry's data
    expect(kind(cut)).toBe('damaged');
    const before = await dump();
    const r = await stageFolder('id-1', 'clip', 'bomb', [{ path: 'bomb.zip', file: file(bomb), zip: true }]);
    expect(r).toMatchObject({ ok: false, kind: 'zip', zip: 'too-large', path: 'bomb.zip' });
    expect(await dump()).toEqual(before);
  });

  it('reads File handles (a zip unpacked in place) and reports progress', async () => {
    const zip = zipSync({ 'z/config.json': strToU8('{"a":1}'), 'z/dir/': new Uint8Array() });
    const seen: number[] = [];
    const out = await readEntries(
      [
        { path: 'a.txt', file: file('hi') },
        { path: 'z.zip', file: file(zip), zip: true },
      ],
      (done) => seen.push(done),
    );
    expect(Object.keys(out).sort()).toEqual(['a.txt', 'z/config.json']);
    expect(new TextDecoder().decode(out['z/config.json'])).toBe('{"a":1}');
    expect(seen).toEqual([0, 1, 2]);
  });

  it('a refused CLIP folder is answered with its issues and writes nothing', async () => {
    const before = await dump();
    const r = await stageFolder('id-1', 'clip', 'bad', clipEntries({ model_type: 'bert', projection_dim: 512 }));
    expect(r.ok).toBe(false);
    expect(r.ok === false && r.kind === 'clip' && r.issues.map((i) => i.key)).toContain('refs.folder.unknownType');
    expect(await dump()).toEqual(before);
  });

  it('a refused diffusion folder names the missing files and writes nothing', async () => {
    const before = await dump();
    const r = await stageFolder('id-2', 'diffusion', 'sd', [{ path: 'sd/unet/model.onnx', file: file(onnx) }]);
    expect(r.ok === false && r.kind === 'diffusion' && r.problems).toContain('scheduler/scheduler_config.json');
    expect(await dump()).toEqual(before);
  });

  it('importStagedBy + stageFolder: staged under the given id, read by id as the model worker does, then switched in', async () => {
    let given: Record<string, ArrayBuffer> = {};
    let staging: boolean | undefined;
    const rec = await importStagedBy(
      async (id) => {
        const r = await stageFolder(id, 'clip', 'my-clip', clipEntries({ model_type: 'clip', projection_dim: 512 }));
        if (!r.ok) throw new Error('refused');
        expect(r.record.id).toBe(id);
        // The page gets the record only: no bytes come back from the store worker.
        expect(Object.keys(r).sort()).toEqual(['ok', 'record']);
        return r.record;
      },
      async (staged) => {
        staging = staged.staging;
        expect(await getSetting(KEY, 'shipped')).toBe('shipped'); // not active while validating
        // The model worker's read (workers/models/stored-model.ts): the staged record, by its id.
        given = (await storedModel(staged.id, 'clip')).files;
      },
      { activeKey: KEY },
    );
    expect(staging).toBe(true);
    expect(Object.keys(given).sort()).toEqual([
      'config.json',
      'onnx/text_model.onnx',
      'onnx/vision_model.onnx',
      'preprocessor_config.json',
      'tokenizer.json',
    ]);
    expect(await getSetting(KEY, '')).toBe(rec.id);
    const stored = await loadModelFiles(rec);
    expect([...new Uint8Array(stored['onnx/text_model.onnx'])]).toEqual([...onnx]);
    expect([...new Uint8Array(given['onnx/vision_model.onnx'])]).toEqual([...onnx.slice().reverse()]);
  });

  it('a failed validation or a failing staging leaves the previous model active and nothing stored', async () => {
    const prev = await saveModel('clip', 'prev', { 'config.json': new Uint8Array([1, 2]).buffer });
    await setSetting(KEY, prev.id);
    const before = await dump();
    const stage = async (id: string) => {
      const r = await stageFolder(id, 'clip', 'c', clipEntries({ model_type: 'clip', projection_dim: 512 }));
      if (!r.ok) throw new Error('refused');
      return r.record;
    };
    await expect(
      importStagedBy(
        stage,
        async () => {
          throw new Error('protobuf parsing failed');
        },
        { activeKey: KEY },
      ),
    ).rejects.toThrow('protobuf');
    expect(await dump()).toEqual(before);
    await expect(
      importStagedBy(
        async (id) => {
          await stage(id);
          throw new Error('cancelled after the write');
        },
        async () => undefined,
        { activeKey: KEY },
      ),
    ).rejects.toThrow('cancelled');
    expect(await dump()).toEqual(before);
    expect(await getSetting(KEY, '')).toBe(prev.id);
  });
});
