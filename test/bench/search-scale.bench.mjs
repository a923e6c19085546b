// Reference search at 10k / 100k / 1M vectors (issue 14 #1): per-query latency (median of 20
// queries) of the fast path (int8 codes scanned by WASM SIMD, top k × R rescored in fp32,
// src/core/vectors) and of the exact fp32 VectorIndex scan, as ratios against a plain-JS fp32 loop
// + heap in the same page; the int8 kernel in plain JS (no SIMD) for comparison; recall@10 of the
// fast path vs the exact top-10 (clustered CLIP-like vectors with image-like and text-like queries,
// and uniform random ones — test/bench/search-data.ts); bytes per reference and MB held. 128-d:
// the shipped Toon-CLIP's embedding size (models/clip/CARD.md).
import path from 'node:path';
import fs from 'node:fs';
import { build } from 'vite';

export default async function (ctx) {
  const out = path.join(ctx.distDir, '__bench_search');
  await build({
    configFile: false,
    root: ctx.root,
    logLevel: 'warn',
    build: {
      outDir: out,
      emptyOutDir: true,
      target: 'es2022',
      lib: {
        entry: path.join(ctx.root, 'test/bench/search-scale.entry.ts'),
        formats: ['es'],
        fileName: () => 'search.js',
      },
    },
  });
  const rows = [];
  try {
    const context = await ctx.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto('/');
    await page.locator('toon-app').waitFor();
    for (const n of [10_000, 100_000, 1_000_000]) {
      const r = await page.evaluate(
        async (count) => (await import('/__bench_search/search.js')).searchScale(count, { uniform: count <= 100_000 }),
        n,
      );
      ctx.log(JSON.stringify(r));
      const u = `ms/query ${n / 1000}k`;
      const tag = `${n / 1000}k`;
      rows.push({ name: `${tag}: plain JS fp32 loop + heap`, value: r.plainMs, unit: u, baseline: true });
      rows.push({
        name: `${tag}: VectorIndex exact fp32 scan`,
        value: r.exactMs,
        unit: u,
        note: r.same ? undefined : `${tag}: exact top-10 DIFFERS from plain`,
      });
      rows.push({
        name: `${tag}: fast path (int8 ${r.kernel} scan + fp32 rescore of k×${r.R})`,
        value: r.fastMs,
        unit: u,
      });
      rows.push({ name: `${tag}: int8 scan in plain JS (no SIMD), scan only`, value: r.jsScanMs, unit: u });
      for (const [key, v] of Object.entries({ ...r.recall, ...r.uniformRecall })) {
        rows.push({ name: `${tag}: recall@10 vs exact, ${key}`, value: v, unit: 'recall' });
      }
      if (!r.scoresExact) rows.push({ name: `${tag}: fast scores differ from exact`, value: 1, unit: 'error' });
      rows.push({
        name: `${tag}: bytes per reference in memory (fp32 + int8 + scale)`,
        value: r.bytesPerRef,
        unit: 'bytes',
        ...(n === 10_000 ? { baseline: true } : {}),
      });
      rows.push({ name: `${tag}: MB held by the vectors`, value: r.mb, unit: 'MB' });
    }
    await context.close();
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
  return rows;
}
