/**
 * The tiny randomly initialised folders in the public CLIP-family layouts
 * (test/fixtures/clip-layouts/<kind>, written by models/clip/tiny_public_layouts.py) against the
 * torch outputs stored next to them (expected.json):
 * - the folder check accepts each as its kind, with the size from that kind's config fields and
 *   both graph headers (names, declared width); the refuse folder is refused with the reason;
 * - transformers.js in Node, the worker's code path (AutoTokenizer, the layout's model classes,
 *   AutoImageProcessor, the layout's padding): token ids equal the Python ones, text and image
 *   embeddings equal torch's;
 * - onnxruntime-web (WASM) on the graphs directly with the Python inputs: same outputs.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-web';
import {
  AutoImageProcessor,
  AutoTokenizer,
  CLIPTextModelWithProjection,
  CLIPVisionModelWithProjection,
  JinaCLIPTextModel,
  JinaCLIPVisionModel,
  RawImage,
  SiglipTextModel,
  SiglipVisionModel,
  env,
  type Tensor,
} from '@huggingface/transformers';
import { CLIP_LAYOUTS, checkClipFolder, type ClipKind } from '../../workers/models/clip-folder';

const ROOT = path.resolve(__dirname, '../fixtures/clip-layouts');
const KINDS: ClipKind[] = ['clip', 'siglip', 'jina_clip'];
const CLASSES = {
  clip: [CLIPTextModelWithProjection, CLIPVisionModelWithProjection],
  siglip: [SiglipTextModel, SiglipVisionModel],
  jina_clip: [JinaCLIPTextModel, JinaCLIPVisionModel],
} as const;
/** fp32 graphs of a few thousand weights: ORT and torch agree to float rounding. */
const TOL = 1e-4;

interface Expected {
  kind: ClipKind;
  text: string;
  input_ids: number[];
  padding: 'longest' | 'max_length';
  text_vector: number[][];
  image_vector: number[][];
  dim: number;
  text_output: string;
  image_output: string;
  image_rgb_u8: number[];
  image_shape: [number, number, number];
}

function readFolder(kind: string): Record<string, ArrayBuffer> {
  const out: Record<string, ArrayBuffer> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(path.join(ROOT, kind), p)] = new Uint8Array(fs.readFileSync(p)).buffer;
    }
  };
  walk(path.join(ROOT, kind));
  return out;
}

const expected = (kind: string) =>
  JSON.parse(fs.readFileSync(path.join(ROOT, kind, 'expected.json'), 'utf8')) as Expected;

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('public CLIP layouts: the folder check', () => {
  for (const kind of KINDS)
    it(`${kind}: accepted as ${kind}, size from its config fields, graphs checked`, () => {
      const ex = expected(kind);
      const r = checkClipFolder(readFolder(kind), undefined, { graphs: true });
      expect(r.problems).toEqual([]);
      expect(r.kind).toBe(kind);
      expect(r.dim).toBe(ex.dim);
      // The same folder against a library of another size: refused, with the stored size named.
      expect(checkClipFolder(readFolder(kind), ex.dim + 1).issues).toEqual([
        { key: 'refs.folder.dim', params: { dim: ex.dim, stored: ex.dim + 1 } },
      ]);
    });
  it('refuse-blip: refused for its model_type, nothing kept as ok', () => {
    const r = checkClipFolder(readFolder('refuse-blip'), undefined, { graphs: true });
    expect(r.ok).toBe(false);
    expect(r.issues).toEqual([{ key: 'refs.folder.unknownType', params: { type: 'blip' } }]);
  });
});

describe('public CLIP layouts in transformers.js (Node) vs torch', () => {
  beforeAll(() => {
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = ROOT + '/';
  });
  for (const kind of KINDS) {
    it(`${kind}: token ids, text and image embeddings`, async () => {
      const ex = expected(kind);
      const [TextModel, VisionModel] = CLASSES[kind];
      const tok = await AutoTokenizer.from_pretrained(kind);
      const padding = CLIP_LAYOUTS[kind].padding === 'max_length' ? 'max_length' : true;
      const inputs = tok([ex.text], { padding, truncation: true, max_length: tok.model_max_length });
      expect(Array.from(inputs.input_ids.data as BigInt64Array, Number)).toEqual(ex.input_ids);
      const text = await TextModel.from_pretrained(kind, { dtype: 'fp32', device: 'cpu' });
      const tout = (await text(inputs)) as Record<string, Tensor>;
      expect(tout[ex.text_output].dims).toEqual([1, ex.dim]);
      const dt = maxAbs(tout[ex.text_output].data as Float32Array, ex.text_vector[0]);

      const [h, w] = ex.image_shape;
      const proc = await AutoImageProcessor.from_pretrained(kind);
      const img = new RawImage(new Uint8ClampedArray(ex.image_rgb_u8), w, h, 3);
      const vision = await VisionModel.from_pretrained(kind, { dtype: 'fp32', device: 'cpu' });
      const vout = (await vision(await proc([img]))) as Record<string, Tensor>;
      expect(vout[ex.image_output].dims).toEqual([1, ex.dim]);
      const dv = maxAbs(vout[ex.image_output].data as Float32Array, ex.image_vector[0]);
      console.log(`${kind} (transformers.js): max |Δ| text ${dt.toExponential(2)}, image ${dv.toExponential(2)}`);
      expect(dt).toBeLessThan(TOL);
      expect(dv).toBeLessThan(TOL);
      await text.dispose();
      await vision.dispose();
    });
  }
});

describe('public CLIP layouts in onnxruntime-web (WASM, Node) vs torch', () => {
  beforeAll(() => {
    ort.env.wasm.numThreads = 1;
  });
  const MEAN: Record<ClipKind, number[]> = {
    clip: [0.48145466, 0.4578275, 0.40821073],
    siglip: [0.5, 0.5, 0.5],
    jina_clip: [0.48145466, 0.4578275, 0.40821073],
  };
  const STD: Record<ClipKind, number[]> = {
    clip: [0.26862954, 0.26130258, 0.27577711],
    siglip: [0.5, 0.5, 0.5],
    jina_clip: [0.26862954, 0.26130258, 0.27577711],
  };
  for (const kind of KINDS)
    it(`${kind}: graph interface and outputs`, async () => {
      const ex = expected(kind);
      const spec = CLIP_LAYOUTS[kind];
      const t = await ort.InferenceSession.create(fs.readFileSync(path.join(ROOT, kind, 'onnx/text_model.onnx')));
      expect(t.inputNames.filter((n) => !spec.text.need.includes(n) && !spec.text.may.includes(n))).toEqual([]);
      expect(t.outputNames).toContain(ex.text_output);
      const n = ex.input_ids.length;
      const feeds: Record<string, ort.Tensor> = {
        input_ids: new ort.Tensor('int64', BigInt64Array.from(ex.input_ids.map(BigInt)), [1, n]),
      };
      if (t.inputNames.includes('attention_mask'))
        feeds.attention_mask = new ort.Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]);
      const dt = maxAbs((await t.run(feeds))[ex.text_output].data as Float32Array, ex.text_vector[0]);

      const [h, w] = ex.image_shape;
      const px = new Float32Array(3 * h * w);
      for (let c = 0; c < 3; c++)
        for (let p = 0; p < h * w; p++)
          px[c * h * w + p] = (ex.image_rgb_u8[p * 3 + c] / 255 - MEAN[kind][c]) / STD[kind][c];
      const v = await ort.InferenceSession.create(fs.readFileSync(path.join(ROOT, kind, 'onnx/vision_model.onnx')));
      expect(v.inputNames).toEqual(['pixel_values']);
      const out = await v.run({ pixel_values: new ort.Tensor('float32', px, [1, 3, h, w]) });
      const dv = maxAbs(out[ex.image_output].data as Float32Array, ex.image_vector[0]);
      console.log(`${kind} (onnxruntime-web): max |Δ| text ${dt.toExponential(2)}, image ${dv.toExponential(2)}`);
      expect(dt).toBeLessThan(TOL);
      expect(dv).toBeLessThan(TOL);
      await t.release();
      await v.release();
    });
});
