// References open with 5,000 and 50,000 vectors (issue 18 #9 and Benchmark: "opening References
// with 5,000 vectors takes 5.4 s"). The library is written straight into IndexedDB in the page
// (bench setup: N references of the shipped Toon-CLIP model, 128-d unit vectors in 1,024-row
// chunks, one small PNG each), the page reloaded, then References opened with its nav link.
// Rows: time from the click to "N references" on screen with the model ready, and the main
// thread's longest task from the reload on (PerformanceObserver 'longtask'). Ratios against
// the 5,000-vector open of the same run.
import { png } from './bench-files.mjs';
import { SHIPPED_VECTORS_ID } from '../e2e/clip-folders.mjs';

const LONGTASKS = () => {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
};

/** Writes n references with vectors and blobs in one transaction (in the page). */
function seed({ n, dim, image, modelId }) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('toonsmith');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['references', 'vectorChunks', 'blobs'], 'readwrite');
      const bytes = new Uint8Array(image).buffer;
      const CHUNK = 1024;
      let s = 7;
      const rand = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff - 0.5;
      for (let c = 0; c * CHUNK < n; c++) {
        const rows = Math.min(CHUNK, n - c * CHUNK);
        const data = new Float32Array(rows * dim);
        const ids = [];
        for (let r = 0; r < rows; r++) {
          let norm = 0;
          for (let d = 0; d < dim; d++) norm += (data[r * dim + d] = rand()) ** 2;
          for (let d = 0; d < dim; d++) data[r * dim + d] /= Math.sqrt(norm);
          const i = c * CHUNK + r;
          const id = `ref-${i}`;
          ids.push(id);
          tx.objectStore('blobs').put({
            id: `refblob-${i}`,
            type: 'image/png',
            blob: new Blob([bytes], { type: 'image/png' }),
            createdAt: i,
          });
          tx.objectStore('references').put({
            id,
            blobId: `refblob-${i}`,
            name: `ref ${i}.png`,
            tags: [{ label: 'sky', score: 0.3 }],
            modelId,
            chunkId: c + 1,
            row: r,
            createdAt: i,
          });
        }
        tx.objectStore('vectorChunks').put({ id: c + 1, modelId, dim, rows, ids, data: data.buffer });
      }
      tx.oncomplete = () => (db.close(), resolve(n));
      tx.onerror = () => reject(tx.error);
    };
  });
}

async function openWith(ctx, n) {
  const context = await ctx.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto('/');
  await page.locator('toon-strip-view [data-testid=strip-empty]').waitFor();
  await page.evaluate(seed, { n, dim: 128, image: [...png(3, 32, 32)], modelId: SHIPPED_VECTORS_ID });
  await context.addInitScript(LONGTASKS);
  await page.reload();
  await page.locator('toon-strip-view [data-testid=strip-empty]').waitFor();
  const t0 = await page.evaluate(() => performance.now());
  await page.locator('toon-app nav a[data-route=references]').click();
  const view = page.locator('toon-references-view');
  await view
    .locator('[data-testid=refs-count]', { hasText: new RegExp(`\\b${n.toLocaleString('en-US')}\\b|\\b${n}\\b`) })
    .waitFor({ timeout: 300_000 });
  await view
    .locator('[data-testid=refs-model]')
    .filter({ hasText: /Toon-CLIP.*128-d/ })
    .waitFor({ timeout: 300_000 });
  const r = await page.evaluate((from) => {
    const tasks = window.__longTasks;
    const after = tasks.filter((x) => x.start >= from);
    return {
      ms: performance.now() - from,
      longest: Math.max(0, ...tasks.map((x) => x.duration)),
      longestAfterClick: Math.max(0, ...after.map((x) => x.duration)),
      blocked: after.reduce((s, x) => s + x.duration - 50, 0),
    };
  }, t0);
  ctx.log(
    `${n} vectors: open ${r.ms.toFixed(0)} ms, longest task ${r.longest.toFixed(0)} ms (after the click ${r.longestAfterClick.toFixed(0)} ms), blocked ${r.blocked.toFixed(0)} ms`,
  );
  await context.close();
  return r;
}

export default async function (ctx) {
  const small = await openWith(ctx, 5_000);
  const big = await openWith(ctx, 50_000);
  return [
    { name: 'References open, 5,000 vectors: time to list + model', value: small.ms, unit: 'ms', baseline: true },
    { name: 'References open, 50,000 vectors: time to list + model', value: big.ms, unit: 'ms' },
    {
      name: 'References, 5,000 vectors: longest main-thread task',
      value: small.longest,
      unit: 'ms task',
      baseline: true,
    },
    { name: 'References, 50,000 vectors: longest main-thread task', value: big.longest, unit: 'ms task' },
    {
      name: 'References, 5,000 vectors: main thread blocked (Σ long task − 50 ms)',
      value: small.blocked,
      unit: 'ms blocked',
      baseline: true,
    },
    { name: 'References, 50,000 vectors: main thread blocked', value: big.blocked, unit: 'ms blocked' },
  ];
}
