// Restore through the UI (Strip → Import backup), issue 18 (Benchmark): a 300-panel backup
// (300 × 800×120 PNGs, a 20 MB file) and two bombs — the "6 MB expanding to 6 GiB" (60 unnamed
// entries of 100 MiB zeros, over the 2 GB total cap: refused from the directory) and 19 such
// entries (1.9 GiB, under the cap, named by nothing: restored without inflating them). Rows: time
// from choosing the file to the message on screen, the main thread's longest task in that time
// (PerformanceObserver 'longtask'; the restore is unpacked, validated and written in the store
// worker and thumbnails are made in batches, so no step of it is one long task on the page), the
// blocking time (the long tasks' time beyond 50 ms each) and the number of long tasks, and how far the renderer's peak RSS rose above its RSS when
// the file was chosen (proc-memory.mjs). Ratios
// against the 300-panel restore of the same run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backupOf, bombOf } from './bench-files.mjs';
import { peaks, resetPeaks } from './proc-memory.mjs';

const LONGTASKS = () => {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
};

export default async function (ctx) {
  const files = {
    '300 panels': backupOf(300, 800, 120),
    'bomb 6 GiB declared': bombOf(60, 100),
    'bomb 1.9 GiB unnamed': bombOf(19, 100),
  };
  for (const [k, v] of Object.entries(files)) ctx.log(`${k}: ${(v.length / 2 ** 20).toFixed(2)} MiB file`);
  const context = await ctx.newContext({ locale: 'en-US' });
  await context.addInitScript(LONGTASKS);
  const page = await context.newPage();
  await page.goto('/');
  const view = page.locator('toon-strip-view');
  await view.locator('[data-testid=strip-empty]').waitFor();
  const rows = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'toon-restore-bench-'));
  const run = async (label, buffer, expect) => {
    const message = page.locator('toon-notifier [role=status], toon-notifier [role=alert]', { hasText: expect });
    resetPeaks();
    const start = peaks(); // right after the reset: the current RSS
    const t0 = await page.evaluate(() => performance.now());
    // (Given as a file on disk: a 20 MB buffer through the protocol takes longer than the restore.)
    const file = path.join(dir, `${label}.toonsmith.zip`);
    fs.writeFileSync(file, buffer);
    await view.locator('[data-testid=backup-input]').setInputFiles(file, { timeout: 120_000 });
    await message.first().waitFor({ timeout: 300_000 });
    const r = await page.evaluate((from) => {
      const t = performance.now();
      const tasks = window.__longTasks.filter((x) => x.start >= from);
      return {
        ms: t - from,
        longest: Math.max(0, ...tasks.map((x) => x.duration)),
        blocked: tasks.reduce((n, x) => n + x.duration - 50, 0),
        count: tasks.length,
      };
    }, t0);
    const text = await message.first().innerText();
    const mem = peaks();
    const grew = mem.renderer !== null && start.renderer !== null ? mem.renderer - start.renderer : null;
    ctx.log(
      `${label}: ${r.ms.toFixed(0)} ms, longest task ${r.longest.toFixed(0)} ms (${r.count} long tasks, ${r.blocked.toFixed(0)} ms blocked), renderer peak ${mem.renderer?.toFixed(0)} MiB (+${grew?.toFixed(0)} over its RSS at the start) — "${text.slice(0, 80)}"`,
    );
    return { ...r, mib: mem.renderer, grew };
  };
  const full = await run('300-panels', files['300 panels'], /Backup imported: Bench 300 panels/);
  await view.locator('[data-testid=panel-item]').nth(299).waitFor();
  const bomb = await run(
    'bomb-6gib',
    files['bomb 6 GiB declared'],
    /bomb-6gib\.toonsmith\.zip: this backup is larger than Toonsmith restores/,
  );
  const unnamed = await run('bomb-1.9gib-unnamed', files['bomb 1.9 GiB unnamed'], /Backup imported: Bomb/);
  rows.push(
    { name: 'restore 300 panels: time to message', value: full.ms, unit: 'ms', baseline: true },
    { name: 'bomb 6 GiB declared: time to refuse', value: bomb.ms, unit: 'ms' },
    { name: 'bomb 1.9 GiB unnamed: time to restore (nothing inflated)', value: unnamed.ms, unit: 'ms' },
    { name: 'restore 300 panels: longest main-thread task', value: full.longest, unit: 'ms task', baseline: true },
    { name: 'bomb 6 GiB: longest main-thread task', value: bomb.longest, unit: 'ms task' },
    { name: 'bomb 1.9 GiB unnamed: longest main-thread task', value: unnamed.longest, unit: 'ms task' },
    // Total blocking time: what the long tasks held the page beyond 50 ms each (input waits that long).
    { name: 'restore 300 panels: main-thread blocking time', value: full.blocked, unit: 'ms blocked', baseline: true },
    { name: 'bomb 1.9 GiB unnamed: main-thread blocking time', value: unnamed.blocked, unit: 'ms blocked' },
    { name: 'restore 300 panels: long tasks (> 50 ms)', value: full.count, unit: 'tasks' },
  );
  if (full.grew !== null) {
    rows.push(
      { name: 'restore 300 panels: renderer peak RSS over its start', value: full.grew, unit: 'MiB', baseline: true },
      { name: 'bomb 6 GiB: renderer peak RSS over its start', value: bomb.grew, unit: 'MiB' },
      { name: 'bomb 1.9 GiB unnamed: renderer peak RSS over its start', value: unnamed.grew, unit: 'MiB' },
      {
        name: 'renderer peak RSS after the three restores',
        value: unnamed.mib,
        unit: 'MiB total',
        note: 'peak resident size of the page process (page + workers)',
      },
    );
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return rows;
}
