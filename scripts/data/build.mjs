// `npm run data`: builds data/build/ from the npm packages alone (+ /usr/bin/python3 with numpy
// and PIL for rendering the eval sets). Reproducible byte for byte; see data/CARD.md.
//   node scripts/data/build.mjs [--sizes=64,128] [--skip-sprites] [--eval-count=500] [--fixtures] [--out=DIR]
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { buildSprites } from './sprites.mjs';
import { buildSpecs } from './specs.mjs';

const args = Object.fromEntries(process.argv.slice(2).map((a) => {
  const [k, v] = a.replace(/^--/, '').split('=');
  return [k, v ?? 'true'];
}));
const sizes = (args.sizes ?? '64,128').split(',').map(Number);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const OUT = path.resolve(args.out ?? path.join(ROOT, 'data/build'));
const PY = process.env.TOONSMITH_PYTHON ?? '/usr/bin/python3';
fs.mkdirSync(OUT, { recursive: true });

function checkPython() {
  const r = spawnSync(PY, ['-c', 'import numpy, PIL; print(numpy.__version__, PIL.__version__)'], { encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(`[data] ${PY} with numpy and PIL is needed to render the eval sets.\n` +
      '       On Debian: apt-get install -y python3-numpy python3-pil (or set TOONSMITH_PYTHON).');
    process.exit(1);
  }
  return r.stdout.trim();
}

function python(script, extra) {
  const r = spawnSync(PY, [path.join(ROOT, 'scripts/data', script), '--build', OUT, ...extra], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const t0 = Date.now();
const pyv = checkPython();
const timing = {};
let t = Date.now();
let meta;
if (args['skip-sprites'] && fs.existsSync(path.join(OUT, 'sprites.json'))) {
  meta = JSON.parse(fs.readFileSync(path.join(OUT, 'sprites.json'), 'utf8')).sprites;
  console.log('[data] sprites: kept existing data/build/sprites_*.npz');
} else {
  console.log(`[data] sprites at ${sizes.join(', ')} px`);
  meta = buildSprites(OUT, sizes).meta;
  timing.sprites = (Date.now() - t) / 1000;
}
t = Date.now();
console.log('[data] scene specs');
const specInfo = await buildSpecs(OUT, meta);
timing.specs = (Date.now() - t) / 1000;
t = Date.now();
console.log(`[data] eval sets (python ${pyv})`);
python('render_sets.py', ['--count', args['eval-count'] ?? '500']);
timing.eval = (Date.now() - t) / 1000;
if (args.fixtures) {
  t = Date.now();
  console.log('[data] fixtures → test/fixtures/dataset');
  python('render_sets.py', ['--fixtures', path.join(ROOT, 'test/fixtures/dataset')]);
  timing.fixtures = (Date.now() - t) / 1000;
}

// Manifest: every output file with size and sha256 (no timestamps: rebuilding must give the same bytes).
const files = [];
const walk = (dir) => {
  for (const name of fs.readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) walk(p);
    else if (name !== 'MANIFEST.json') files.push(p);
  }
};
walk(OUT);
const manifest = {
  version: 1,
  sources: { openmoji: '17.0.0', 'emojibase-data': '17.0.0' },
  sprites: {
    count: meta.length,
    captionable: meta.filter((m) => m.captionable).length,
    panelEligible: meta.filter((m) => m.panel).length,
    heldout: meta.filter((m) => m.heldout).length,
    labels: Object.fromEntries(['en', 'ko', 'ja'].map((l) => [l, meta.filter((m) => m[l]).length])),
  },
  splits: specInfo.stats,
  files: files.map((p) => {
    const buf = fs.readFileSync(p);
    return { path: path.relative(OUT, p), bytes: buf.length, sha256: createHash('sha256').update(buf).digest('hex') };
  }),
};
manifest.totalBytes = manifest.files.reduce((a, f) => a + f.bytes, 0);
fs.writeFileSync(path.join(OUT, 'MANIFEST.json'), JSON.stringify(manifest, null, 1) + '\n');
const secs = ((Date.now() - t0) / 1000).toFixed(1);
console.log(`[data] done in ${secs} s (${Object.entries(timing).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')}); ` +
  `data/build is ${(manifest.totalBytes / 1e6).toFixed(1)} MB`);
