// Flats evaluation (issue 13): hints → one flat colour per region, against today's network.
//
//   node models/colorizer/eval_flats.mjs --phase=val [--n=30] [--variants=a,b]  # choose the line-extraction
//        options (region model variants below: lines, gray stroke rule, kind rule, tiny-region merging;
//        methods gap, flood, perfect — no network; also prints kind detection, regions per panel and
//        how many pixels of tiny GT regions get their GT colour)
//   node models/colorizer/eval_flats.mjs --phase=val --choose=auto [--n=30] [--model=x.onnx] [--out=f.json]
//        # choose the automatic-colour options (and, with --model, compare candidate weights on val)
//   node models/colorizer/eval_flats.mjs --phase=test [--n=40]   # every method on the test splits, once
//     [--sources=dataset/test_comp,dataset/test_emoji,openclipart/test] [--out=eval-flats-test.json]
//     [--methods=net,flood,gap,gap+auto,perfect,oracle]   (net and gap+auto run the network: slow)
//     [--gt=line|color]   (GT regions: line-bounded, default; or colour-defined)
//
// Needs data/build/eval/*.npz (`npm run data`) and data/build/openclipart/{val,test}.npz
// (`node scripts/data/openclipart.mjs --splits=val,test --max=60`, Debian `openclipart-svg`).
// Protocol, metrics and results: models/colorizer/EVAL.md, "Flats (issue 13)".
// Writes models/colorizer/eval-flats-<phase>.json and prints the tables (markdown).
import { unzipSync } from 'fflate';
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-web';
import { importTs } from '../../scripts/data/tsload.mjs';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const PHASE = args.phase ?? 'test';
const N = Number(args.n ?? (PHASE === 'val' ? 30 : 40));
const KS = [0, 1, 2, 5, 10, 20];
const KINDS = ['lineart', 'gray'];
const HINT_RADIUS = 2;
const GT = args.gt ?? 'line'; // GT region definition (eval_flats_lib.ts gtRegions)
const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '../..');

const lib = await importTs(path.join(here, 'eval_flats_lib.ts'));
const GT_INK = Number(args.gtInk ?? lib.GT_INK); // GT line threshold (default 128 = 50 % ink)

function readNpz(file, names) {
  const files = unzipSync(fs.readFileSync(file), { filter: (f) => names.includes(f.name.replace(/\.npy$/, '')) });
  const out = {};
  for (const [name, b] of Object.entries(files)) {
    const hl = b[8] | (b[9] << 8);
    const header = Buffer.from(b.subarray(10, 10 + hl)).toString('latin1');
    const descr = /'descr':\s*'([^']+)'/.exec(header)[1];
    const shape = /'shape':\s*\(([^)]*)\)/
      .exec(header)[1]
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map(Number);
    if (descr !== '|u1') throw new Error(`${file}:${name}: dtype ${descr}`);
    out[name.replace(/\.npy$/, '')] = { data: b.subarray(10 + hl), shape };
  }
  return out;
}

function panels(source, split, n) {
  const file =
    source === 'dataset'
      ? path.join(root, 'data/build/eval', `${split}.npz`)
      : path.join(root, 'data/build/openclipart', `${split}.npz`);
  if (!fs.existsSync(file)) throw new Error(`missing ${file} (see the header of this script)`);
  const d = readNpz(file, ['color', 'line', 'gray', 'mask']);
  const [count, H, W] = d.line.shape;
  const list = [];
  for (let i = 0; i < Math.min(n, count); i++)
    list.push({
      id: `${source}/${split}/${i}`,
      width: W,
      height: H,
      color: d.color.data.subarray(i * W * H * 3, (i + 1) * W * H * 3),
      ink: d.line.data.subarray(i * W * H, (i + 1) * W * H),
      gray: d.gray?.data.subarray(i * W * H, (i + 1) * W * H),
      mask: d.mask?.data.subarray(i * W * H, (i + 1) * W * H),
    });
  return list;
}

ort.env.wasm.numThreads = 1;
const modelFile = path.resolve(args.model ?? path.join(here, 'colorizer.onnx')); // --model=: a candidate (early stop on val)
let session;
const run = async (gray, hints, w, h) => {
  session ??= await ort.InferenceSession.create(fs.readFileSync(modelFile), { executionProviders: ['wasm'] });
  const out = await session.run({
    gray: new ort.Tensor('float32', gray, [1, 1, h, w]),
    hints: new ort.Tensor('float32', hints, [1, 3, h, w]),
  });
  return out.ab.data;
};

const hintSets = ['one', ...KS.map(String)];
const ALL_METHODS = ['net', 'flood', 'gap', 'gap+auto', 'perfect', 'oracle'];
const METHODS = (args.methods ?? (PHASE === 'val' ? 'gap,flood,perfect' : ALL_METHODS.join(','))).split(',');
for (const m of METHODS)
  if (!ALL_METHODS.includes(m)) throw new Error(`unknown method ${m} (${ALL_METHODS.join(', ')})`);
const needsNet = METHODS.includes('net') || METHODS.includes('gap+auto') || args.choose === 'auto';

/**
 * Region-model variants compared on val (buildRegions options; 'old' = the first version's
 * lines: the dark rule alone). The chosen one is the app's default (src/core/regions/lines.ts).
 */
const VARIANTS = {
  old: { lines: { coverage: 1 } },
  default: {},
  'r2-c50': { lines: { paperRadius: 2, coverage: 0.5, weak: 0.5 } },
  'r2-c50-w35': { lines: { paperRadius: 2, coverage: 0.5, weak: 0.35 } },
  'r2-c50-w25': { lines: { paperRadius: 2, coverage: 0.5, weak: 0.25 } },
  'r3-c50-w35': { lines: { paperRadius: 3, coverage: 0.5, weak: 0.35 } },
  'r2-c40-w25': { lines: { paperRadius: 2, coverage: 0.4, weak: 0.25 } },
  'r2-c60-w35': { lines: { paperRadius: 2, coverage: 0.6, weak: 0.35 } },
  'default-nocap': { floodShare: 1 },
  'default-splitnecks': { necks: false },
  'r2-c50-w35-splitnecks': { lines: { paperRadius: 2, coverage: 0.5, weak: 0.35 }, necks: false },
  'r2-c50-w35-nocap': { lines: { paperRadius: 2, coverage: 0.5, weak: 0.35 }, floodShare: 1 },
  // third version (gray stroke rule, kind detection, tiny-region merging); kind 'known' = the
  // panel's true kind passed as the user's choice (isolates the line rule from detection errors)
  prev: { grayLines: false, kindRule: 'paper', minRegion: 0 },
  'prev-known': { grayLines: false, kind: 'known', minRegion: 0 },
  'kind-paper': { kindRule: 'paper' },
  ...Object.fromEntries(
    [
      [4, 0.05],
      [4, 0.1],
      [6, 0.05],
      [6, 0.07],
      [6, 0.1],
      [6, 0.2],
      [10, 0.05],
      [10, 0.1],
      [16, 0.1],
    ].map(([delta, share]) => [`kind-d${delta}-s${Math.round(share * 100)}`, { kindRule: { delta, share } }]),
  ),
  ...Object.fromEntries(
    [0, 2, 3, 4, 6].map((R) => [`gray-R${R}-known`, { kind: 'known', lines: { grayDarkRadius: R } }]),
  ),
  ...Object.fromEntries(
    [4, 8, 16, 32].map((a) => [`gray-speck${a}-known`, { kind: 'known', lines: { toneSpeck: a } }]),
  ),
  ...Object.fromEntries([4, 8, 16, 32, 64].map((a) => [`tiny${a}`, { minRegion: a }])),
  // fourth version (session 13): competing hints divide a region (the app's default since; `split:
  // false` = the latest hint wins the whole region, as before), gray-only stroke coverage
  // (default since: 0.35 / 0.2; `nan` = the line-art cuts, as before), screentone cells (not kept)
  'latest-wins': { split: false, lines: { grayCoverage: NaN, grayWeak: NaN, toneCells: false } },
  split: { split: true, lines: { grayCoverage: NaN, grayWeak: NaN, toneCells: false } },
  'split-gray-cells': { split: true, lines: { toneCells: true, grayCoverage: NaN, grayWeak: NaN } },
  'split-gray-c40-w20': { split: true, lines: { grayCoverage: 0.4, grayWeak: 0.2, toneCells: false } },
  'split-gray-c35-w20': { split: true, lines: { grayCoverage: 0.35, grayWeak: 0.2, toneCells: false } },
  'split-gray-c50-w20': { split: true, lines: { grayCoverage: 0.5, grayWeak: 0.2, toneCells: false } },
  'split-gray-c40-w20-cells': { split: true, lines: { toneCells: true, grayCoverage: 0.4, grayWeak: 0.2 } },
  'split-gray-c40-w20-cells-known': {
    split: true,
    kind: 'known',
    lines: { toneCells: true, grayCoverage: 0.4, grayWeak: 0.2 },
  },
  // session 21: the screentone speck size under the current defaults (a trial's 4 × 4-px dots are
  // exactly 16 px and stayed lines, cutting a toned bag into cells)
  ...Object.fromEntries([12, 17, 20, 25, 32].map((a) => [`speck${a}`, { lines: { toneSpeck: a } }])),
  // first pass (before competing hints): the latest hint wins, as in the third version
  'gray-cells-known': { split: false, kind: 'known', lines: { toneCells: true, grayCoverage: NaN, grayWeak: NaN } },
  'gray-cells': { split: false, lines: { toneCells: true, grayCoverage: NaN, grayWeak: NaN } },
  ...Object.fromEntries(
    [
      [0.35, 0.2],
      [0.4, 0.25],
      [0.5, 0.2],
      [0.4, 0.2],
    ].map(([c, w]) => [
      `gray-c${c * 100}-w${w * 100}-cells-known`,
      { split: false, kind: 'known', lines: { toneCells: true, grayCoverage: c, grayWeak: w } },
    ]),
  ),
};
const buildOpts = (name) => {
  const v = VARIANTS[name];
  if (!v) throw new Error(`unknown variant ${name} (${Object.keys(VARIANTS).join(', ')})`);
  return { ...v, ...(args.gap !== undefined ? { gap: Number(args.gap) } : {}) };
};

/** Per (panel, kind): input, GT, models, hint sets — shared by every method. */
async function prepare(p, kind, opts0 = args.gap !== undefined ? { gap: Number(args.gap) } : {}) {
  const opts = opts0.kind === 'known' ? { ...opts0, kind } : opts0;
  const rgba = lib.inputRgba(p, kind);
  const gt = lib.gtRegions(p, GT, GT_INK);
  const inputLab = lib.labsOf(rgba, p.width * p.height);
  const gap = lib.buildRegions(rgba, p.width, p.height, opts);
  const plain = lib.plainModel(rgba, p.width, p.height, opts.lines, opts.grayLines === false ? 'lineart' : gap.linesAs);
  const ab = needsNet ? await lib.netAb(rgba, p.width, p.height, run) : null;
  const sets = {};
  for (const s of hintSets) {
    // same hints for both kinds and every method: seed = panel id + hint set
    const rand = lib.mulberry32(lib.hashSeed(`${p.id}|${s}`));
    const regions = s === 'one' ? gt.hintable.slice() : lib.pickRegions(gt, Number(s), rand);
    sets[s] = { regions, hints: lib.hintsFor(gt, regions, p.width, p.height, rand, HINT_RADIUS) };
  }
  return {
    rgba,
    gt,
    inputLab,
    gap,
    plain,
    ab,
    sets,
    detected: gap.kind,
    lineShare: lib.lineShare(gt, gap),
    lineAgree: lib.lineAgreement(p, gap, GT_INK),
  };
}

function emptyAcc() {
  return {
    coverage: [],
    covered95: [],
    leakage: [],
    leakageOff: [],
    deSum: 0,
    deN: 0,
    tinyOk: 0,
    tinyN: 0,
    psnr: [],
    ssim: [],
  };
}
function add(acc, m) {
  if (!Number.isNaN(m.coverage)) {
    acc.coverage.push(m.coverage);
    acc.covered95.push(m.covered95);
  }
  if (!Number.isNaN(m.leakage)) acc.leakage.push(m.leakage);
  if (!Number.isNaN(m.leakageOff)) acc.leakageOff.push(m.leakageOff);
  acc.deSum += m.deSum;
  acc.tinyOk += m.tinyOk;
  acc.tinyN += m.tinyN;
  acc.deN += m.deN;
  acc.psnr.push(m.psnr);
  acc.ssim.push(m.ssim);
}
const mean = (v) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN);
function summary(acc) {
  return {
    coverage: mean(acc.coverage),
    covered95: mean(acc.covered95),
    leakage: mean(acc.leakage),
    leakageOff: mean(acc.leakageOff),
    chromaDE: acc.deN ? acc.deSum / acc.deN : NaN,
    tinyRight: acc.tinyN ? acc.tinyOk / acc.tinyN : NaN,
    psnr: mean(acc.psnr),
    ssim: mean(acc.ssim),
    n: acc.psnr.length,
  };
}

const started = Date.now();
const log = (s) => console.error(`[${((Date.now() - started) / 1000).toFixed(0)} s] ${s}`);

if (PHASE === 'val' && args.choose !== 'auto') {
  // line-extraction options: one hint per GT region and k = 5, methods gap / flood / perfect
  const sources = [
    ['dataset', 'val'],
    ['openclipart', 'val'],
  ];
  const names = (args.variants ?? Object.keys(VARIANTS).join(',')).split(',');
  const sets = ['one', '5'];
  const acc = {};
  const agree = {};
  const nRegions = {};
  const kindOk = {};
  for (const [source, split] of sources) {
    for (const p of panels(source, split, N)) {
      for (const kind of KINDS)
        for (const name of names) {
          const prep = await prepare(p, kind, buildOpts(name));
          const ka = (kindOk[name] ??= { lineart: [0, 0], gray: [0, 0] });
          ka[kind][0] += prep.detected === kind ? 1 : 0;
          ka[kind][1]++;
          (agree[`${name}|${source}|${kind}`] ??= []).push(prep.lineAgree);
          (nRegions[`${name}|${source}|${kind}`] ??= []).push(prep.gap.regions.length);
          (nRegions[`GT|${source}|${kind}`] ??= []).push(prep.gt.hintable.length);
          for (const s of sets) {
            const { regions, hints } = prep.sets[s];
            for (const m of METHODS) {
              if (m === 'perfect' && name !== names[0]) continue; // independent of the variant
              const model =
                m === 'flood' ? prep.plain : m === 'perfect' ? lib.perfectModel(p, prep.gt, prep.rgba) : prep.gap;
              const res =
                m === 'gap' && VARIANTS[name].split !== false
                  ? (({ model: sm, fill }) => lib.composite(sm, prep.rgba, fill.colors, kind).rgba)(
                      lib.resolveHints(model, hints, prep.rgba),
                    )
                  : lib.composite(model, prep.rgba, lib.flatFill(model, hints).colors, kind).rgba;
              const key = `${m === 'perfect' ? 'perfect' : name}|${m}|${source}|${kind}|${s}`;
              acc[key] ??= emptyAcc();
              add(acc[key], lib.metrics(p, prep.gt, kind, regions, res, prep.inputLab, false));
            }
          }
        }
      log(p.id);
    }
  }
  const table = Object.fromEntries(Object.entries(acc).map(([k, a]) => [k, summary(a)]));
  const agreement = Object.fromEntries(
    Object.entries(agree).map(([k, v]) => [
      k,
      { recall: mean(v.map((a) => a.recall)), precision: mean(v.map((a) => a.precision)) },
    ]),
  );
  const f = (v, d = 3) => (Number.isNaN(v) || v === undefined ? '—' : v.toFixed(d));
  const cols = [];
  for (const [source] of sources) for (const kind of KINDS) cols.push(`${source}|${kind}`);
  console.log(
    `\n**val, one hint per GT region** — coverage / leakage / leakage off GT lines (n = ${N} per source); line recall / precision vs GT lines\n`,
  );
  console.log(
    `| variant | method | ${cols.join(' | ')} | mean coverage (gap) |\n|---|---|${cols.map(() => '---').join('|')}|---|`,
  );
  const score = {};
  for (const name of [...names, 'perfect'])
    for (const m of METHODS) {
      if ((name === 'perfect') !== (m === 'perfect')) continue;
      const cells = cols.map((c) => {
        const [source, kind] = c.split('|');
        const t = table[`${name}|${m}|${source}|${kind}|one`];
        const a = agreement[`${name}|${source}|${kind}`];
        return t
          ? `${f(t.coverage)} / ${f(t.leakage)} / ${f(t.leakageOff)}${a && m === 'gap' ? ` (${f(a.recall, 2)} / ${f(a.precision, 2)})` : ''}`
          : '—';
      });
      const cov = mean(
        cols.map((c) => table[`${name}|${m}|${c.split('|')[0]}|${c.split('|')[1]}|one`]?.coverage ?? NaN),
      );
      if (m === 'gap') score[name] = cov;
      console.log(`| ${name} | ${m} | ${cells.join(' | ')} | ${f(cov)} |`);
    }
  const k5 = cols.map((c) => c);
  console.log(`\n**val, k = 5** — coverage / leakage / leakage off GT lines (gap)\n`);
  console.log(`| variant | ${k5.join(' | ')} |\n|---|${k5.map(() => '---').join('|')}|`);
  for (const name of names)
    console.log(
      `| ${name} | ${k5
        .map((c) => {
          const t = table[`${name}|gap|${c.split('|')[0]}|${c.split('|')[1]}|5`];
          return t ? `${f(t.coverage)} / ${f(t.leakage)} / ${f(t.leakageOff)}` : '—';
        })
        .join(' | ')} |`,
    );
  console.log(
    `\n**val, one hint per GT region: tiny GT regions (< 16 px, never hinted) — share of their pixels within ΔE00 10 of the GT colour** (gap)\n`,
  );
  console.log(`| variant | ${k5.join(' | ')} |\n|---|${k5.map(() => '---').join('|')}|`);
  for (const name of names)
    console.log(
      `| ${name} | ${k5.map((c) => f(table[`${name}|gap|${c.split('|')[0]}|${c.split('|')[1]}|one`]?.tinyRight ?? NaN)).join(' | ')} |`,
    );
  console.log(`\nkind detection per variant: ${JSON.stringify(kindOk)}`);
  const regionsMean = Object.fromEntries(Object.entries(nRegions).map(([k, v]) => [k, mean(v)]));
  console.log(
    `regions per panel (GT = hintable GT regions): ${JSON.stringify(Object.fromEntries(Object.entries(regionsMean).map(([k, v]) => [k, +v.toFixed(1)])))}`,
  );
  const best = Object.entries(score).reduce((a, b) => (b[1] > a[1] ? b : a));
  console.log(`highest mean coverage (gap, one per region): ${best[0]} ${f(best[1])}`);
  fs.writeFileSync(
    path.resolve(here, args.out ?? 'eval-flats-val-lines.json'),
    JSON.stringify(
      {
        phase: 'val',
        choose: 'lines',
        gt: GT,
        n: N,
        sources,
        variants: Object.fromEntries(names.map((v) => [v, VARIANTS[v]])),
        table,
        agreement,
        kindDetection: kindOk,
        regionsPerPanel: regionsMean,
        best: best[0],
      },
      null,
      1,
    ),
  );
} else if (PHASE === 'val') {
  const sources = [
    ['dataset', 'val'],
    ['openclipart', 'val'],
  ];
  const variants = [];
  const boosts = (args.boosts ?? '0').split(',').map(Number); // line-art chroma floor (AutoOptions.lineartChroma)
  for (const pool of (args.pools ?? 'median,mean').split(','))
    for (const minChroma of (args.minChromas ?? '0,4,8').split(',').map(Number))
      for (const lineartChroma of boosts)
        for (const lineartMinChroma of (args.lineartMins ?? '0').split(',').map(Number))
          variants.push({ pool, minChroma, lineartChroma, lineartMinChroma });
  // baseline, never chosen: "leave uncoloured" (no region reaches this chroma)
  variants.push({ pool: 'median', minChroma: 1e9, baseline: 'uncoloured' });
  const acc = variants.map(() => ({}));
  const kindOk = { lineart: [0, 0], gray: [0, 0] };
  for (const [source, split] of sources) {
    for (const p of panels(source, split, N)) {
      for (const kind of KINDS) {
        const prep = await prepare(p, kind);
        kindOk[kind][0] += prep.detected === kind ? 1 : 0;
        kindOk[kind][1]++;
        for (const s of hintSets) {
          const { regions, hints } = prep.sets[s];
          variants.forEach((v, vi) => {
            const res = lib.autoResult(prep.rgba, kind, hints, prep.gap, prep.ab, v);
            const key = `${source}|${kind}|${s}`;
            acc[vi][key] ??= emptyAcc();
            add(acc[vi][key], lib.metrics(p, prep.gt, kind, regions, res, prep.inputLab, false));
          });
        }
      }
      log(`${p.id}`);
    }
  }
  // choice: lowest chromatic ΔE*ab averaged over sources, kinds and k ∈ KS (not the 'one' set)
  const scored = variants.map((v, vi) => {
    const keys = Object.keys(acc[vi]).filter((k) => !k.endsWith('|one'));
    const de = mean(keys.map((k) => summary(acc[vi][k]).chromaDE));
    return { ...v, chromaDE: de, table: Object.fromEntries(Object.entries(acc[vi]).map(([k, a]) => [k, summary(a)])) };
  });
  const best = scored.filter((v) => !v.baseline).reduce((a, b) => (b.chromaDE < a.chromaDE ? b : a));
  const out = {
    phase: 'val',
    gt: GT,
    n: N,
    sources,
    model: path.basename(modelFile),
    hintRadius: HINT_RADIUS,
    kindDetection: kindOk,
    variants: scored,
    chosen: {
      pool: best.pool,
      minChroma: best.minChroma,
      lineartChroma: best.lineartChroma,
      lineartMinChroma: best.lineartMinChroma,
    },
  };
  fs.writeFileSync(path.resolve(here, args.out ?? 'eval-flats-val.json'), JSON.stringify(out, null, 1));
  console.log(
    '| pool | min chroma | line-art chroma | line-art min chroma | chromatic ΔE*ab (mean over sources × kinds × k) | line art, k = 0: dataset / openclipart ΔE*ab | line art, k = 0: dataset / openclipart PSNR |\n|---|---|---|---|---|---|---|',
  );
  for (const v of scored)
    console.log(
      `| ${v.baseline ?? v.pool} | ${v.baseline ? '—' : v.minChroma} | ${v.baseline ? '—' : (v.lineartChroma ?? 0)} | ${v.baseline ? '—' : (v.lineartMinChroma ?? 0)} | ${v.chromaDE.toFixed(2)}${v === best ? ' **chosen**' : ''} | ${v.table['dataset|lineart|0'].chromaDE.toFixed(2)} / ${v.table['openclipart|lineart|0'].chromaDE.toFixed(2)} | ${v.table['dataset|lineart|0'].psnr.toFixed(2)} / ${v.table['openclipart|lineart|0'].psnr.toFixed(2)} |`,
    );
  console.log(`kind detection (val): ${JSON.stringify(kindOk)}`);
} else {
  const valFile = path.join(here, 'eval-flats-val.json');
  // the pooling chosen on val (eval-flats-val.json); the line-art options default to the app's
  // (AUTO_LINEART_CHROMA / AUTO_LINEART_MIN_CHROMA) unless given (--lineartChroma=, --lineartMin=: the
  // before/after of a change in one protocol)
  const auto = {
    ...(fs.existsSync(valFile)
      ? JSON.parse(fs.readFileSync(valFile, 'utf8')).chosen
      : { pool: 'median', minChroma: 4 }),
    ...(args.lineartChroma !== undefined ? { lineartChroma: Number(args.lineartChroma) } : {}),
    ...(args.lineartMin !== undefined ? { lineartMinChroma: Number(args.lineartMin) } : {}),
  };
  const sources = (args.sources ?? 'dataset/test_comp,dataset/test_emoji,openclipart/test')
    .split(',')
    .map((s) => s.split('/'));
  const methods = METHODS;
  const lineShares = { lineart: [], gray: [] };
  const agree = { lineart: [], gray: [] };
  const acc = {};
  const kindOk = { lineart: [0, 0], gray: [0, 0] };
  const regionsPer = [];
  for (const [source, split] of sources) {
    for (const p of panels(source, split, N)) {
      for (const kind of KINDS) {
        const prep = await prepare(p, kind);
        kindOk[kind][0] += prep.detected === kind ? 1 : 0;
        kindOk[kind][1]++;
        lineShares[kind].push(prep.lineShare);
        agree[kind].push(prep.lineAgree);
        if (kind === 'lineart')
          regionsPer.push({
            gt: prep.gt.hintable.length,
            found: prep.gap.regions.length,
            plain: prep.plain.regions.length,
          });
        for (const s of hintSets) {
          const { regions, hints } = prep.sets[s];
          const res = await lib.runMethods(
            prep.rgba,
            p.width,
            p.height,
            kind,
            hints,
            { plain: prep.plain, gap: prep.gap, ab: prep.ab },
            run,
            auto,
            methods,
          );
          if (methods.includes('oracle')) res.oracle = lib.gtRgba(p);
          if (methods.includes('perfect')) {
            const pm = lib.perfectModel(p, prep.gt, prep.rgba);
            res.perfect = lib.composite(pm, prep.rgba, lib.flatFill(pm, hints).colors, kind).rgba;
          }
          for (const m of methods) {
            const key = `${source}/${split}|${kind}|${s}|${m}`;
            acc[key] ??= emptyAcc();
            add(acc[key], lib.metrics(p, prep.gt, kind, regions, res[m], prep.inputLab));
          }
        }
      }
      log(p.id);
    }
  }
  const table = Object.fromEntries(Object.entries(acc).map(([k, a]) => [k, summary(a)]));
  const out = {
    phase: 'test',
    gt: GT,
    n: N,
    sources,
    methods,
    lineShare: { lineart: mean(lineShares.lineart), gray: mean(lineShares.gray) },
    lineAgreement: Object.fromEntries(
      KINDS.map((k) => [
        k,
        { recall: mean(agree[k].map((a) => a.recall)), precision: mean(agree[k].map((a) => a.precision)) },
      ]),
    ),
    model: path.basename(modelFile),
    hintRadius: HINT_RADIUS,
    auto,
    kindDetection: kindOk,
    regions: {
      gtHintable: mean(regionsPer.map((r) => r.gt)),
      gapModel: mean(regionsPer.map((r) => r.found)),
      plainFlood: mean(regionsPer.map((r) => r.plain)),
    },
    table,
  };
  fs.writeFileSync(path.resolve(here, args.out ?? 'eval-flats-test.json'), JSON.stringify(out, null, 1));
  const f = (v, d = 3) => (Number.isNaN(v) ? '—' : v.toFixed(d));
  for (const [source, split] of sources)
    for (const kind of KINDS) {
      console.log(
        `\n**${source}/${split}, ${kind} input** (n = ${table[`${source}/${split}|${kind}|one|${methods[0]}`].n}) — coverage / leakage / leakage off GT lines / chromatic ΔE*ab / PSNR / SSIM\n`,
      );
      console.log(`| hints | ${methods.join(' | ')} |\n|---|${methods.map(() => '---').join('|')}|`);
      for (const s of hintSets) {
        const cells = methods.map((m) => {
          const t = table[`${source}/${split}|${kind}|${s}|${m}`];
          return `${f(t.coverage)} / ${f(t.leakage)} / ${f(t.leakageOff)} / ${f(t.chromaDE, 2)} / ${f(t.psnr, 2)} / ${f(t.ssim)}`;
        });
        console.log(`| ${s === 'one' ? 'one per region' : `k = ${s}`} | ${cells.join(' | ')} |`);
      }
    }
  console.log(
    `\nGT regions: ${GT}; share of GT region pixels the region model calls lines: ${JSON.stringify(out.lineShare)}; GT line pixels (ink ≥ 50 %) the region model calls lines (recall) / its line pixels that are GT lines (precision): ${JSON.stringify(out.lineAgreement)}`,
  );
  console.log(
    `kind detection: ${JSON.stringify(kindOk)}; regions (line art): ${JSON.stringify(out.regions)}; auto options: ${JSON.stringify(auto)}`,
  );
}
