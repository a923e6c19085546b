// Calibrates Toon-CLIP's zero-shot tag threshold (issue 14: "tags you can trust").
//
//   node models/clip/calibrate_tags.mjs            # measure, write tag-calibration.json + config.json
//   node models/clip/calibrate_tags.mjs --dry-run  # measure only
//
// Images: every captionable OpenMoji emoji without a skin tone (1,949), rasterized here with
// resvg at 128 px on white (the app's worker flattens transparent pixels onto white too).
// Labels: 29 everyday concepts in Korean and English, given together as one label list (the way
// the References view's "Tag all" is used, e.g. the references-tags e2e). Truth: a label applies
// to an image when it is a word of the image's Emojibase label or tags in the label's language.
// The app's rule is mirrored exactly: an image gets its best 3 labels (cosine of image vs label
// text, both through transformers.js as in workers/clip); a tag is APPLIED only when its cosine
// ≥ threshold, otherwise it is a suggestion.
// Split: by a hash of the emoji's base code point — validation (threshold choice) / test
// (reported once). Choice: the lowest threshold whose validation precision is ≥ 0.9 over at
// least MIN_APPLIED applied tags; if none, no tag is ever applied (threshold 1.01).
// The model has seen most of these emoji in training, so the numbers are optimistic for other
// pictures; the emoji held out of training (test_emoji) are reported separately.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import {
  env,
  AutoTokenizer,
  AutoProcessor,
  CLIPTextModelWithProjection,
  CLIPVisionModelWithProjection,
  RawImage,
} from '@huggingface/transformers';
import { buildSpriteMeta, unitHash } from '../../scripts/data/meta.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const OPENMOJI = path.dirname(require.resolve('openmoji/package.json'));
const DRY = process.argv.includes('--dry-run');
// The vision tower the app ships (models/manifest.json): 'q8' = onnx/vision_model_quantized.onnx (int8
// weights, issue 15), 'fp32' = onnx/vision_model.onnx. The text tower is fp32 either way.
const VISION_DTYPE = process.env.CLIP_VISION_DTYPE ?? 'q8';
const TARGET = 0.9;
const MIN_APPLIED = 30;
const TOP = 3;
const SALT = 'toonsmith-tagcal-v1';

export const CONCEPTS = [
  ['cat', '고양이'],
  ['dog', '개'],
  ['tree', '나무'],
  ['house', '집'],
  ['flower', '꽃'],
  ['car', '자동차'],
  ['sun', '태양'],
  ['moon', '달'],
  ['star', '별'],
  ['fish', '물고기'],
  ['bird', '새'],
  ['heart', '하트'],
  ['ball', '공'],
  ['book', '책'],
  ['rain', '비'],
  ['snow', '눈'],
  ['water', '물'],
  ['man', '남자'],
  ['woman', '여자'],
  ['baby', '아기'],
  ['face', '얼굴'],
  ['hand', '손'],
  ['food', '음식'],
  ['train', '기차'],
  ['music', '음악'],
  ['money', '돈'],
  ['smile', '웃음'],
  ['night', '밤'],
  ['person', '사람'],
];

const enWords = (s) =>
  s
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
function applies(sprite, label, lang) {
  const texts = [sprite[lang].label, ...sprite[lang].tags];
  if (lang === 'en')
    return texts.some((t) => enWords(t).some((w) => w === label || w === `${label}s` || w === `${label}es`));
  return texts.some((t) => t.split(/\s+/).includes(label));
}

function render(hex) {
  const svg = fs.readFileSync(path.join(OPENMOJI, 'color/svg', `${hex}.svg`));
  const img = new Resvg(svg, {
    fitTo: { mode: 'width', value: 128 },
    background: 'white',
    font: { loadSystemFonts: false },
  }).render();
  // resvg's getters copy out of native memory on every access: read them once.
  const [w, h, px] = [img.width, img.height, img.pixels];
  const rgb = new Uint8ClampedArray(w * h * 3);
  for (let p = 0; p < w * h; p++) for (let c = 0; c < 3; c++) rgb[p * 3 + c] = px[p * 4 + c];
  return new RawImage(rgb, w, h, 3);
}

async function embed() {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = HERE + '/';
  const sprites = buildSpriteMeta()
    .filter((s) => s.captionable && !s.skintone)
    .slice(0, Number(process.env.CAL_LIMIT) || undefined);
  const labels = CONCEPTS.flatMap(([en, ko]) => [
    { text: en, lang: 'en' },
    { text: ko, lang: 'ko' },
  ]);
  const tok = await AutoTokenizer.from_pretrained('toon-clip');
  const textModel = await CLIPTextModelWithProjection.from_pretrained('toon-clip', { dtype: 'fp32', device: 'cpu' });
  const t = (
    await textModel(
      tok(
        labels.map((l) => l.text),
        { padding: true, truncation: true },
      ),
    )
  ).text_embeds;
  const dim = t.dims[1];
  const visionModel = await CLIPVisionModelWithProjection.from_pretrained('toon-clip', {
    dtype: VISION_DTYPE,
    device: 'cpu',
  });
  const proc = await AutoProcessor.from_pretrained('toon-clip');
  const imgVecs = new Float32Array(sprites.length * dim);
  for (let i = 0; i < sprites.length; i += 16) {
    const batch = sprites.slice(i, i + 16);
    const out = (await visionModel(await proc(batch.map((s) => render(s.hexcode))))).image_embeds.data;
    imgVecs.set(out, i * dim);
    process.stderr.write(`\r  embedded ${Math.min(i + 16, sprites.length)}/${sprites.length}`);
  }
  process.stderr.write('\n');
  const norm = (v) => {
    let s = 0;
    for (const x of v) s += x * x;
    s = Math.sqrt(s);
    return v.map((x) => x / s);
  };
  const T = labels.map((_, j) => norm(t.data.slice(j * dim, (j + 1) * dim)));
  return sprites.map((s, i) => {
    const v = norm(imgVecs.slice(i * dim, (i + 1) * dim));
    const scores = T.map((tv) => {
      let d = 0;
      for (let k = 0; k < dim; k++) d += v[k] * tv[k];
      return d;
    });
    const ranked = labels
      .map((l, j) => ({ ...l, score: scores[j], truth: applies(s, l.text, l.lang) }))
      .sort((a, b) => b.score - a.score);
    return {
      hex: s.hexcode,
      heldout: s.heldout,
      split: unitHash(`${SALT}:${s.base}`) < 0.5 ? 'validation' : 'test',
      top: ranked.slice(0, TOP),
      positives: ranked.filter((r) => r.truth).length,
    };
  });
}

/** Precision / recall / count of the applied tags at `thr` over `rows`. */
export function measure(rows, thr, lang) {
  let applied = 0,
    correct = 0,
    positives = 0;
  for (const r of rows) {
    for (const t of r.top)
      if ((!lang || t.lang === lang) && t.score >= thr) {
        applied++;
        correct += t.truth ? 1 : 0;
      }
    positives += r.positives;
  }
  return {
    threshold: thr,
    applied,
    correct,
    precision: applied ? correct / applied : null,
    recallOfAllTruths: positives ? correct / positives : 0,
  };
}

function choose(rows) {
  const cands = [...new Set(rows.flatMap((r) => r.top.map((t) => Math.round(t.score * 1000) / 1000)))].sort(
    (a, b) => a - b,
  );
  for (const c of cands) {
    const m = measure(rows, c);
    if (m.applied >= MIN_APPLIED && m.precision >= TARGET) return m;
  }
  return { ...measure(rows, 1.01), threshold: 1.01 };
}

/** Per-label thresholds (for the labels of this vocabulary): lowest with validation precision ≥ TARGET over ≥ MIN_LABEL applied. */
const MIN_LABEL = 5;
function choosePerLabel(rows) {
  const out = {};
  for (const label of [...new Set(rows.flatMap((r) => r.top.map((t) => t.text)))].sort()) {
    const mine = rows.map((r) => ({ ...r, top: r.top.filter((t) => t.text === label) }));
    const cands = [...new Set(mine.flatMap((r) => r.top.map((t) => Math.round(t.score * 1000) / 1000)))].sort(
      (a, b) => a - b,
    );
    for (const c of cands) {
      const m = measure(mine, c);
      if (m.applied >= MIN_LABEL && m.precision >= TARGET) {
        out[label] = c;
        break;
      }
    }
  }
  return out;
}

function measurePerLabel(rows, per, global) {
  const thr = (t) => per[t.text] ?? global;
  let applied = 0,
    correct = 0,
    positives = 0;
  for (const r of rows) {
    for (const t of r.top)
      if (t.score >= thr(t)) {
        applied++;
        correct += t.truth ? 1 : 0;
      }
    positives += r.positives;
  }
  return {
    applied,
    correct,
    precision: applied ? correct / applied : null,
    recallOfAllTruths: positives ? correct / positives : 0,
  };
}

const rows = await embed();
const val = rows.filter((r) => r.split === 'validation');
const test = rows.filter((r) => r.split === 'test');
const chosen = choose(val);
const thr = chosen.threshold;
const perLabel = choosePerLabel(val);
const curve = [0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95].map((x) => ({
  validation: measure(val, x),
  test: measure(test, x),
}));
const report = {
  note: 'models/clip/calibrate_tags.mjs — zero-shot tag threshold for the References view (issue 14).',
  images: {
    total: rows.length,
    validation: val.length,
    test: test.length,
    testHeldOutOfTraining: test.filter((r) => r.heldout).length,
  },
  labels: CONCEPTS.length * 2,
  rule: `best ${TOP} labels per image; applied when cosine >= threshold; lowest threshold with validation precision >= ${TARGET} over >= ${MIN_APPLIED} applied tags`,
  threshold: thr,
  validation: chosen,
  test: measure(test, thr),
  testKo: measure(test, thr, 'ko'),
  testEn: measure(test, thr, 'en'),
  testHeldOut: measure(
    test.filter((r) => r.heldout),
    thr,
  ),
  perLabel: {
    thresholds: perLabel,
    rule: `per label: lowest threshold with validation precision >= ${TARGET} over >= ${MIN_LABEL} applied; other labels use the global threshold`,
    validation: measurePerLabel(val, perLabel, thr),
    test: measurePerLabel(test, perLabel, thr),
    testHeldOut: measurePerLabel(
      test.filter((r) => r.heldout),
      perLabel,
      thr,
    ),
  },
  withoutThreshold: { validation: measure(val, -1), test: measure(test, -1) },
  curve,
};
console.log(
  JSON.stringify({
    perLabel: report.perLabel,
    curve: curve.map((c) => [
      c.validation.threshold,
      c.validation.applied,
      c.validation.precision,
      c.test.applied,
      c.test.precision,
    ]),
  }),
);
console.log(
  JSON.stringify(
    {
      threshold: thr,
      validation: report.validation,
      test: report.test,
      testKo: report.testKo,
      testEn: report.testEn,
      testHeldOut: report.testHeldOut,
      withoutThreshold: report.withoutThreshold,
    },
    null,
    2,
  ),
);
if (!DRY) {
  fs.writeFileSync(path.join(HERE, 'tag-calibration.json'), JSON.stringify(report, null, 2) + '\n');
  const cfgPath = path.join(HERE, 'toon-clip', 'config.json');
  const cfg = JSON.parse(fs.readFileSync(cfgPath, 'utf8'));
  cfg.toonsmith = {
    ...cfg.toonsmith,
    tag_threshold: thr,
    tag_thresholds: perLabel,
    tag_threshold_source: 'models/clip/tag-calibration.json',
  };
  fs.writeFileSync(cfgPath, JSON.stringify(cfg, null, 2));
  console.log(`wrote ${path.relative(process.cwd(), cfgPath)} toonsmith.tag_threshold = ${thr}`);
}
