#!/usr/bin/env node
/**
 * Ship only what runs (issue 15). Run after `vite build`: `node scripts/check-precache.mjs [distDir]`
 * (default dist/, or TOON_DIST). Reads the service worker's precache list (the manifest vite-plugin-pwa
 * injected into sw.js) and fails when it differs from what the app loads, by these rules:
 *
 * 1. Every precached URL exists in the build. A build file is precached if and only if the app
 *    loads it (rules 2–4); a file that ships but is never loaded (the font's licence text, the
 *    maskable icon's SVG source: `injectManifest.globIgnores` in vite.config.ts) is listed, not precached.
 * 2. Models: the precached files under models/ are exactly models/manifest.json plus every file
 *    models/manifest.json lists — and each model's list is exactly what the app loads of it:
 *    - kind `clip` (transformers.js — workers/clip/engine.ts: text tower fp32, vision tower int8):
 *      config.json, preprocessor_config.json, tokenizer.json, tokenizer_config.json,
 *      onnx/text_model.onnx, onnx/vision_model_quantized.onnx;
 *    - kind `diffusion`: model_index.json plus its `toonsmith.files`, and each
 *      `toonsmith.linked` href must resolve to a precached file (workers/diffusion/folder.ts);
 *    - other kinds: the listed files (each model's code loads its own paths; rule 4 checks those).
 * 3. ORT: exactly one onnxruntime-web binary is precached, the one of the build
 *    workers/runtime/env.ts imports (`onnxruntime-web/webgpu` → asyncify; `onnxruntime-web` →
 *    jsep), and a built script references it; no other .wasm ships unless a script references it.
 * 4. Any other file is loaded when index.html or manifest.webmanifest (the entry points) or a
 *    precached script, stylesheet, index.html, manifest.webmanifest or models/manifest.json names
 *    it; every `/models/…` path written literally in a built script is precached.
 *
 * Prints the precache by category (MB = 10^6 bytes, MiB = 2^20) against the 45 MB budget; with
 * `--max-mb N` it also fails above N MB.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const maxIdx = args.indexOf('--max-mb');
const maxMb = maxIdx >= 0 ? Number(args[maxIdx + 1]) : undefined;
const positional = args.filter((a, i) => !a.startsWith('--') && (maxIdx < 0 || i !== maxIdx + 1));
const dist = path.resolve(root, positional[0] ?? process.env.TOON_DIST ?? 'dist');
const BUDGET_MB = 45;

const errors = [];
const fail = (msg) => errors.push(msg);

// --- the precache list, as injected into sw.js ---
const sw = fs.readFileSync(path.join(dist, 'sw.js'), 'utf8');
const listText = /\[\{"revision":[^\]]*\}\]/.exec(sw)?.[0];
if (!listText) throw new Error(`${dist}/sw.js: no injected precache list found`);
const precached = JSON.parse(listText).map((e) => e.url.replace(/^\//, ''));
const precachedSet = new Set(precached);
if (precachedSet.size !== precached.length) fail('the precache lists a URL twice');

// --- rule 1: build files == precache ---
function walk(dir, base = '') {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name), `${base}${d.name}/`) : [`${base}${d.name}`]));
}
const files = walk(dist).filter((f) => f !== 'sw.js' && !f.endsWith('.map'));
const size = (f) => fs.statSync(path.join(dist, f)).size;
for (const u of precached) if (!fs.existsSync(path.join(dist, u))) fail(`${u} is precached but not in the build`);

// --- rule 2: models ---
const manifest = JSON.parse(fs.readFileSync(path.join(dist, 'models/manifest.json'), 'utf8'));
const CLIP_FILES = [
  'config.json',
  'preprocessor_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'onnx/text_model.onnx',
  'onnx/vision_model_quantized.onnx',
];
const listedModels = new Set(['models/manifest.json']);
const modelOf = new Map(); // precache path → model id
for (const m of manifest.models) {
  const listed = m.files.map((f) => (typeof f === 'string' ? f : f.path));
  for (const f of listed) {
    listedModels.add(`models/${f}`);
    modelOf.set(`models/${f}`, m.id);
  }
  const dir = `${m.id}/`;
  const rel = listed.map((f) => (f.startsWith(dir) ? f.slice(dir.length) : `../${f}`));
  let wanted;
  if (m.kind === 'clip') wanted = CLIP_FILES;
  else if (m.kind === 'diffusion') {
    const index = JSON.parse(fs.readFileSync(path.join(dist, 'models', dir, 'model_index.json'), 'utf8'));
    const ts = index.toonsmith ?? {};
    wanted = ['model_index.json', ...Object.keys(ts.files ?? {})];
    for (const [p, link] of Object.entries(ts.linked ?? {})) {
      const target = path.posix.normalize(`models/${dir}${link.href}`); // relative to the folder (folder.ts)
      if (!precachedSet.has(target)) fail(`${m.id}: toonsmith.linked["${p}"] → ${target} is not precached`);
    }
  } else wanted = rel;
  const have = new Set(rel);
  for (const w of wanted)
    if (!have.has(w)) fail(`${m.id}: the app loads ${w}, but models/manifest.json does not ship it`);
  for (const h of rel)
    if (!wanted.includes(h))
      fail(`${m.id}: models/manifest.json ships ${h}, which the app never loads (${m.kind} rule)`);
}
for (const u of precached.filter((u) => u.startsWith('models/')))
  if (!listedModels.has(u)) fail(`${u} is precached but not listed in models/manifest.json`);
for (const u of listedModels)
  if (!precachedSet.has(u)) fail(`${u} is listed in models/manifest.json but not precached`);

// --- rule 3: one ORT binary, the one env.ts imports ---
const envTs = fs.readFileSync(path.join(root, 'workers/runtime/env.ts'), 'utf8');
const ortImport = /import \* as ort from '(onnxruntime-web(?:\/\w+)?)'/.exec(envTs)?.[1];
const FLAVOUR = {
  'onnxruntime-web': 'jsep',
  'onnxruntime-web/webgpu': 'asyncify',
  'onnxruntime-web/wasm': '',
  'onnxruntime-web/jspi': 'jspi',
};
if (!ortImport || !(ortImport in FLAVOUR))
  fail(`workers/runtime/env.ts: no known onnxruntime-web import (found ${ortImport})`);
const flavour = FLAVOUR[ortImport];
const scripts = precached.filter((u) => /\.(m?js)$/.test(u));
const scriptText = new Map(scripts.map((s) => [s, fs.readFileSync(path.join(dist, s), 'utf8')]));
const textOf = (u) => scriptText.get(u) ?? fs.readFileSync(path.join(dist, u), 'utf8');
const referencedIn = (name, from) => from.some((u) => textOf(u).includes(name));
const ortWasm = precached.filter((u) => /(^|\/)ort-wasm-simd-threaded[.\w-]*\.wasm$/.test(u));
const wantedWasm = new RegExp(`(^|/)ort-wasm-simd-threaded${flavour ? `\\.${flavour}` : ''}-[\\w-]+\\.wasm$`);
if (ortWasm.length !== 1)
  fail(`${ortWasm.length} onnxruntime-web binaries are precached (${ortWasm.join(', ')}); the app uses one`);
for (const w of ortWasm) {
  if (!wantedWasm.test(w))
    fail(`${w}: not the ${flavour || 'plain'} build that workers/runtime/env.ts imports (${ortImport})`);
  if (!referencedIn(path.posix.basename(w), scripts)) fail(`${w}: no built script references it`);
}

// --- rule 4 (and 1): any other build file is precached iff something the app loads names it ---
const textRefs = precached.filter((u) => /\.(m?js|css|html|webmanifest)$/.test(u) || u === 'models/manifest.json');
const notLoaded = [];
for (const f of files) {
  if (f.startsWith('models/') || ortWasm.includes(f)) {
    if (!precachedSet.has(f)) fail(`${f} is in the build but not precached (offline it would be missing)`);
    continue;
  }
  const loaded =
    f === 'index.html' ||
    f === 'manifest.webmanifest' ||
    referencedIn(
      path.posix.basename(f),
      textRefs.filter((t) => t !== f),
    );
  if (loaded && !precachedSet.has(f)) fail(`${f} is loaded by the app but not precached (offline it would be missing)`);
  if (!loaded && precachedSet.has(f)) fail(`${f} is precached but nothing the app loads references it`);
  if (!loaded && !precachedSet.has(f)) notLoaded.push(f);
}
for (const w of precached.filter((u) => u.endsWith('.wasm') && !ortWasm.includes(u)))
  if (!referencedIn(path.posix.basename(w), scripts)) fail(`${w}: a precached .wasm no script references`);
for (const [s, text] of scriptText)
  for (const [, p] of text.matchAll(/\/(models\/[\w./-]+\.(?:onnx|json))\b/g))
    if (!precachedSet.has(p) && !p.includes('imported/')) fail(`${s} loads /${p}, which is not precached`);

// --- report ---
const category = (u) =>
  ortWasm.includes(u)
    ? 'ORT wasm'
    : modelOf.has(u)
      ? `model ${modelOf.get(u)}`
      : u.startsWith('models/')
        ? 'models/manifest.json'
        : /\.m?js$/.test(u)
          ? 'scripts'
          : u.startsWith('fonts/')
            ? 'fonts'
            : 'shell (html, css, icons, manifest)';
const totals = new Map();
for (const u of precached) {
  const c = category(u);
  const t = totals.get(c) ?? { bytes: 0, n: 0 };
  t.bytes += fs.existsSync(path.join(dist, u)) ? size(u) : 0;
  t.n++;
  totals.set(c, t);
}
const total = [...totals.values()].reduce((s, t) => s + t.bytes, 0);
const mb = (b) => (b / 1e6).toFixed(2);
console.log(
  `precache of ${path.relative(root, dist) || '.'}: ${precached.length} files, ${mb(total)} MB (${(total / 2 ** 20).toFixed(2)} MiB); budget ${BUDGET_MB} MB`,
);
for (const [c, t] of [...totals].sort((a, b) => b[1].bytes - a[1].bytes))
  console.log(`  ${mb(t.bytes).padStart(7)} MB  ${String(t.n).padStart(3)} files  ${c}`);
if (notLoaded.length) console.log(`  shipped, never loaded, not precached: ${notLoaded.join(', ')}`);
if (total / 1e6 > BUDGET_MB) console.log(`  over the ${BUDGET_MB} MB budget by ${mb(total - BUDGET_MB * 1e6)} MB`);
if (maxMb !== undefined && total / 1e6 > maxMb) fail(`precache ${mb(total)} MB > --max-mb ${maxMb}`);

if (errors.length) {
  console.error(`check-precache: ${errors.length} problem(s):\n${errors.map((e) => `  ✗ ${e}`).join('\n')}`);
  process.exit(1);
}
console.log('check-precache: the precache is exactly what the app loads');
