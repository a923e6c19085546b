// Writes the scene specs of every split as gzipped JSON lines (data/build/specs/<split>.jsonl.gz),
// using the TS generator (specgen.ts) and caption templates (src/core/captions).
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync, strToU8 } from 'fflate';
import { importTs } from './tsload.mjs';

const HERE = path.dirname(new URL(import.meta.url).pathname);

export const SPLIT_COUNTS = { train: 30000, val: 500, test_comp: 500, test_emoji: 500 };
export const DATASET_SEED = 1;

export async function loadSpecgen() {
  return importTs(path.join(HERE, 'specgen.ts'));
}

export async function buildSpecs(outDir, meta, counts = SPLIT_COUNTS, log = console.log) {
  const g = await loadSpecgen();
  const pools = g.makePools(meta);
  fs.mkdirSync(path.join(outDir, 'specs'), { recursive: true });
  const stats = {};
  for (const [split, n] of Object.entries(counts)) {
    const t0 = Date.now();
    const specs = g.generateSplit(pools, split, n, DATASET_SEED);
    const text = specs.map((s) => JSON.stringify(s)).join('\n') + '\n';
    const gz = gzipSync(strToU8(text), { level: 9, mtime: 0 });
    fs.writeFileSync(path.join(outDir, 'specs', `${split}.jsonl.gz`), gz);
    const sprites = new Set(specs.flatMap((s) => s.objects.map((o) => o.sprite)));
    stats[split] = { panels: n, distinctSprites: sprites.size, distinctCompositions: new Set(specs.map((s) => s.comp)).size, bytes: gz.length };
    log(`  specs/${split}.jsonl.gz: ${n} panels, ${(gz.length / 1e6).toFixed(2)} MB (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
  return {
    stats,
    pools: { trainBases: pools.trainBases.length, heldBases: pools.heldBases.length },
  };
}
