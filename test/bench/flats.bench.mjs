// Flats (issue 13): on a 1024² line-art panel (16 ellipses), in the app's built colorize worker —
// region model build (median of 5), hint re-apply = flat fill + composite with the cached model
// (median of 10, 1–16 hints; no network), its round trip from the page, a re-apply with two
// competing colours in the background region (split.ts: a watershed of ≈ 60 % of the panel) — against today's full
// network re-run on WASM (pipeline incl. model, median of 3 warm runs) in the same page.
// Ratios against the network row.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'vite';

export default async function (ctx) {
  const out = path.join(ctx.distDir, '__bench_flats');
  await build({
    configFile: false,
    root: ctx.root,
    logLevel: 'warn',
    worker: { format: 'es' },
    build: {
      outDir: out,
      emptyOutDir: true,
      target: 'es2022',
      lib: { entry: path.join(ctx.root, 'test/bench/flats.entry.ts'), formats: ['es'], fileName: () => 'flats.js' },
    },
  });
  const workerFile = fs.readdirSync(path.join(ctx.distDir, 'assets')).find((f) => /^colorize\.worker-.*\.js$/.test(f));
  if (!workerFile) throw new Error('dist has no colorize.worker-*.js: build the app first');
  const context = await ctx.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto('/#/status');
  try {
    const r = await page.evaluate(
      async (url) => (await import('/__bench_flats/flats.js')).flatsBench(url, 1024),
      `/assets/${workerFile}`,
    );
    ctx.log(JSON.stringify(r));
    const base = 'colorize 1024²: full network re-run (WASM)';
    return [
      { name: base, value: r.netMs, unit: 'ms 1024²', baseline: true, note: `backend ${r.backend}` },
      { name: `flats 1024²: region model build (${r.regions} regions)`, value: r.buildMs, unit: 'ms 1024²' },
      { name: 'flats 1024²: hint re-apply (fill + composite, in worker)', value: r.reapplyMs, unit: 'ms 1024²' },
      { name: 'flats 1024²: hint re-apply (round trip from the page)', value: r.reapplyRoundTripMs, unit: 'ms 1024²' },
      {
        name: 'flats 1024²: competing hints re-apply (two colours divide the background, in worker)',
        value: r.competeMs,
        unit: 'ms 1024²',
      },
    ];
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
