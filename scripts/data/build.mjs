// `npm run data`: builds data/build/ from the npm packages alone.
//   node scripts/data/build.mjs [--sizes=64,128] [--only=sprites]
import fs from 'node:fs';
import path from 'node:path';
import { buildSprites } from './sprites.mjs';

const args = Object.fromEntries(process.argv.slice(2).map((a) => {
  const [k, v] = a.replace(/^--/, '').split('=');
  return [k, v ?? 'true'];
}));
const sizes = (args.sizes ?? '64,128').split(',').map(Number);
const OUT = path.resolve('data/build');
fs.mkdirSync(OUT, { recursive: true });

const t0 = Date.now();
console.log(`[data] sprites at ${sizes.join(', ')} px → ${OUT}`);
buildSprites(OUT, sizes);
console.log(`[data] done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
