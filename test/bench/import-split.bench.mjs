// Import + split of an 800×20000 strip: image worker vs the same code on the main thread
// (main-thread blocking from long tasks); IndexedDB write and read of 200 panels.
// The entry (import-split.entry.ts) is bundled with vite into dist/__bench/ and imported into
// the built app's page, so it runs under the app's origin, CSP and headers.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'vite';

export default async function (ctx) {
  const out = path.join(ctx.root, 'dist/__bench');
  await build({
    configFile: false,
    root: ctx.root,
    logLevel: 'warn',
    worker: { format: 'es' },
    build: {
      outDir: out,
      emptyOutDir: true,
      target: 'es2022',
      lib: {
        entry: path.join(ctx.root, 'test/bench/import-split.entry.ts'),
        formats: ['es'],
        fileName: () => 'import-split.js',
      },
    },
  });
  try {
    const context = await ctx.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto('/');
    await page.locator('toon-app').waitFor();
    const r = await page.evaluate(async () => {
      const m = await import('/__bench/import-split.js');
      const file = await m.makeStrip(20000, 14);
      const worker1 = await m.importSplitInWorker(file); // includes worker start
      const main1 = await m.importSplitOnMain(file);
      const worker2 = await m.importSplitInWorker(file);
      const main2 = await m.importSplitOnMain(file);
      const idb = await m.idbPanels(200);
      return { size: file.size, worker1, main1, worker2, main2, idb };
    });
    ctx.log(`strip PNG ${(r.size / 1e6).toFixed(2)} MB → ${r.worker2.panels} panels (main: ${r.main2.panels})`);
    ctx.log(JSON.stringify(r));
    const w = (k) => Math.min(r.worker1[k], r.worker2[k]);
    const m = (k) => Math.min(r.main1[k], r.main2[k]);
    return [
      { name: 'import+split on main thread: wall', value: m('wallMs'), unit: 'ms', baseline: true },
      {
        name: 'import+split in worker: wall',
        value: w('wallMs'),
        unit: 'ms',
        baseline: 'import+split on main thread: wall',
      },
      { name: 'main thread: blocked (sum of long tasks − 50 ms)', value: m('blockedMs'), unit: 'ms blocked' },
      {
        name: 'worker: main thread blocked',
        value: w('blockedMs'),
        unit: 'ms blocked',
        baseline: 'main thread: blocked (sum of long tasks − 50 ms)',
      },
      { name: 'main thread: longest task', value: m('longestTaskMs'), unit: 'ms task' },
      {
        name: 'worker: longest main-thread task',
        value: w('longestTaskMs'),
        unit: 'ms task',
        baseline: 'main thread: longest task',
      },
      { name: `IDB write 200 panels × 256 KiB, one tx each`, value: r.idb.writeEachMs, unit: 'ms idb', baseline: true },
      { name: 'IDB write 200 panels, one tx', value: r.idb.writeBatchMs, unit: 'ms idb' },
      { name: 'IDB read 200 panels (list + blobs)', value: r.idb.readMs, unit: 'ms idb' },
    ];
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
