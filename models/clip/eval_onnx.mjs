// Toon-CLIP retrieval through the shipped ONNX graphs (onnxruntime-node, CPU, 1 thread), fp32 vs
// int8 (weight-only, models/clip/quantize.py) vision tower; the text tower is fp32 in both rows.
// Metrics as models/clip/eval.py / ../shared/EVAL-NOTES.md: each caption ranks all panels of its
// split by cosine; rank = 1-based position of its own panel (ties count against it).
//
//   /usr/bin/python3 models/clip/dump_eval.py --split val --out /tmp/clipq   # pixels + captions
//   node models/clip/eval_onnx.mjs /tmp/clipq val [test_comp test_emoji] > models/clip/reference/eval-onnx.json
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import crypto from 'node:crypto';
import ort from 'onnxruntime-node';
import { env, AutoTokenizer } from '@huggingface/transformers';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ONNX = path.join(HERE, 'toon-clip', 'onnx');
const [dir, ...splits] = process.argv.slice(2);
if (!dir || !splits.length) throw new Error('usage: eval_onnx.mjs <dump dir> <split>...');
const KINDS = ['phrase', 'sentence', 'topic'];
const LANGS = ['ko', 'en', 'ja'];
const VISION = { fp32: 'vision_model.onnx', int8: 'vision_model_quantized.onnx' };
const opts = { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' };

env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = HERE + '/';
const tok = await AutoTokenizer.from_pretrained('toon-clip');
const text = await ort.InferenceSession.create(path.join(ONNX, 'text_model.onnx'), opts);
const vision = {};
for (const [k, f] of Object.entries(VISION)) vision[k] = await ort.InferenceSession.create(path.join(ONNX, f), opts);
const sha = (f) =>
  crypto
    .createHash('sha256')
    .update(fs.readFileSync(path.join(ONNX, f)))
    .digest('hex')
    .slice(0, 16);

function normRows(data, n) {
  const dim = data.length / n;
  const out = new Float32Array(data.length);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let i = 0; i < dim; i++) s += data[r * dim + i] ** 2;
    const inv = 1 / Math.sqrt(s);
    for (let i = 0; i < dim; i++) out[r * dim + i] = data[r * dim + i] * inv;
  }
  return { v: out, dim };
}

async function embedTexts(texts) {
  const parts = [];
  for (let i = 0; i < texts.length; i += 128) {
    const t = tok(texts.slice(i, i + 128), { padding: true, truncation: true, max_length: 64 });
    const feeds = {
      input_ids: new ort.Tensor('int64', t.input_ids.data, t.input_ids.dims),
      attention_mask: new ort.Tensor('int64', t.attention_mask.data, t.attention_mask.dims),
    };
    parts.push((await text.run(feeds)).text_embeds.data);
  }
  return normRows(Float32Array.from(parts.flatMap((p) => [...p])), texts.length);
}

async function embedImages(sess, px, n, size) {
  const per = 3 * size * size;
  const parts = [];
  for (let i = 0; i < n; i += 50) {
    const m = Math.min(50, n - i);
    const x = new ort.Tensor('float32', px.subarray(i * per, (i + m) * per), [m, 3, size, size]);
    parts.push((await sess.run({ pixel_values: x })).image_embeds.data);
  }
  return normRows(Float32Array.from(parts.flatMap((p) => [...p])), n);
}

function retrieval(q, img, n, dim) {
  const acc = { 'MRR@1': 0, 'MRR@5': 0, 'MRR@10': 0, 'R@1': 0, 'R@5': 0, 'R@10': 0 };
  const top1 = [];
  for (let a = 0; a < n; a++) {
    const sims = new Float32Array(n);
    for (let b = 0; b < n; b++) {
      let d = 0;
      for (let k = 0; k < dim; k++) d += q.v[a * dim + k] * img.v[b * dim + k];
      sims[b] = d;
    }
    let rank = 1;
    let best = 0;
    for (let b = 0; b < n; b++) {
      if (sims[b] > sims[a]) rank++;
      if (sims[b] > sims[best]) best = b;
    }
    top1.push(best);
    for (const K of [1, 5, 10])
      if (rank <= K) {
        acc[`MRR@${K}`] += 1 / rank;
        acc[`R@${K}`] += 1;
      }
  }
  for (const k of Object.keys(acc)) acc[k] /= n;
  return { ...acc, top1 };
}

const out = {
  note: 'models/clip/eval_onnx.mjs: onnxruntime-node CPU, text tower fp32; vision fp32 vs int8',
  files: { text: sha('text_model.onnx'), fp32: sha(VISION.fp32), int8: sha(VISION.int8) },
  splits: {},
};
for (const split of splits) {
  const meta = JSON.parse(fs.readFileSync(path.join(dir, `${split}.json`), 'utf8'));
  const buf = fs.readFileSync(path.join(dir, `${split}.f32`));
  const px = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  const imgs = {};
  for (const k of Object.keys(VISION)) imgs[k] = await embedImages(vision[k], px, meta.n, meta.size);
  const dim = imgs.fp32.dim;
  const cos = [];
  for (let i = 0; i < meta.n; i++) {
    let d = 0;
    for (let k = 0; k < dim; k++) d += imgs.fp32.v[i * dim + k] * imgs.int8.v[i * dim + k];
    cos.push(d);
  }
  cos.sort((a, b) => a - b);
  const res = { n: meta.n, cosine: { min: cos[0], median: cos[cos.length >> 1] }, retrieval: {} };
  for (const [ci, kind] of KINDS.entries())
    for (const lang of LANGS) {
      const q = await embedTexts(meta.captions[lang].map((r) => r[ci]));
      const row = {};
      for (const k of Object.keys(VISION)) row[k] = retrieval(q, imgs[k], meta.n, dim);
      const same = row.fp32.top1.filter((t, i) => t === row.int8.top1[i]).length / meta.n;
      for (const k of Object.keys(VISION)) delete row[k].top1;
      res.retrieval[`${kind}/${lang}`] = { ...row, sameTop1: same };
    }
  out.splits[split] = res;
  process.stderr.write(`${split} done\n`);
}
console.log(JSON.stringify(out, null, 1));
