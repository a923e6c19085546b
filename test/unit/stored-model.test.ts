// The model workers' read of an imported model (issue 18: model bytes never pass through the
// page): workers/models/stored-model.ts `storedModel(id, kind)` over src/store/models.ts
// (fake-indexeddb), and the diffusion loader's view of those files (workers/diffusion/folder.ts
// `folderPaths`, `storedFolder`). A missing record or blob is a coded WorkerError.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { closeDB, getDB } from '../../src/store/db';
import { readModelFile, saveModel } from '../../src/store/models';
import { workerErrorOf } from '../../src/core/errors/worker-error';
import { storedModel } from '../../workers/models/stored-model';
import { folderPaths, storedFolder } from '../../workers/diffusion/folder';

const bytes = (...b: number[]) => new Uint8Array(b).buffer;

async function codeOf(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return workerErrorOf(e);
  }
  throw new Error('did not throw');
}

describe('storedModel (the model worker reads the record itself)', () => {
  beforeEach(async () => {
    await closeDB();
    globalThis.indexedDB = new IDBFactory();
  });

  it('answers the files of a kept or staged record, byte-identical', async () => {
    const kept = await saveModel('clip', 'a', { 'config.json': bytes(1, 2), 'onnx/text_model.onnx': bytes(3) });
    const staged = await saveModel('diffusion', 'b', { 'unet/model.onnx': bytes(9, 8, 7) }, { staging: true });
    const a = await storedModel(kept.id, 'clip');
    expect(a.record.name).toBe('a');
    expect(Object.keys(a.files).sort()).toEqual(['config.json', 'onnx/text_model.onnx']);
    expect([...new Uint8Array(a.files['config.json'])]).toEqual([1, 2]);
    const b = await storedModel(staged.id, 'diffusion');
    expect(b.record.staging).toBe(true);
    expect([...new Uint8Array(b.files['unet/model.onnx'])]).toEqual([9, 8, 7]);
    expect([...new Uint8Array((await readModelFile(kept, 'config.json'))!)]).toEqual([1, 2]);
    expect(await readModelFile(kept, 'tokenizer.json')).toBeUndefined();
  });

  it('a missing record, or one of another kind, is model.stored.missing', async () => {
    const clip = await saveModel('clip', 'a', { 'config.json': bytes(1) });
    expect(await codeOf(storedModel('nope', 'clip'))).toEqual({ code: 'model.stored.missing', params: { id: 'nope' } });
    expect((await codeOf(storedModel(clip.id, 'diffusion')))?.code).toBe('model.stored.missing');
  });

  it('a blob gone from the store is model.stored.file naming the file', async () => {
    const rec = await saveModel('clip', 'a', { 'config.json': bytes(1), 'onnx/vision_model.onnx': bytes(2) });
    await (await getDB()).delete('blobs', rec.files['onnx/vision_model.onnx']);
    expect(await codeOf(storedModel(rec.id, 'clip'))).toEqual({
      code: 'model.stored.file',
      params: { file: 'onnx/vision_model.onnx' },
    });
  });
});

describe('folderPaths / storedFolder (an imported diffusion folder as the loader reads it)', () => {
  it('drops a common top folder that holds the scheduler config', () => {
    const m = folderPaths(['sd/scheduler/scheduler_config.json', 'sd/unet/model.onnx']);
    expect([...m]).toEqual([
      ['scheduler/scheduler_config.json', 'sd/scheduler/scheduler_config.json'],
      ['unet/model.onnx', 'sd/unet/model.onnx'],
    ]);
  });

  it('keeps bare paths, and a top folder that is not the model root', () => {
    const bare = ['model_index.json', 'scheduler/scheduler_config.json', 'unet/model.onnx'];
    expect([...folderPaths(bare).keys()]).toEqual(bare);
    // Every path shares "unet/", but the scheduler config is not under it: nothing is dropped.
    expect([...folderPaths(['unet/model.onnx', 'unet/config.json']).keys()]).toEqual([
      'unet/model.onnx',
      'unet/config.json',
    ]);
    expect(folderPaths([]).size).toBe(0);
  });

  it('storedFolder answers has / bytes / json over the stored buffers', async () => {
    const f = storedFolder('sd', {
      'sd/scheduler/scheduler_config.json': new TextEncoder().encode('{"num_train_timesteps":1000}').buffer,
      'sd/unet/model.onnx': bytes(5, 6),
    });
    expect(f.name).toBe('sd');
    expect(await f.has('unet/model.onnx')).toBe(true);
    expect(await f.has('sd/unet/model.onnx')).toBe(false);
    expect([...(await f.bytes('unet/model.onnx'))]).toEqual([5, 6]);
    expect(await f.json('scheduler/scheduler_config.json')).toEqual({ num_train_timesteps: 1000 });
    await expect(f.bytes('vae_decoder/model.onnx')).rejects.toThrow('has no vae_decoder/model.onnx');
  });
});
