// Model imports that cannot brick a feature (issue 18 items 4, 7, 8): staged imports in the models
// store (fake-indexeddb), sane bounds for diffusion and CLIP config numbers, and the ONNX header
// reader the CLIP worker uses to refuse a broken graph before onnxruntime sees it.
import 'fake-indexeddb/auto';
import fs from 'node:fs';
import path from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { closeDB, getDB } from '../../src/store/db';
import {
  cleanStagedModels,
  importStaged,
  listModels,
  loadModelFiles,
  readModelFile,
  saveModel,
} from '../../src/store/models';
import { getSetting, setSetting } from '../../src/store/settings';
import { checkDiffusionFolder } from '../../workers/models/diffusion-folder';
import { checkClipFolder } from '../../workers/models/clip-folder';
import { expose, wrap } from 'comlink';
import { boundsProblems, configNumbers, ModelConfigError } from '../../workers/diffusion/validate';
import { workerErrorOf } from '../../workers/runtime/errors';
import { clipGraphProblem, readOnnxHeader } from '../../workers/clip/onnx-header';

const KEY = 'clip.activeModel';
const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill).buffer;

async function dump() {
  const db = await getDB();
  return {
    models: await db.getAll('models'),
    blobs: (await db.getAll('blobs')).map((b) => b.id).sort(),
    settings: await db.getAll('settings'),
  };
}

beforeEach(async () => {
  await closeDB();
  globalThis.indexedDB = new IDBFactory();
});

describe('large model files', () => {
  it('a file over 64 MiB is stored as a Blob (no one huge IndexedDB value) and read back byte for byte', async () => {
    const big = new Uint8Array(64 * 2 ** 20 + 3);
    for (let i = 0; i < big.length; i += 4099) big[i] = (i >> 12) & 255;
    big[big.length - 1] = 7;
    const rec = await saveModel('clip', 'big', { 'onnx/vision_model.onnx': big.buffer, 'config.json': bytes(5, 9) });
    const stored = await (await getDB()).get('blobs', rec.files['onnx/vision_model.onnx']);
    expect(stored?.blob).toBeInstanceOf(Blob);
    expect(stored?.blob.size).toBe(big.length);
    expect(Object.keys(stored ?? {}).sort()).toEqual(['blob', 'createdAt', 'id', 'type']);
    expect((await (await getDB()).get('blobs', rec.files['config.json']))?.blob.size).toBe(5);
    const back = await loadModelFiles(rec);
    expect(Buffer.from(back['onnx/vision_model.onnx']).equals(Buffer.from(big))).toBe(true);
    expect(new Uint8Array((await readModelFile(rec, 'config.json'))!)).toEqual(new Uint8Array(5).fill(9));
  });
});

describe('importStaged', () => {
  it('a validated import is switched in with one transaction: kept, active, the replaced model gone', async () => {
    const old = await saveModel('diffusion', 'old', { 'unet/model.onnx': bytes(8, 1) });
    await setSetting('diffusion.activeModel', old.id);
    let seen: { staging?: true; listed: number } | undefined;
    const rec = await importStaged(
      'diffusion',
      'new',
      { 'unet/model.onnx': bytes(8, 2), 'a.json': bytes(2, 3) },
      async (staged) => {
        seen = { staging: staged.staging, listed: (await listModels('diffusion')).length };
        expect(await getSetting('diffusion.activeModel', '')).toBe(old.id); // not active while validating
      },
      { activeKey: 'diffusion.activeModel', replace: [old.id] },
    );
    expect(seen).toEqual({ staging: true, listed: 1 }); // the staged record is not listed
    expect(rec.staging).toBeUndefined();
    expect(await getSetting('diffusion.activeModel', '')).toBe(rec.id);
    const d = await dump();
    expect(d.models.map((m) => m.name)).toEqual(['new']);
    expect(d.models[0].staging).toBeUndefined();
    expect(d.blobs).toEqual(Object.values(rec.files).sort()); // the old model's blob is gone
    expect(new Uint8Array((await loadModelFiles(rec))['unet/model.onnx'])[0]).toBe(2);
  });

  it('a failed validation leaves the previous model active and nothing stored', async () => {
    const prev = await saveModel('clip', 'prev', { 'config.json': bytes(4, 7) });
    await setSetting(KEY, prev.id);
    const before = await dump();
    await expect(
      importStaged(
        'clip',
        'broken',
        { 'config.json': bytes(4, 1), 'onnx/text_model.onnx': bytes(1000, 9) },
        async () => {
          throw new Error('protobuf parsing failed');
        },
        { activeKey: KEY },
      ),
    ).rejects.toThrow('protobuf parsing failed');
    expect(await dump()).toEqual(before);
    expect(await getSetting(KEY, '')).toBe(prev.id);
    // …and the next import works.
    const ok = await importStaged('clip', 'good', { 'config.json': bytes(4, 5) }, async () => undefined, {
      activeKey: KEY,
    });
    expect(await getSetting(KEY, '')).toBe(ok.id);
    expect((await listModels('clip')).map((m) => m.name)).toEqual(['prev', 'good']);
  });

  it('an import killed before its switch leaves a staged record that cleanStagedModels deletes with its blobs', async () => {
    await setSetting(KEY, 'clip/toon-clip');
    const kept = await saveModel('clip', 'kept', { 'config.json': bytes(4, 7) });
    const before = await dump();
    // What a killed tab leaves: the staged write committed, validation never finished.
    await saveModel(
      'clip',
      'half',
      { 'onnx/vision_model.onnx': bytes(5000, 1), 'onnx/text_model.onnx': bytes(5000, 2) },
      { staging: true },
    );
    expect((await dump()).blobs.length).toBe(before.blobs.length + 2);
    expect((await listModels('clip')).map((m) => m.id)).toEqual([kept.id]); // never listed
    expect(await cleanStagedModels()).toBe(1);
    expect(await dump()).toEqual(before);
    expect(await getSetting(KEY, '')).toBe('clip/toon-clip');
    expect(await cleanStagedModels()).toBe(0);
  });

  it('a staged record deleted meanwhile (cleanup in another tab) is not switched in', async () => {
    await setSetting(KEY, 'clip/toon-clip');
    await expect(
      importStaged('clip', 'x', { 'config.json': bytes(4, 1) }, async () => void (await cleanStagedModels()), {
        activeKey: KEY,
      }),
    ).rejects.toThrow(/no longer staged/);
    expect(await getSetting(KEY, '')).toBe('clip/toon-clip');
    expect(await dump()).toMatchObject({ models: [], blobs: [] });
  });
});

describe('diffusion config bounds', () => {
  const enc = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
  const folder = (index: unknown, extra: Record<string, unknown> = {}) => ({
    'model_index.json': enc(index),
    'scheduler/scheduler_config.json': enc({}),
    'unet/model.onnx': new Uint8Array(1),
    'vae_decoder/model.onnx': new Uint8Array(1),
    'text_encoder/model.onnx': new Uint8Array(1),
    'tokenizer/tokenizer.json': enc({}),
    ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, enc(v)])),
  });

  it('the shipped model is within bounds', () => {
    const dir = path.resolve(__dirname, '../../models/diffusion/toon-diffusion');
    const files: Record<string, Uint8Array> = {};
    for (const f of [
      'model_index.json',
      'unet/config.json',
      'vae_decoder/config.json',
      'scheduler/scheduler_config.json',
    ])
      files[f] = fs.readFileSync(path.join(dir, f));
    expect(
      checkDiffusionFolder({
        ...files,
        'unet/model_fp16.onnx': new Uint8Array(1),
        'vae_decoder/model_fp16.onnx': new Uint8Array(1),
        'text_encoder/model.onnx': new Uint8Array(1),
        'tokenizer/tokenizer.json': enc({}),
      }).bounds,
    ).toEqual([]);
  });

  it('absurd numbers are refused with a code and where they came from', () => {
    const r = checkDiffusionFolder(
      folder(
        { toonsmith: { latent_size: 50000, image_size: 64, text: { dim: 0, max_length: 1e9 } } },
        {
          'unet/config.json': { sample_size: 64.5, in_channels: -4, cross_attention_dim: 768 },
          'scheduler/scheduler_config.json': { num_train_timesteps: 1e12 },
          'text_encoder/config.json': { vocab_size: 2 ** 40 },
          'vae_decoder/config.json': { scaling_factor: 1e6 },
        },
      ),
    );
    expect(r.problems).toEqual([]);
    expect(r.bounds.map((p) => [p.code, p.value, p.source])).toEqual([
      ['latent_size', '50000', 'model_index.json toonsmith.latent_size'],
      ['context_length', '1000000000', 'model_index.json toonsmith.text.max_length'],
      ['context_dim', '0', 'model_index.json toonsmith.text.dim'],
      ['latent_size', '64.5', 'unet/config.json sample_size'],
      ['latent_channels', '-4', 'unet/config.json in_channels'],
      ['scaling_factor', '1000000', 'vae_decoder/config.json scaling_factor'],
      ['train_timesteps', '1000000000000', 'scheduler/scheduler_config.json num_train_timesteps'],
      ['vocab_size', '1099511627776', 'text_encoder/config.json vocab_size'],
    ]);
  });

  it('SD 1.5 / SDXL-sized numbers pass; non-numbers are left to the loader', () => {
    expect(
      boundsProblems(
        configNumbers({
          'unet/config.json': { sample_size: 128, in_channels: 4, cross_attention_dim: 2048 },
          'scheduler/scheduler_config.json': { num_train_timesteps: 1000 },
          'text_encoder/config.json': { vocab_size: 49408, max_position_embeddings: 77, hidden_size: 1280 },
          'vae_decoder/config.json': { latent_channels: 4, scaling_factor: 0.13025 },
          'model_index.json': { toonsmith: { latent_size: 'big', image_size: [1] } },
        }),
      ),
    ).toEqual([]);
  });

  it('the worker error carries the problems across comlink as code + params (no message parsing)', async () => {
    const problems = boundsProblems([
      { code: 'latent_size', source: 'model', value: 50000 },
      { code: 'scaling_factor', source: 'model', value: 0 },
    ]);
    const { port1, port2 } = new MessageChannel();
    expose(
      {
        load: () => {
          throw new ModelConfigError(problems);
        },
      },
      port1,
    );
    const remote = wrap<{ load(): void }>(port2);
    const err = await remote.load().then(
      () => undefined,
      (e: unknown) => e,
    );
    port1.close();
    port2.close();
    expect((err as Error).name).toBe('ModelConfigError');
    expect(workerErrorOf(err)).toEqual({ code: 'diffusion.config-bounds', params: { problems } });
    expect(problems.map((p) => p.code)).toEqual(['latent_size', 'scaling_factor']);
  });
});

describe('CLIP folder bounds and graph headers', () => {
  const shipped = path.resolve(__dirname, '../../models/clip/toon-clip');
  const read = (f: string) => {
    const b = fs.readFileSync(path.join(shipped, f));
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  };
  const base = () =>
    Object.fromEntries(
      [
        'config.json',
        'tokenizer.json',
        'preprocessor_config.json',
        'onnx/text_model.onnx',
        'onnx/vision_model.onnx',
      ].map((f) => [f, read(f)]),
    );

  it('the shipped folder passes; absurd sizes are refused with a range issue', () => {
    expect(checkClipFolder(base()).problems).toEqual([]);
    const cfg = JSON.parse(new TextDecoder().decode(read('config.json')));
    cfg.vision_config.image_size = 100000;
    cfg.text_config.vocab_size = -1;
    const pre = JSON.parse(new TextDecoder().decode(read('preprocessor_config.json')));
    pre.crop_size.height = 1e9;
    const r = checkClipFolder({
      ...base(),
      'config.json': new TextEncoder().encode(JSON.stringify(cfg)).buffer,
      'preprocessor_config.json': new TextEncoder().encode(JSON.stringify(pre)).buffer,
    });
    expect(r.ok).toBe(false);
    expect(r.issues.map((i) => [i.key, i.params.field, i.params.value])).toEqual([
      ['refs.folder.range', 'text_config.vocab_size', '-1'],
      ['refs.folder.range', 'vision_config.image_size', '100000'],
      ['refs.folder.range', 'crop_size.height', '1000000000'],
    ]);
  });

  it("reads the shipped towers' inputs and outputs from their headers", () => {
    const t = readOnnxHeader(new Uint8Array(read('onnx/text_model.onnx')));
    const v = readOnnxHeader(new Uint8Array(read('onnx/vision_model.onnx')));
    expect(t.inputs).toContain('input_ids');
    expect(t.outputs).toContain('text_embeds');
    expect(v.inputs).toEqual(['pixel_values']);
    expect(v.outputs).toContain('image_embeds');
    expect(
      clipGraphProblem(
        'onnx/text_model.onnx',
        new Uint8Array(read('onnx/text_model.onnx')),
        'input_ids',
        'text_embeds',
      ),
    ).toBeNull();
  });

  it('refuses garbage, truncation and the wrong tower', () => {
    const text = new Uint8Array(read('onnx/text_model.onnx'));
    const garbage = new Uint8Array(4096).map((_, i) => (i * 2654435761) >>> 24);
    expect(clipGraphProblem('onnx/text_model.onnx', garbage, 'input_ids', 'text_embeds')).toMatch(
      /^onnx\/text_model\.onnx is not an ONNX model/,
    );
    expect(clipGraphProblem('f.onnx', text.subarray(0, text.length >> 1), 'input_ids', 'text_embeds')).toMatch(
      /is not an ONNX model/,
    );
    expect(clipGraphProblem('f.onnx', new Uint8Array(0), 'input_ids', 'text_embeds')).toMatch(/is not an ONNX model/);
    expect(clipGraphProblem('onnx/vision_model.onnx', text, 'pixel_values', 'image_embeds')).toBe(
      "onnx/vision_model.onnx has no input 'pixel_values' (inputs: " + readOnnxHeader(text).inputs.join(', ') + ')',
    );
    expect(clipGraphProblem('x.onnx', text, 'input_ids', 'image_embeds')).toMatch(
      /^x\.onnx has no output 'image_embeds'/,
    );
  });
});
