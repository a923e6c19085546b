// Openclipart (Debian `openclipart-svg`, public domain) → (line art, flats) pairs for the
// colorizer's training and for the flats evaluation (models/colorizer/eval_flats.mjs).
//
//   node scripts/data/openclipart.mjs [--size=128] [--splits=val,test] [--max=400] [--out=data/build/openclipart]
//
// Each SVG is rendered twice with @resvg/resvg-js on white, its longer side fitted to `size` and
// centred on a square canvas: "full" (the drawing as is → the colour / flats ground truth) and
// "strokes only" (every fill removed, every stroke black, opacity 1 → the line art). Kept when:
// the line art inks 1–35 % of the canvas, ≥ 15 % of the canvas is not paper, ≥ 5 % is chromatic
// (chroma > 10), no raster <image>, and it is made of flats: the line-bounded regions (4-connected
// non-line pixels, ≥ 16 px) agree with their median colour (ΔE*ab ≤ 10) on ≥ 80 % of their pixels.
// Split by file (fixed salt): sha256("toonsmith-openclipart-v1:" + path) → u ∈ [0, 1):
// u < 0.10 test, u < 0.15 val, else train. Files are visited in sorted order; `--max` caps each split.
// Output: <out>/<split>.npz (color u1[N,S,S,3], line u1[N,S,S] = ink 0..255) + <split>.json (files).
import { Resvg } from '@resvg/resvg-js';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeNpz } from './npz.mjs';

const ROOT = '/usr/share/openclipart';
const SALT = 'toonsmith-openclipart-v1:';
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const SIZE = Number(args.size ?? 128);
const S = SIZE;
const SPLITS = (args.splits ?? 'val,test').split(',');
const MAX = Number(args.max ?? 400);
const OUT = args.out ?? 'data/build/openclipart';
const MAX_BYTES = 300_000;

export function splitOf(rel) {
  const h = crypto.createHash('sha256').update(SALT + rel).digest();
  const u = h.readUInt32BE(0) / 2 ** 32;
  return u < 0.1 ? 'test' : u < 0.15 ? 'val' : 'train';
}

/** Every .svg under `dir`, in sorted order (the split and `--max` depend on it). */
export function listSvgs(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.svg')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Strokes only: fills → none (root default too), strokes → black, opacities → 1. */
export function strokesOnly(svg) {
  let s = svg
    .replace(/\bfill\s*=\s*"(?!none")[^"]*"/g, 'fill="none"')
    .replace(/\bfill\s*=\s*'(?!none')[^']*'/g, "fill='none'")
    .replace(/([;"'\s{])fill\s*:\s*(?!none)[^;"'}]+/g, '$1fill:none')
    .replace(/\bstroke\s*=\s*"(?!none")[^"]*"/g, 'stroke="#000000"')
    .replace(/([;"'\s{])stroke\s*:\s*(?!none)[^;"'}]+/g, '$1stroke:#000000')
    .replace(/\b(stroke-opacity|opacity|fill-opacity)\s*=\s*"[^"]*"/g, '$1="1"')
    .replace(/([;"'\s{])(stroke-opacity|opacity)\s*:\s*[^;"'}]+/g, '$1$2:1')
    .replace(/\bfilter\s*=\s*"[^"]*"/g, '')
    .replace(/([;"'\s{])filter\s*:\s*[^;"'}]+/g, '$1filter:none');
  s = s.replace(/<svg\b/, '<svg fill="none"');
  return s;
}

export function render(svg, S = SIZE) {
  const probe = new Resvg(svg, { font: { loadSystemFonts: false } });
  const w = probe.width;
  const h = probe.height;
  if (!(w > 0 && h > 0)) throw new Error('empty size');
  const r = new Resvg(svg, { fitTo: w >= h ? { mode: 'width', value: S } : { mode: 'height', value: S }, background: 'white', font: { loadSystemFonts: false } }).render();
  const out = new Uint8Array(S * S * 3).fill(255);
  const ox = Math.floor((S - r.width) / 2);
  const oy = Math.floor((S - r.height) / 2);
  const px = r.pixels;
  for (let y = 0; y < Math.min(S, r.height); y++)
    for (let x = 0; x < Math.min(S, r.width); x++) {
      const i = (y * r.width + x) * 4;
      const j = ((y + oy) * S + (x + ox)) * 3;
      const a = px[i + 3] / 255; // background is white, but be safe
      for (let c = 0; c < 3; c++) out[j + c] = Math.round(px[i + c] * a + 255 * (1 - a));
    }
  return out;
}

const lin = (c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const f = (t) => (t > (6 / 29) ** 3 ? Math.cbrt(t) : t / (3 * (6 / 29) ** 2) + 4 / 29);
function lab(r, g, b) {
  const R = lin(r / 255), G = lin(g / 255), B = lin(b / 255);
  const X = (0.4124564 * R + 0.3575761 * G + 0.1804375 * B) / 0.95047;
  const Y = 0.2126729 * R + 0.7151522 * G + 0.072175 * B;
  const Z = (0.0193339 * R + 0.119192 * G + 0.9503041 * B) / 1.08883;
  return [116 * f(Y) - 16, 500 * (f(X) - f(Y)), 200 * (f(Y) - f(Z))];
}

/** Quality checks; returns null when kept, else the reason. */
export function check(color, line) {
  const n = S * S;
  let ink = 0, notPaper = 0, chromatic = 0;
  const L = new Float32Array(n), A = new Float32Array(n), B = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const [l, a, b] = lab(color[i * 3], color[i * 3 + 1], color[i * 3 + 2]);
    L[i] = l; A[i] = a; B[i] = b;
    if (line[i] >= 128) ink++;
    if (l < 95 || Math.hypot(a, b) > 5) notPaper++;
    if (Math.hypot(a, b) > 10) chromatic++;
  }
  if (ink < 0.01 * n || ink > 0.35 * n) return `ink ${(ink / n).toFixed(3)}`;
  if (notPaper < 0.15 * n) return 'mostly paper';
  if (chromatic < 0.05 * n) return 'not chromatic';
  // flats: line-bounded regions agree with their median colour
  const lab3 = new Int32Array(n).fill(-1);
  let agree = 0, total = 0;
  const stack = [];
  for (let s = 0; s < n; s++) {
    if (lab3[s] !== -1 || line[s] >= 128) continue;
    const members = [];
    lab3[s] = s;
    stack.push(s);
    while (stack.length) {
      const p = stack.pop();
      members.push(p);
      const x = p % S;
      for (const q of [x > 0 ? p - 1 : -1, x < S - 1 ? p + 1 : -1, p - S, p + S])
        if (q >= 0 && q < n && lab3[q] === -1 && line[q] < 128) {
          lab3[q] = s;
          stack.push(q);
        }
    }
    if (members.length < 16) continue;
    const med = (arr) => { const v = members.map((p) => arr[p]).sort((a, b) => a - b); return v[v.length >> 1]; };
    const m = [med(L), med(A), med(B)];
    for (const p of members) if (Math.hypot(L[p] - m[0], A[p] - m[1], B[p] - m[2]) <= 10) agree++;
    total += members.length;
  }
  if (!total || agree < 0.8 * total) return `not flat ${(agree / Math.max(1, total)).toFixed(2)}`;
  return null;
}

async function main() {
  if (!fs.existsSync(ROOT)) {
    console.error(`[openclipart] ${ROOT} is missing. On Debian: apt-get install -y openclipart-svg`);
    process.exit(1);
  }
  const files = listSvgs(ROOT);
  fs.mkdirSync(OUT, { recursive: true });
  for (const split of SPLITS) {
    const color = [];
    const line = [];
    const kept = [];
    const reasons = {};
    let seen = 0;
    for (const file of files) {
      if (kept.length >= MAX) break;
      const rel = path.relative(ROOT, file);
      if (splitOf(rel) !== split) continue;
      seen++;
      let why;
      try {
        const st = fs.statSync(file);
        const svg = fs.readFileSync(file, 'utf8');
        if (st.size > MAX_BYTES) why = 'too big';
        else if (/<image\b/.test(svg)) why = 'raster image';
        else {
          const c = render(svg);
          const l3 = render(strokesOnly(svg));
          const ink = new Uint8Array(S * S);
          for (let i = 0; i < S * S; i++) ink[i] = 255 - Math.round((l3[i * 3] + l3[i * 3 + 1] + l3[i * 3 + 2]) / 3);
          why = check(c, ink);
          if (!why) {
            color.push(c);
            line.push(ink);
            kept.push(rel);
          }
        }
      } catch (e) {
        why = `error ${String(e.message ?? e).slice(0, 40)}`;
      }
      if (why) {
        const k = why.split(' ')[0];
        reasons[k] = (reasons[k] ?? 0) + 1;
      }
    }
    const N = kept.length;
    const cArr = new Uint8Array(N * S * S * 3);
    const lArr = new Uint8Array(N * S * S);
    color.forEach((c, i) => cArr.set(c, i * S * S * 3));
    line.forEach((l, i) => lArr.set(l, i * S * S));
    writeNpz(path.join(OUT, `${split}.npz`), [
      { name: 'color', data: cArr, dtype: 'u1', shape: [N, S, S, 3] },
      { name: 'line', data: lArr, dtype: 'u1', shape: [N, S, S] },
    ]);
    fs.writeFileSync(path.join(OUT, `${split}.json`), JSON.stringify({ size: S, salt: SALT, seen, kept, rejected: reasons }, null, 1));
    console.log(`[openclipart] ${split}: kept ${N} of ${seen} visited (${JSON.stringify(reasons)})`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
