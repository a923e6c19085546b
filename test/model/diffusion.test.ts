/**
 * Diffusion model tests (Node, onnxruntime-web WASM): the exported graphs of the CPU smoke run
 * (test/fixtures/diffusion/smoke-model, written by models/diffusion/smoke.sh) against the torch fp32
 * reference outputs saved by models/diffusion/export.py (test/fixtures/diffusion/smoke):
 * single graph calls, and the whole TS pipeline (TS scheduler + TS RNG + ONNX) against the
 * Python pipeline for fixed seeds and short DDIM / Euler schedules, txt2img and img2img;
 * fp16 / int8 weight variants against fp32; cancel between steps; folder validation errors.
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { loadModel, type LoadedModel } from '../../workers/diffusion/load';
import { generate } from '../../workers/diffusion/pipeline';
import { ModelFolderError } from '../../workers/diffusion/validate';
import {
  chwToRgbaExact,
  diskFolder,
  loadReference,
  maxAbsDiff,
  ort,
  psnr,
  ROOT,
  runRefUnet,
  runRefVae,
  wasmSession,
} from './diffusion-helpers';

const MODEL = process.env.DIFFUSION_MODEL_DIR ?? join(ROOT, 'test/fixtures/diffusion/smoke-model');
const REF = process.env.DIFFUSION_REF_DIR ?? join(ROOT, 'test/fixtures/diffusion/smoke');
const loaded = loadReference(REF)!;
const { ref, get } = loaded;

let fp32: LoadedModel;
const variantOut: Record<string, Float32Array> = {};

beforeAll(async () => {
  fp32 = await loadModel(ort, diskFolder(MODEL), wasmSession, 'fp32');
});
afterAll(async () => {
  await fp32?.release();
});

function relL2(a: Float32Array, b: Float32Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / Math.max(den, 1e-30));
}

describe('exported graphs vs torch fp32', () => {
  it('loads and reports the folder it validated', () => {
    const i = fp32.info;
    expect(i.imageSize).toBe(64);
    expect(i.latentSize * 4).toBe(i.imageSize);
    expect(i.context).toEqual({ length: ref.context.length, dim: ref.context.dim });
    expect(i.hasTextEncoder).toBe(!ref.context.zeros);
    expect(i.hasEncoder).toBe(true);
    expect(i.scalingFactor).toBeCloseTo(ref.scaling_factor, 6);
  });

  it('unet', async () => {
    const out = await runRefUnet(fp32.unet.session, loaded);
    expect(maxAbsDiff(out, get('unet_out'))).toBeLessThan(1e-4);
  });

  it('vae decoder and encoder', async () => {
    const { dec, enc } = await runRefVae(fp32.vaeDecoder.session, fp32.vaeEncoder!.session, loaded);
    expect(maxAbsDiff(dec, get('vae_decoder_out'))).toBeLessThan(1e-4);
    expect(maxAbsDiff(enc, get('vae_encoder_out'))).toBeLessThan(1e-4);
  });
});

describe.runIf(!ref.context.zeros)(
  'text encoder (tokenizer.json via transformers.js + ONNX) vs the training side',
  () => {
    it('token ids and last_hidden_state match for Korean, English and the empty prompt', async () => {
      const ids = get('text_in_ids');
      const hidden = get('text_out');
      const { length: L, dim: D } = ref.context;
      const prompts = [...ref.cases.map((c) => c.prompt), ''];
      for (let i = 0; i < prompts.length; i++) {
        const tok = fp32.text!.tokenize(prompts[i]);
        expect(tok.ids).toEqual(Array.from(ids.subarray(i * L, (i + 1) * L)));
        const h = await fp32.text!.encode(prompts[i]);
        expect(maxAbsDiff(h, hidden.subarray(i * L * D, (i + 1) * L * D))).toBeLessThan(1e-4);
      }
    });
    it('refuses empty, over-long and unreadable treatments with a PromptError', async () => {
      const base = { steps: 1, guidance: 1, seed: 1 };
      await expect(generate(ort, fp32, { ...base, prompt: '   ' })).rejects.toMatchObject({
        name: 'PromptError',
        code: 'empty',
      });
      await expect(generate(ort, fp32, { ...base, prompt: 'a'.repeat(10_000) })).rejects.toMatchObject({
        code: 'too-long',
      });
      await expect(generate(ort, fp32, { ...base, prompt: 'ሰላም ዓለም እንዴት ነህ' })).rejects.toMatchObject({
        code: 'unknown-script',
      });
    });
  },
);

describe('TS pipeline vs the Python pipeline (same seeds, same schedules)', () => {
  for (const c of ref.cases) {
    it(`${c.name}: ${c.scheduler} ${c.steps} steps, guidance ${c.guidance}${c.strength !== null ? `, img2img ${c.strength}` : ''}`, async () => {
      const steps: number[] = [];
      const init = c.init_image
        ? { image: { width: 64, height: 64, data: chwToRgbaExact(get(c.init_image), 64) }, strength: c.strength! }
        : undefined;
      const r = await generate(
        ort,
        fp32,
        {
          prompt: c.prompt,
          steps: c.steps,
          guidance: c.guidance,
          seed: c.seed,
          scheduler: c.scheduler,
          ...(init ? { init } : {}),
        },
        { onStep: (p) => steps.push(p.step) },
      );
      const expected = get(c.name);
      const d = maxAbsDiff(r.pixels, expected);
      expect(d).toBeLessThan(2e-3);
      expect(r.image.data.length).toBe(64 * 64 * 4);
      expect(steps).toEqual(Array.from({ length: r.steps }, (_, i) => i + 1));
      if (c.strength !== null) expect(r.steps).toBe(Math.floor(c.steps * c.strength));
      variantOut[c.name] = r.pixels;
    });
  }

  it('is reproducible for a seed and differs across seeds', async () => {
    const req = { prompt: 'a cat', steps: 3, guidance: 1, seed: 9 };
    const a = await generate(ort, fp32, req);
    const b = await generate(ort, fp32, req);
    const c = await generate(ort, fp32, { ...req, seed: 10 });
    expect(maxAbsDiff(a.pixels, b.pixels)).toBe(0);
    expect(maxAbsDiff(a.pixels, c.pixels)).toBeGreaterThan(1e-3);
  });

  it('cancel stops before the next step', async () => {
    const seen: number[] = [];
    await expect(
      generate(
        ort,
        fp32,
        { prompt: 'a cat', steps: 8, guidance: 1, seed: 1 },
        { onStep: (p) => seen.push(p.step), shouldStop: () => seen.length >= 2 },
      ),
    ).rejects.toMatchObject({ name: 'AbortError', done: 2 }); // it says how many steps were finished
    expect(seen).toEqual([1, 2]);
  });

  it('refuses bad requests', async () => {
    await expect(generate(ort, fp32, { prompt: 'a cat', steps: 0, guidance: 1, seed: 1 })).rejects.toThrow(/steps/);
    await expect(generate(ort, fp32, { prompt: 'a cat', steps: 2, guidance: 1, seed: -1 })).rejects.toThrow(/seed/);
    await expect(
      generate(ort, fp32, {
        prompt: 'a cat',
        steps: 2,
        guidance: 1,
        seed: 1,
        init: { image: { width: 2, height: 2, data: new Uint8ClampedArray(16) }, strength: 2 },
      }),
    ).rejects.toThrow(/strength/);
  });
});

describe('quantized variants vs fp32 (same seeds)', () => {
  for (const variant of ['fp16', 'int8'] as const) {
    it(`${variant}: every reference case close to fp32`, async () => {
      const m = await loadModel(ort, diskFolder(MODEL), wasmSession, variant);
      try {
        expect(m.info.variant).toBe(variant);
        const u = await runRefUnet(m.unet.session, loaded);
        const rel = relL2(u, get('unet_out'));
        console.log(`[diffusion] ${variant} unet: relative L2 error vs torch fp32 ${rel.toExponential(2)}`);
        expect(rel).toBeLessThan(variant === 'fp16' ? 5e-3 : 5e-2);
        for (const c of ref.cases.filter((x) => x.init_image === null)) {
          const r = await generate(ort, m, {
            prompt: c.prompt,
            steps: c.steps,
            guidance: c.guidance,
            seed: c.seed,
            scheduler: c.scheduler,
          });
          const base = variantOut[c.name] ?? get(c.name);
          const p = psnr(r.pixels, base);
          console.log(
            `[diffusion] ${variant} ${c.name}: PSNR vs fp32 ${p.toFixed(1)} dB, max |Δ| ${maxAbsDiff(r.pixels, base).toFixed(4)}`,
          );
          expect(p).toBeGreaterThan(variant === 'fp16' ? 40 : 28);
        }
      } finally {
        await m.release();
      }
    });
  }
});

describe('model folder validation', () => {
  it('names missing graphs', async () => {
    await expect(
      loadModel(
        ort,
        diskFolder(MODEL, (p) => p.startsWith('unet/')),
        wasmSession,
      ),
    ).rejects.toThrow(/missing unet\/model\.onnx/);
    await expect(
      loadModel(
        ort,
        diskFolder(MODEL, (p) => p.startsWith('scheduler/')),
        wasmSession,
      ),
    ).rejects.toThrow(/scheduler_config\.json/);
  });
  it('names a graph with the wrong interface', async () => {
    // vae_decoder put where the UNet belongs: no 'sample'/'timestep'/'encoder_hidden_states' inputs
    const folder = diskFolder(MODEL);
    const swapped = {
      ...folder,
      bytes: (p: string) => folder.bytes(p === 'unet/model.onnx' ? 'vae_decoder/model.onnx' : p),
      has: (p: string) => folder.has(p),
      json: (p: string) => folder.json(p),
    };
    const err = await loadModel(ort, swapped, wasmSession).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelFolderError);
    expect(String((err as Error).message)).toMatch(/unet\/model\.onnx: missing input 'timestep'/);
  });
  it.runIf(!ref.context.zeros)('names a missing tokenizer', async () => {
    await expect(
      loadModel(
        ort,
        diskFolder(MODEL, (p) => p.startsWith('tokenizer/')),
        wasmSession,
      ),
    ).rejects.toThrow(/missing tokenizer\/tokenizer\.json/);
  });
  it.runIf(ref.context.zeros)('names a text encoder the model needs but the folder lacks', async () => {
    const folder = diskFolder(MODEL);
    const conditional = {
      ...folder,
      json: async (p: string) => {
        const j = (await folder.json(p)) as Record<string, Record<string, unknown>>;
        if (p === 'model_index.json') j.toonsmith = { ...j.toonsmith, text: { max_length: 32, dim: 128 } };
        return j;
      },
      has: (p: string) => folder.has(p),
      bytes: (p: string) => folder.bytes(p),
    };
    await expect(loadModel(ort, conditional, wasmSession)).rejects.toThrow(
      /text_encoder\/model\.onnx, tokenizer\/tokenizer\.json/,
    );
  });
});
