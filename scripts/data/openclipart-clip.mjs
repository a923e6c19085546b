// Openclipart (Debian `openclipart-svg`, public domain) → Toon-CLIP pairs (issue 14): every usable
// drawing at 64 px with its words (title, keywords, category path), for training the vision tower
// and for the held-out retrieval evaluation (models/clip/openclipart.py).
//
//   node scripts/data/openclipart-clip.mjs [--size=64] [--splits=train,val,test] [--out=data/build/openclipart-clip]
//
// Same split by file as the colorizer's set (scripts/data/openclipart.mjs `splitOf`, fixed salt), so
// a drawing held out there is held out here. Each SVG is rendered twice on white, fitted and centred:
// "color" (as drawn) and "line" (strokes only, black). Kept when: ≤ 300 kB, no raster <image>, it
// renders, and ≥ 3 % of the colour render is not paper (L* < 95 or chroma > 5). No flats filter: any
// drawing teaches concepts. Output: <out>/<split>.npz (color u1[N,S,S,3], line u1[N,S,S,3]) +
// <split>.json ({ files: [{ file, title, keywords }] }) — the metadata is read from the SVG's RDF
// (the first dc:title of the cc:Work, its dc:subject rdf:li keywords).
import fs from 'node:fs';
import path from 'node:path';
import { writeNpz } from './npz.mjs';
import { listSvgs, render, splitOf, strokesOnly } from './openclipart.mjs';

const ROOT = '/usr/share/openclipart';
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const S = Number(args.size ?? 64);
const SPLITS = (args.splits ?? 'train,val,test').split(',');
const OUT = args.out ?? 'data/build/openclipart-clip';
const MAX_BYTES = 300_000;

const unescape = (s) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&')
    .trim();

/** Title and keywords from the SVG's metadata (empty when absent). */
export function svgWords(svg) {
  const work = /<cc:Work\b[\s\S]*?<\/cc:Work>/.exec(svg)?.[0] ?? '';
  const title = unescape(/<dc:title>([^<]*)<\/dc:title>/.exec(work)?.[1] ?? '');
  const subject = /<dc:subject>([\s\S]*?)<\/dc:subject>/.exec(work)?.[1] ?? '';
  const keywords = [...subject.matchAll(/<rdf:li>([^<]*)<\/rdf:li>/g)].map((m) => unescape(m[1])).filter(Boolean);
  return { title, keywords };
}

function notPaperShare(rgb) {
  let n = 0;
  for (let i = 0; i < rgb.length; i += 3) {
    const r = rgb[i], g = rgb[i + 1], b = rgb[i + 2];
    if (Math.min(r, g, b) < 235 || Math.max(r, g, b) - Math.min(r, g, b) > 12) n++;
  }
  return n / (rgb.length / 3);
}

async function main() {
  if (!fs.existsSync(ROOT)) {
    console.error(`[openclipart-clip] ${ROOT} is missing. On Debian: apt-get install -y openclipart-svg`);
    process.exit(1);
  }
  const files = listSvgs(ROOT);
  fs.mkdirSync(OUT, { recursive: true });
  for (const split of SPLITS) {
    const color = [];
    const line = [];
    const kept = [];
    const reasons = {};
    for (const file of files) {
      const rel = path.relative(ROOT, file);
      if (splitOf(rel) !== split) continue;
      let why = null;
      try {
        const svg = fs.readFileSync(file, 'utf8');
        if (svg.length > MAX_BYTES) why = 'too big';
        else if (/<image\b/.test(svg)) why = 'raster image';
        else {
          const c = render(svg, S);
          if (notPaperShare(c) < 0.03) why = 'mostly paper';
          else {
            const l = render(strokesOnly(svg), S);
            color.push(c);
            line.push(l);
            kept.push({ file: rel, ...svgWords(svg) });
          }
        }
      } catch (e) {
        why = `error ${String(e?.message ?? e).slice(0, 40)}`;
      }
      if (why) reasons[why.split(' ')[0]] = (reasons[why.split(' ')[0]] ?? 0) + 1;
    }
    const N = kept.length;
    const cArr = new Uint8Array(N * S * S * 3);
    const lArr = new Uint8Array(N * S * S * 3);
    color.forEach((c, i) => cArr.set(c, i * S * S * 3));
    line.forEach((l, i) => lArr.set(l, i * S * S * 3));
    writeNpz(path.join(OUT, `${split}.npz`), [
      { name: 'color', data: cArr, dtype: 'u1', shape: [N, S, S, 3] },
      { name: 'line', data: lArr, dtype: 'u1', shape: [N, S, S, 3] },
    ]);
    fs.writeFileSync(path.join(OUT, `${split}.json`), JSON.stringify({ size: S, files: kept, rejected: reasons }, null, 1));
    console.log(`[openclipart-clip] ${split}: kept ${N} (${JSON.stringify(reasons)})`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
