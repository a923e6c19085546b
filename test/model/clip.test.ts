/**
 * Shipped Toon-CLIP (models/clip/toon-clip) vs the torch reference embeddings written by
 * models/clip/export.py: loaded through transformers.js in Node (AutoTokenizer,
 * CLIPTextModelWithProjection, CLIPVisionModelWithProjection, AutoProcessor — the worker's code
 * path; Node runs the CPU backend) and through onnxruntime-web (WASM) directly.
 * fp32: cosine ≥ 0.999; quantized variants (if shipped): cosine ≥ 0.99.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-web';
import {
  AutoTokenizer,
  AutoProcessor,
  CLIPTextModelWithProjection,
  CLIPVisionModelWithProjection,
  RawImage,
  env,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';

const MODELS = path.resolve(__dirname, '../../models/clip');
const DIR = path.join(MODELS, 'toon-clip');
interface RefText {
  text: string;
  input_ids: number[];
  embedding: number[];
}
interface RefImage {
  name: string;
  rgb_u8_b64: string;
  shape: number[];
  embedding: number[];
}
const ref = JSON.parse(fs.readFileSync(path.join(MODELS, 'reference/embeddings.json'), 'utf8')) as {
  texts: RefText[];
  images: RefImage[];
};
const config = JSON.parse(fs.readFileSync(path.join(DIR, 'config.json'), 'utf8'));
const DIM: number = config.projection_dim;
const hasQ = (tower: string) => fs.existsSync(path.join(DIR, `onnx/${tower}_quantized.onnx`));
const dtypes = (tower: string) => (hasQ(tower) ? (['fp32', 'q8'] as const) : (['fp32'] as const));

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0,
    na = 0,
    nb = 0;
  for (let i = 0; i < a.length; i++) {
    d += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return d / Math.sqrt(na * nb);
}

function rows(data: ArrayLike<number>, n: number, dim: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from(data).slice(i * dim, (i + 1) * dim));
}

function rgbOf(im: RefImage): Uint8Array {
  return new Uint8Array(Buffer.from(im.rgb_u8_b64, 'base64'));
}

function pixelValues(images: RefImage[]): Float32Array {
  const [h, w] = images[0].shape;
  const out = new Float32Array(images.length * 3 * h * w);
  images.forEach((im, n) => {
    const rgb = rgbOf(im);
    for (let c = 0; c < 3; c++)
      for (let p = 0; p < h * w; p++) out[(n * 3 + c) * h * w + p] = (rgb[p * 3 + c] / 255 - 0.5) / 0.5;
  });
  return out;
}

describe('toon-clip in transformers.js (Node)', () => {
  let tok: PreTrainedTokenizer;
  beforeAll(async () => {
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = MODELS + '/';
    tok = await AutoTokenizer.from_pretrained('toon-clip');
  });

  for (const dtype of dtypes('text_model')) {
    const min = dtype === 'fp32' ? 0.999 : 0.99;
    it(`text embeddings (${dtype}, padded batch) match torch at cosine ≥ ${min}`, async () => {
      const model = await CLIPTextModelWithProjection.from_pretrained('toon-clip', { dtype, device: 'cpu' });
      const inputs = tok(
        ref.texts.map((t) => t.text),
        { padding: true, truncation: true },
      );
      const out = await model(inputs);
      expect(out.text_embeds.dims).toEqual([ref.texts.length, DIM]);
      const got = rows(out.text_embeds.data as Float32Array, ref.texts.length, DIM);
      const cos = got.map((g, i) => cosine(g, ref.texts[i].embedding));
      expect(Math.min(...cos)).toBeGreaterThanOrEqual(min);
      await model.dispose();
    });
  }

  for (const dtype of dtypes('vision_model')) {
    const min = dtype === 'fp32' ? 0.999 : 0.99;
    it(`image embeddings (${dtype}, through AutoProcessor) match torch at cosine ≥ ${min}`, async () => {
      const model = await CLIPVisionModelWithProjection.from_pretrained('toon-clip', { dtype, device: 'cpu' });
      const proc = await AutoProcessor.from_pretrained('toon-clip');
      const imgs = ref.images.map((im) => new RawImage(new Uint8ClampedArray(rgbOf(im)), im.shape[1], im.shape[0], 3));
      const inputs = await proc(imgs);
      const out = await model(inputs);
      expect(out.image_embeds.dims).toEqual([ref.images.length, DIM]);
      const got = rows(out.image_embeds.data as Float32Array, ref.images.length, DIM);
      const cos = got.map((g, i) => cosine(g, ref.images[i].embedding));
      expect(Math.min(...cos)).toBeGreaterThanOrEqual(min);
      await model.dispose();
    });
  }
});

describe('toon-clip ONNX in onnxruntime-web (WASM, Node)', () => {
  beforeAll(() => {
    ort.env.wasm.numThreads = 1;
  });
  for (const suffix of hasQ('text_model') ? ['', '_quantized'] : ['']) {
    const min = suffix ? 0.99 : 0.999;
    it(`text_model${suffix}: declared I/O, dynamic batch and sequence, cosine ≥ ${min}`, async () => {
      const s = await ort.InferenceSession.create(fs.readFileSync(path.join(DIR, `onnx/text_model${suffix}.onnx`)));
      expect(s.inputNames).toEqual(['input_ids', 'attention_mask']);
      expect(s.outputNames).toEqual(['text_embeds', 'last_hidden_state']);
      // One at a time (sequence length varies) and as one right-padded batch.
      const L = Math.max(...ref.texts.map((t) => t.input_ids.length));
      const ids = new BigInt64Array(ref.texts.length * L).fill(BigInt(config.text_config.pad_token_id));
      const mask = new BigInt64Array(ref.texts.length * L);
      for (const [i, t] of ref.texts.entries()) {
        const one = await s.run({
          input_ids: new ort.Tensor('int64', BigInt64Array.from(t.input_ids.map(BigInt)), [1, t.input_ids.length]),
          attention_mask: new ort.Tensor('int64', new BigInt64Array(t.input_ids.length).fill(1n), [
            1,
            t.input_ids.length,
          ]),
        });
        expect(one.last_hidden_state.dims).toEqual([1, t.input_ids.length, config.text_config.hidden_size]);
        expect(cosine(one.text_embeds.data as Float32Array, t.embedding)).toBeGreaterThanOrEqual(min);
        t.input_ids.forEach((v, j) => {
          ids[i * L + j] = BigInt(v);
          mask[i * L + j] = 1n;
        });
      }
      const batch = await s.run({
        input_ids: new ort.Tensor('int64', ids, [ref.texts.length, L]),
        attention_mask: new ort.Tensor('int64', mask, [ref.texts.length, L]),
      });
      const got = rows(batch.text_embeds.data as Float32Array, ref.texts.length, DIM);
      got.forEach((g, i) => expect(cosine(g, ref.texts[i].embedding)).toBeGreaterThanOrEqual(min));
      await s.release();
    });
  }

  for (const suffix of hasQ('vision_model') ? ['', '_quantized'] : ['']) {
    const min = suffix ? 0.99 : 0.999;
    it(`vision_model${suffix}: declared I/O, dynamic batch, cosine ≥ ${min}`, async () => {
      const s = await ort.InferenceSession.create(fs.readFileSync(path.join(DIR, `onnx/vision_model${suffix}.onnx`)));
      expect(s.inputNames).toEqual(['pixel_values']);
      expect(s.outputNames).toEqual(['image_embeds', 'last_hidden_state']);
      const [h, w] = ref.images[0].shape;
      const out = await s.run({
        pixel_values: new ort.Tensor('float32', pixelValues(ref.images), [ref.images.length, 3, h, w]),
      });
      expect(out.image_embeds.dims).toEqual([ref.images.length, DIM]);
      const got = rows(out.image_embeds.data as Float32Array, ref.images.length, DIM);
      got.forEach((g, i) => expect(cosine(g, ref.images[i].embedding)).toBeGreaterThanOrEqual(min));
      await s.release();
    });
  }

  it('ships ≤ 10 MB in total', () => {
    let total = 0;
    const walk = (d: string) => {
      for (const f of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, f.name);
        if (f.isDirectory()) walk(p);
        else total += fs.statSync(p).size;
      }
    };
    walk(DIR);
    expect(total).toBeLessThanOrEqual(10 * 1024 * 1024);
  });
});
