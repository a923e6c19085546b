// "Colour as <name>" matcher (src/core/regions/palette-match.ts) on held-out openclipart drawings:
// the palette is learnt from a drawing (every region of the line art gets an entry = its GT flat,
// quantized; regions of the same colour share an entry), then matched on a moved (case "move":
// +20, +16 px) or moved and 1.25× enlarged (case "scale", nearest) copy of the same line art.
// Reports the share of the copy's regions given the right entry, a wrong one, or none.
//   node models/colorizer/eval_palette.mjs [--split=test|val] [--maxCost=2.5] [--n=all]
import { unzipSync } from 'fflate';
import fs from 'node:fs';
import path from 'node:path';
import { importTs } from '../../scripts/data/tsload.mjs';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const here = path.dirname(new URL(import.meta.url).pathname);
const lib = await importTs(path.join(here, 'eval_palette_lib.ts'));
const SPLIT = args.split ?? 'test';
const maxCost = args.maxCost === undefined ? undefined : Number(args.maxCost);
const z = unzipSync(fs.readFileSync(path.resolve(here, `../../data/build/openclipart/${SPLIT}.npz`)));
const arr = (b) => {
  const hl = b[8] | (b[9] << 8);
  const shape = /'shape':\s*\(([^)]*)\)/
    .exec(Buffer.from(b.subarray(10, 10 + hl)).toString('latin1'))[1]
    .split(',')
    .filter((s) => s.trim())
    .map(Number);
  return { data: b.subarray(10 + hl), shape };
};
const line = arr(z['line.npy']);
const color = arr(z['color.npy']);
const [N, S] = line.shape;
const n = Math.min(N, Number(args.n ?? N));
const cases = { move: { scale: 1, dx: 20, dy: 16 }, scale: { scale: 1.25, dx: 12, dy: 20 } };
const out = {};
for (const [name, tf] of Object.entries(cases)) {
  const acc = { regions: 0, correct: 0, wrong: 0, none: 0, drawings: 0 };
  for (let k = 0; k < n; k++) {
    const r = lib.paletteCase(
      line.data.subarray(k * S * S, (k + 1) * S * S),
      color.data.subarray(k * S * S * 3, (k + 1) * S * S * 3),
      S,
      tf,
      maxCost,
    );
    if (!r) continue;
    acc.drawings++;
    for (const key of ['regions', 'correct', 'wrong', 'none']) acc[key] += r[key];
  }
  out[name] = {
    ...acc,
    correctShare: acc.correct / acc.regions,
    wrongShare: acc.wrong / acc.regions,
    noneShare: acc.none / acc.regions,
  };
  console.log(
    `${name}: ${acc.drawings} drawings, ${acc.regions} regions: correct ${((100 * acc.correct) / acc.regions).toFixed(1)} %, wrong ${((100 * acc.wrong) / acc.regions).toFixed(1)} %, unmatched ${((100 * acc.none) / acc.regions).toFixed(1)} %`,
  );
}
fs.writeFileSync(
  path.join(here, `eval-palette-${SPLIT}${maxCost === undefined ? '' : `-c${maxCost}`}.json`),
  JSON.stringify({ split: `openclipart/${SPLIT}`, n, maxCost, cases, out }, null, 1),
);
