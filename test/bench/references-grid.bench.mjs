// The References library grid with 1,000 and 10,000 references (issue 14 #2): the references are
// seeded in the stored shape (no thumbnails yet: each window's thumbnails are made lazily in the
// image worker as it comes into view — the worst case; imported references have theirs already),
// References opened with its nav link, then the grid scrolled like a person with the keyboard
// (PageDown ×20, End, Home), each step waiting for the window to move and its thumbnails to show.
// Rows: the main thread's longest task while scrolling (PerformanceObserver 'longtask'), Σ(long
// task − 50 ms), cells in the DOM at most, and time from End to the last thumbnail shown. Ratios
// against the 1,000-reference run.
import { png } from './bench-files.mjs';
import { seedReferences } from '../e2e/refs-grid-seed.mjs';

async function scrollWith(ctx, n) {
  const context = await ctx.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto('/#/strip');
  await page.locator('toon-strip-view[data-idle]').waitFor({ state: 'attached', timeout: 60_000 });
  await seedReferences(page, { n, image: [...png(5, 800, 600)] });
  await page.locator('toon-app nav a[data-route=references]').click();
  const view = page.locator('toon-references-view');
  await view
    .locator('[data-testid=refs-count]')
    .filter({ hasText: `${n.toLocaleString('en-US')} references` })
    .waitFor({ timeout: 300_000 });
  await page.evaluate(() => {
    window.__lt = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) window.__lt.push(e.duration);
    }).observe({ type: 'longtask' });
  });
  // Opening "All references" (its first render and thumbnails) counts too.
  await view.locator('[data-testid=refs-grid-toggle]').click();
  const vp = view.locator('toon-ref-grid [data-testid=refs-grid]');
  await vp.scrollIntoViewIfNeeded();
  const settled = (lastIndex) =>
    page.waitForFunction(
      (i) => {
        const g = document
          .querySelector('toon-app')
          .shadowRoot.querySelector('toon-references-view')
          .shadowRoot.querySelector('toon-ref-grid');
        const items = [...g.shadowRoot.querySelectorAll('[data-testid=refs-grid-item]')];
        const vpr = g.shadowRoot.querySelector('[data-testid=refs-grid]').getBoundingClientRect();
        const vis = items.filter((li) => {
          const r = li.getBoundingClientRect();
          return r.bottom > vpr.top && r.top < vpr.bottom;
        });
        return (
          (i === undefined || items.some((li) => Number(li.dataset.index) === i)) &&
          vis.length > 0 &&
          vis.every((li) => {
            const img = li.querySelector('img');
            return img && img.complete && img.naturalWidth > 0;
          })
        );
      },
      lastIndex,
      { timeout: 120_000 },
    );
  await settled(0);
  const openLongest = Math.max(0, ...(await page.evaluate(() => window.__lt.splice(0))));
  await vp.focus();
  let maxCells = 0;
  const cells = () => vp.evaluate((el) => el.querySelectorAll('[data-testid=refs-grid-item]').length);
  for (let i = 0; i < 20; i++) {
    const before = await vp.evaluate((el) => el.scrollTop);
    await page.keyboard.press('PageDown');
    await page.waitForFunction(
      (b) =>
        document
          .querySelector('toon-app')
          .shadowRoot.querySelector('toon-references-view')
          .shadowRoot.querySelector('toon-ref-grid')
          .shadowRoot.querySelector('[data-testid=refs-grid]').scrollTop > b,
      before,
    );
    await settled();
    maxCells = Math.max(maxCells, await cells());
  }
  const t0 = await page.evaluate(() => performance.now());
  await page.keyboard.press('End');
  await settled(n - 1);
  const endMs = (await page.evaluate(() => performance.now())) - t0;
  maxCells = Math.max(maxCells, await cells());
  await page.keyboard.press('Home');
  await settled(0);
  const lt = await page.evaluate(() => window.__lt);
  await context.close();
  const r = {
    openLongest,
    longest: Math.max(0, ...lt),
    blocked: lt.reduce((s, d) => s + Math.max(0, d - 50), 0),
    count: lt.length,
    maxCells,
    endMs,
  };
  ctx.log(`${n}: ${JSON.stringify(r)}`);
  return r;
}

export default async function (ctx) {
  const small = await scrollWith(ctx, 1_000);
  // BENCH_GRID_BIG=0 skips the 10,000-reference run (seeding it takes minutes on a loaded machine).
  if (process.env.BENCH_GRID_BIG === '0') return rows(small).filter((r) => !/10,000/.test(r.name));
  const big = await scrollWith(ctx, 10_000);
  return rows(small, big);
}

function rows(small, big = small) {
  return [
    {
      name: 'grid scroll, 1,000 references: longest main-thread task',
      value: small.longest,
      unit: 'ms task',
      baseline: true,
    },
    { name: 'grid scroll, 10,000 references: longest main-thread task', value: big.longest, unit: 'ms task' },
    {
      name: 'grid open (first render + thumbnails), 1,000 references: longest main-thread task',
      value: small.openLongest,
      unit: 'ms task',
      baseline: 'grid scroll, 1,000 references: longest main-thread task',
    },
    {
      name: 'grid open (first render + thumbnails), 10,000 references: longest main-thread task',
      value: big.openLongest,
      unit: 'ms task',
      baseline: 'grid scroll, 1,000 references: longest main-thread task',
    },
    {
      name: 'grid scroll, 1,000 references: Σ(long task − 50 ms)',
      value: small.blocked,
      unit: 'ms blocked',
      baseline: true,
    },
    { name: 'grid scroll, 10,000 references: Σ(long task − 50 ms)', value: big.blocked, unit: 'ms blocked' },
    { name: 'grid, 1,000 references: cells in the DOM (max)', value: small.maxCells, unit: 'cells', baseline: true },
    { name: 'grid, 10,000 references: cells in the DOM (max)', value: big.maxCells, unit: 'cells' },
    {
      name: 'grid, 1,000 references: End → last thumbnails shown (made lazily)',
      value: small.endMs,
      unit: 'ms',
      baseline: true,
    },
    { name: 'grid, 10,000 references: End → last thumbnails shown (made lazily)', value: big.endMs, unit: 'ms' },
  ];
}
