/**
 * The shipped diffusion model (models/diffusion/toon-diffusion, run cpu1 — the Generate view's
 * default) in Node with onnxruntime-web WASM, against the torch fp32 reference outputs export.py
 * wrote for it (test/fixtures/diffusion/toon-diffusion):
 * - the folder ships exactly what models/manifest.json lists (= model_index.json's file list, sizes
 *   and sha256 right), fp16 UNet + fp16 VAE decoder only, and every shipped model together stays
 *   under the 30 MB budget;
 * - loaded the way the app loads it (servedFolder: model_index.json first, files by URL; here a
 *   fetch stub reads the repo), with no variant asked: the fp16 graphs are picked;
 * - single graph calls and the whole TS pipeline (TS scheduler + RNG + ONNX) vs the Python
 *   pipeline for the fixed seeds and short DDIM / Euler schedules of the references, txt2img
 *   (guidance 1 and 3) and img2img. Tolerances below were measured here and given headroom;
 * - the variant choice for SD-Turbo-style folders (model.onnx [+ model_fp16.onnx]) is unchanged.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesFolder, servedFolder } from '../../workers/diffusion/folder';
import { loadModel, pickFile, type LoadedModel } from '../../workers/diffusion/load';
import { ModelFolderError } from '../../workers/diffusion/validate';
import { generate } from '../../workers/diffusion/pipeline';
import {
  chwToRgbaExact,
  diskFolder,
  loadReference,
  maxAbsDiff,
  ort,
  psnr,
  ROOT,
  run1,
  runRefUnet,
  runRefVae,
  wasmSession,
} from './diffusion-helpers';

const MODELS = join(ROOT, 'models');
const SHIPPED = 'diffusion/toon-diffusion';
const DIR = join(MODELS, SHIPPED);
const refs = loadReference(join(ROOT, 'test/fixtures/diffusion/toon-diffusion'))!;
const { ref, get } = refs;

// Measured here (Node 20, onnxruntime-web WASM, 1 thread) vs torch fp32; limits ≈ 10× that.
// fp16 weight-only is lossless for this checkpoint (it stores fp16 weights): the pruned fp32
// graphs gave the same pipeline pixels (max |Δ| 0, measured before pruning; see CARD.md).
const TOL = {
  unet: 2e-5, // fp16 UNet: max |Δ| 2.1e-6
  vae: 5e-5, // fp16 decoder 2.8e-6, encoder 5.7e-6
  text: 2e-5, // last_hidden_state 1.9e-6
  pipeline: 5e-5, // whole pipeline, [-1, 1] pixels: 2.4e-6 … 5.2e-6 over the 4 cases (≤ 1/255 in 8 bits)
};

interface Manifest {
  models: { id: string; kind: string; files: string[] }[];
}
const manifest = JSON.parse(readFileSync(join(MODELS, 'manifest.json'), 'utf8')) as Manifest;
const index = JSON.parse(readFileSync(join(DIR, 'model_index.json'), 'utf8')) as {
  toonsmith: {
    files: Record<string, { bytes: number; sha256: string }>;
    shipped?: { variants: Record<string, string> };
    linked?: Record<string, { href: string; bytes: number; sha256: string }>;
  };
};

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [relative(DIR, p).split('\\').join('/')];
  });
}

/** fetch as the browser sees the app's origin: /models/<path> → the repo's models/<path> (404 if absent). */
function serveRepo(): () => void {
  const real = globalThis.fetch;
  globalThis.fetch = (async (input: string | URL | Request) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const file = join(ROOT, decodeURIComponent(url.pathname));
    if (!url.pathname.startsWith('/models/') || !existsSync(file) || statSync(file).isDirectory())
      return new Response('not found', { status: 404 });
    const bytes = readFileSync(file);
    return new Response(bytes, { headers: { 'content-length': String(bytes.byteLength) } });
  }) as typeof fetch;
  return () => (globalThis.fetch = real);
}

let model: LoadedModel;
const requested: string[] = [];
beforeAll(async () => {
  const restore = serveRepo();
  const inner = globalThis.fetch;
  globalThis.fetch = ((i: string | URL | Request, init?: RequestInit) => {
    requested.push(new URL(i instanceof Request ? i.url : String(i)).pathname);
    return inner(i, init);
  }) as typeof fetch;
  try {
    const folder = await servedFolder('toon-diffusion', new URL(`http://app.test/models/${SHIPPED}/`));
    model = await loadModel(ort, folder, wasmSession);
  } finally {
    restore();
  }
});
afterAll(async () => {
  await model?.release();
});

describe('what ships', () => {
  it('the manifest lists exactly the folder, which is exactly model_index.json (bytes, sha256)', () => {
    const entry = manifest.models.find((m) => m.id === SHIPPED)!;
    expect(entry.kind).toBe('diffusion');
    const listed = entry.files.map((f) => f.slice(SHIPPED.length + 1)).sort();
    expect(listed).toEqual(walk(DIR).sort());
    expect([...Object.keys(index.toonsmith.files), 'model_index.json'].sort()).toEqual(listed);
    for (const [p, meta] of Object.entries(index.toonsmith.files)) {
      const bytes = readFileSync(join(DIR, p));
      expect(bytes.byteLength, p).toBe(meta.bytes);
      expect(createHash('sha256').update(bytes).digest('hex'), p).toBe(meta.sha256);
    }
    // fp16 UNet and VAE decoder only (fp32 / int8 are rebuilt by export.py, see CARD.md).
    expect(listed.filter((p) => p.endsWith('.onnx'))).toEqual([
      'image_proj/model.onnx',
      'unet/model_fp16.onnx',
      'vae_decoder/model_fp16.onnx',
      'vae_encoder/model.onnx',
    ]);
    expect(index.toonsmith.shipped?.variants).toEqual({ unet: 'fp16', vae_decoder: 'fp16' });
  });

  it("the text encoder is not shipped twice: it is linked to Toon-CLIP's text tower, pinned by size and sha256", () => {
    const link = index.toonsmith.linked?.['text_encoder/model.onnx'];
    expect(link?.href).toBe('../../clip/toon-clip/onnx/text_model.onnx');
    const target = join(DIR, link!.href);
    const bytes = readFileSync(target);
    expect(bytes.byteLength).toBe(link!.bytes);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(link!.sha256);
    const clip = manifest.models.find((m) => m.id === 'clip/toon-clip')!;
    expect(clip.files).toContain(relative(MODELS, target));
  });

  it("the tokenizer is not shipped twice either: tokenizer.json is linked to Toon-CLIP's, pinned; the config stays", () => {
    const link = index.toonsmith.linked?.['tokenizer/tokenizer.json'];
    expect(link?.href).toBe('../../clip/toon-clip/tokenizer.json');
    const target = join(DIR, link!.href);
    const bytes = readFileSync(target);
    expect(bytes.byteLength).toBe(link!.bytes);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(link!.sha256);
    expect(manifest.models.find((m) => m.id === 'clip/toon-clip')!.files).toContain(relative(MODELS, target));
    expect(existsSync(join(DIR, 'tokenizer/tokenizer.json'))).toBe(false);
    expect(index.toonsmith.files['tokenizer/tokenizer_config.json']).toBeDefined();
  });

  it('all shipped models together stay under 30 MB', () => {
    const size = (files: string[]) => files.reduce((s, f) => s + statSync(join(MODELS, f)).size, 0);
    const per = manifest.models.map((m) => `${m.id} ${(size(m.files) / 1e6).toFixed(2)} MB`);
    const total = size(manifest.models.flatMap((m) => m.files));
    console.log(`[toon-diffusion] shipped: ${per.join(', ')}; total ${(total / 1e6).toFixed(2)} MB`);
    expect(size(manifest.models.find((m) => m.id === SHIPPED)!.files)).toBeLessThan(10.5e6);
    expect(total).toBeLessThan(30e6);
  });
});

describe('loaded like the app loads it (URL folder, no variant asked)', () => {
  it('picks the fp16 UNet and decoder, asks only for files that exist', () => {
    expect(model.info.variant).toBe('fp16');
    expect(model.info.files).toEqual([
      'unet/model_fp16.onnx',
      'vae_decoder/model_fp16.onnx',
      'vae_encoder/model.onnx',
      'image_proj/model.onnx',
      'text_encoder/model.onnx',
    ]);
    expect(requested).toContain('/models/clip/toon-clip/onnx/text_model.onnx'); // the linked text encoder
    expect(requested).not.toContain(`/models/${SHIPPED}/text_encoder/model.onnx`);
    expect(requested).toContain('/models/clip/toon-clip/tokenizer.json'); // the linked tokenizer
    expect(requested).not.toContain(`/models/${SHIPPED}/tokenizer/tokenizer.json`);
    expect(model.info).toMatchObject({
      imageSize: 64,
      latentSize: 16,
      hasTextEncoder: true,
      hasEncoder: true,
      context: { length: 64, dim: 128 },
      imagePrompt: { tokens: 16 },
    });
    expect(model.info.scalingFactor).toBeCloseTo(ref.scaling_factor, 6);
    const absent = requested.filter((p) => !existsSync(join(ROOT, p)));
    expect(absent).toEqual([]);
    expect(requested[0]).toBe(`/models/${SHIPPED}/model_index.json`);
  });
});

describe('shipped graphs vs torch fp32', () => {
  it('unet (fp16 weights)', async () => {
    const out = await runRefUnet(model.unet.session, refs);
    const d = maxAbsDiff(out, get('unet_out'));
    console.log(`[toon-diffusion] unet fp16 vs torch fp32: max |Δ| ${d.toExponential(2)}`);
    expect(d).toBeLessThan(TOL.unet);
  });

  it('vae decoder (fp16 weights) and encoder', async () => {
    const { dec, enc } = await runRefVae(model.vaeDecoder.session, model.vaeEncoder!.session, refs);
    const dd = maxAbsDiff(dec, get('vae_decoder_out'));
    const de = maxAbsDiff(enc, get('vae_encoder_out'));
    console.log(`[toon-diffusion] vae decoder fp16 max |Δ| ${dd.toExponential(2)}, encoder ${de.toExponential(2)}`);
    expect(dd).toBeLessThan(TOL.vae);
    expect(de).toBeLessThan(TOL.vae);
  });

  it('image_proj: reference latent → 16 context tokens', async () => {
    const t = ref.tensors;
    const out = await run1(
      model.imageProj!.session,
      { latent_sample: [get('image_proj_in'), t.image_proj_in.shape] },
      'image_embeds',
    );
    const d = maxAbsDiff(out, get('image_proj_out'));
    console.log(`[toon-diffusion] image_proj vs torch fp32: max |Δ| ${d.toExponential(2)}`);
    expect(t.image_proj_out.shape).toEqual([1, 16, 128]);
    expect(d).toBeLessThan(TOL.unet);
  });

  it('text: token ids and last_hidden_state for the reference prompts (en, ko) and the empty one', async () => {
    const ids = get('text_in_ids');
    const hidden = get('text_out');
    const { length: L, dim: D } = ref.context;
    const prompts = [...ref.cases.slice(0, ref.tensors.text_in_ids.shape[0] - 1).map((c) => c.prompt), ''];
    let worst = 0;
    for (let i = 0; i < prompts.length; i++) {
      expect(model.text!.tokenize(prompts[i]).ids).toEqual(Array.from(ids.subarray(i * L, (i + 1) * L)));
      const h = await model.text!.encode(prompts[i]);
      worst = Math.max(worst, maxAbsDiff(h, hidden.subarray(i * L * D, (i + 1) * L * D)));
    }
    console.log(`[toon-diffusion] text encoder: max |Δ| ${worst.toExponential(2)} over ${prompts.length} prompts`);
    expect(worst).toBeLessThan(TOL.text);
  });
});

describe('TS pipeline on the shipped folder vs the Python pipeline (same seeds, same schedules)', () => {
  for (const c of ref.cases) {
    const what = `${c.strength !== null ? `, img2img ${c.strength}` : ''}${c.image_prompt ? ', image prompt' : ''}`;
    it(`${c.name}: ${c.scheduler} ${c.steps} steps, guidance ${c.guidance}${what}`, async () => {
      const pic = (name: string) => ({ width: 64, height: 64, data: chwToRgbaExact(get(name), 64) });
      const init = c.init_image ? { image: pic(c.init_image), strength: c.strength! } : undefined;
      const r = await generate(ort, model, {
        prompt: c.prompt,
        steps: c.steps,
        guidance: c.guidance,
        seed: c.seed,
        scheduler: c.scheduler,
        ...(init ? { init } : {}),
        ...(c.image_prompt ? { imagePrompt: pic(c.image_prompt) } : {}),
      });
      const expected = get(c.name);
      const d = maxAbsDiff(r.pixels, expected);
      let d8 = 0;
      const rgba = chwToRgbaExact(expected, 64);
      for (let i = 0; i < rgba.length; i++) if (i % 4 !== 3) d8 = Math.max(d8, Math.abs(rgba[i] - r.image.data[i]));
      console.log(
        `[toon-diffusion] ${c.name}: max |Δ| ${d.toExponential(2)} in [-1, 1], ${d8}/255 in 8 bits, PSNR ${psnr(r.pixels, expected).toFixed(1)} dB`,
      );
      expect(d).toBeLessThan(TOL.pipeline);
      expect(d8).toBeLessThanOrEqual(1);
      if (c.strength !== null) expect(r.steps).toBe(Math.floor(c.steps * c.strength));
    });
  }
});

describe('image prompt + start from the same picture', () => {
  it('encodes the picture once and gives what two copies of it give', async () => {
    const pic = { width: 64, height: 64, data: chwToRgbaExact(get('vae_encoder_in'), 64) };
    const copy = { ...pic, data: new Uint8ClampedArray(pic.data) };
    const enc = model.vaeEncoder!.session;
    const run = enc.run.bind(enc);
    let calls = 0;
    enc.run = ((...a: Parameters<typeof run>) => (calls++, run(...a))) as typeof enc.run;
    try {
      const req = {
        prompt: 'A cat and a dog under a tree at night',
        steps: 3,
        guidance: 3,
        seed: 7,
        scheduler: 'euler' as const,
      };
      const shared = await generate(ort, model, { ...req, init: { image: pic, strength: 0.6 }, imagePrompt: pic });
      expect(calls).toBe(1);
      calls = 0;
      const separate = await generate(ort, model, { ...req, init: { image: copy, strength: 0.6 }, imagePrompt: pic });
      expect(calls).toBe(2);
      expect(maxAbsDiff(shared.pixels, separate.pixels)).toBe(0);
    } finally {
      enc.run = run;
    }
  });
});

describe('variant choice (load.ts pickFile)', () => {
  const fake = (paths: string[]) => bytesFolder('f', new Map(paths.map((p) => [p, new Uint8Array(0)])));
  it('SD-Turbo-style folders: model.onnx by default, the asked variant when present', async () => {
    const smoke = diskFolder(join(ROOT, 'test/fixtures/diffusion/smoke-model'));
    expect(await pickFile(smoke, 'unet', 'fp32')).toBe('unet/model.onnx');
    expect(await pickFile(smoke, 'unet', 'fp16')).toBe('unet/model_fp16.onnx');
    expect(await pickFile(smoke, 'unet', 'int8')).toBe('unet/model_int8.onnx');
    expect(await pickFile(smoke, 'vae_decoder', 'int8')).toBe('vae_decoder/model.onnx');
    expect(await pickFile(fake(['unet/model.onnx']), 'unet', 'fp16')).toBe('unet/model.onnx');
  });
  it('a folder without model.onnx loads its variant (fp16 before int8); nothing → undefined', async () => {
    expect(await pickFile(fake(['unet/model_fp16.onnx', 'unet/model_int8.onnx']), 'unet', 'fp32')).toBe(
      'unet/model_fp16.onnx',
    );
    expect(await pickFile(fake(['unet/model_int8.onnx']), 'unet', 'fp32')).toBe('unet/model_int8.onnx');
    expect(await pickFile(fake(['unet/model_fp16.onnx', 'unet/model_int8.onnx']), 'unet', 'int8')).toBe(
      'unet/model_int8.onnx',
    );
    expect(await pickFile(fake(['vae_decoder/model.onnx']), 'unet', 'fp32')).toBeUndefined();
  });
});

/** The shipped folder as an imported (bytes) folder would be: the linked files (text encoder, tokenizer.json) copied in. */
function shippedBytes(drop: (p: string) => boolean = () => false) {
  const files = new Map<string, Uint8Array>();
  for (const p of walk(DIR)) if (!drop(p)) files.set(p, new Uint8Array(readFileSync(join(DIR, p))));
  for (const [p, link] of Object.entries(index.toonsmith.linked!))
    if (!drop(p)) files.set(p, new Uint8Array(readFileSync(join(DIR, link.href))));
  return bytesFolder('toon-diffusion', files);
}

describe('image prompt: bad folders and requests', () => {
  it('an image_proj without a vae_encoder, or with the wrong interface, is refused with the file named', async () => {
    await expect(
      loadModel(
        ort,
        shippedBytes((p) => p.startsWith('vae_encoder/')),
        wasmSession,
      ),
    ).rejects.toThrow(/missing vae_encoder\/model\.onnx \(image_proj needs it\)/);
    const folder = shippedBytes();
    const swapped = {
      ...folder,
      bytes: (p: string) => folder.bytes(p === 'image_proj/model.onnx' ? 'vae_encoder/model.onnx' : p),
      has: (p: string) => folder.has(p),
      json: (p: string) => folder.json(p),
    };
    await expect(loadModel(ort, swapped, wasmSession)).rejects.toThrow(
      /image_proj\/model\.onnx: missing input 'latent_sample'/,
    );
  });
  it('a folder without image_proj loads as a text-only model and refuses image prompts', async () => {
    const m = await loadModel(
      ort,
      shippedBytes((p) => p.startsWith('image_proj/')),
      wasmSession,
    );
    try {
      expect(m.info.imagePrompt).toBeUndefined();
      const pic = { width: 64, height: 64, data: new Uint8ClampedArray(64 * 64 * 4).fill(200) };
      await expect(
        generate(ort, m, { prompt: 'a cat', steps: 1, guidance: 1, seed: 1, imagePrompt: pic }),
      ).rejects.toThrow(/no image_proj/);
    } finally {
      await m.release();
    }
  });
});

describe('linked text encoder and tokenizer: a changed or missing target is refused', () => {
  /** Serves the shipped folder with model_index.json's link of `part` edited by `edit`. */
  async function loadEdited(
    edit: (link: { href: string; bytes: number; sha256: string }) => void,
    part = 'text_encoder/model.onnx',
  ) {
    const restore = serveRepo();
    const inner = globalThis.fetch;
    globalThis.fetch = (async (i: string | URL | Request, init?: RequestInit) => {
      const r = await inner(i, init);
      if (!String(i instanceof Request ? i.url : i).endsWith(`${SHIPPED}/model_index.json`)) return r;
      const j = (await r.json()) as typeof index;
      edit(j.toonsmith.linked![part]);
      return new Response(JSON.stringify(j));
    }) as typeof fetch;
    try {
      const folder = await servedFolder('toon-diffusion', new URL(`http://app.test/models/${SHIPPED}/`)).catch(
        (e: unknown) => e as Error,
      );
      if (folder instanceof Error) return folder;
      return await loadModel(ort, folder, wasmSession).then(
        async (m) => (await m.release(), 'loaded'),
        (e: unknown) => e,
      );
    } finally {
      restore();
    }
  }
  it('another sha256 (say Toon-CLIP was retrained): refused, naming the file and why', async () => {
    const err = await loadEdited((l) => (l.sha256 = '0'.repeat(64)));
    expect(err).toBeInstanceOf(ModelFolderError);
    expect(String((err as Error).message)).toMatch(
      /text_encoder\/model\.onnx is shared with .*text_model\.onnx, but that file changed/,
    );
  });
  it("the tokenizer's target changed (another sha256): refused, naming the file", async () => {
    const err = await loadEdited((l) => (l.sha256 = '0'.repeat(64)), 'tokenizer/tokenizer.json');
    expect(err).toBeInstanceOf(ModelFolderError);
    expect(String((err as Error).message)).toMatch(
      /tokenizer\/tokenizer\.json is shared with .*toon-clip\/tokenizer\.json, but that file changed.*different tokenizer/,
    );
  });
  it('a malformed link entry: refused before anything loads', async () => {
    const err = await loadEdited((l) => delete (l as Partial<typeof l>).sha256);
    expect(err).toBeInstanceOf(ModelFolderError);
    expect(String((err as Error).message)).toMatch(
      /toonsmith\.linked\["text_encoder\/model\.onnx"\] needs href, bytes and sha256/,
    );
  });
  it('a target that is not there: refused', async () => {
    const err = await loadEdited((l) => (l.href = '../../clip/gone/text_model.onnx'));
    expect(err).toBeInstanceOf(ModelFolderError);
    expect(String((err as Error).message)).toMatch(/could not be loaded/);
  });
});
