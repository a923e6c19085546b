// Diffusion in the built app's Generate view with the SHIPPED model (models/diffusion/toon-diffusion,
// served at /models/diffusion/toon-diffusion/, precached by the service worker), at the model's own
// resolution (image_size from its model_index.json, read back from the result canvas), WASM vs
// WebGPU. WebGPU is labelled from the page's adapter (software when isFallbackAdapter or a
// SwiftShader/llvmpipe adapter — page-probes.mjs, as the colorize bench); a WebGPU choice that fell
// back to WASM is said in the row names.
//
// Per backend, in a fresh browser context of the same browser (so each backend's first load is a
// real first visit: empty HTTP cache, no service worker, no Cache Storage, no IndexedDB; rows are
// still ratios within one process):
//   1. first visit: #/strip, the backend setting (diffusion.backend) written, then #/generate →
//      the default shipped model loads — the page is not yet controlled by the service worker
//      (clientsClaim off), so the files come from the network (the local preview server) while the
//      service worker installs and precaches; fresh worker, so ORT's wasm is fetched and compiled.
//      `data-load-ms` = the worker's loadModel (fetch + sessions + validation);
//   2. two 8-step panels (guidance 3 = CFG batch 2, text only): the first includes kernel/shader
//      compilation, the second is warm (step, decode and text times are the worker's own); then
//      (WASM only) a third with a photo as the image prompt (vae_encoder + image_proj, 80-token
//      context), warm, against the warm text-only panel;
//   3. peak RSS (VmHWM, reset before the backend's context starts: proc-memory.mjs) of the page's
//      renderer (page + workers, WASM heaps) and of the GPU process (WebGPU buffers) over 1–2, then
//      measureUserAgentSpecificMemory (page-probes.mjs; a point sample after the panels, not a peak);
//   4. 'model load from cache': once the service worker is active, a reload — the same folder is
//      loaded again in a fresh worker, its files now answered from the precache (Cache Storage);
//      the rows compare it with this backend's first load, and the log counts the model-file
//      responses served by the service worker.
// Smoke fixture (test/fixtures/diffusion/smoke-model, 64 px): one cheap WASM warm-panel row after
// the shipped model's WASM rows (BENCH_GENERATE_SMOKE=0 skips it); no WebGPU run of it (tens of
// seconds on a software adapter).
import fs from 'node:fs';
import { ROOT, gen, pickSmokeModel, setNumber } from '../e2e/gen-helpers.mjs';
import { peaks, resetPeaks } from './proc-memory.mjs';
import { adapterInfo, uaMemory } from './page-probes.mjs';

const SHIPPED = '/models/diffusion/toon-diffusion/';
const STEPS = 8;
const GUIDANCE = 3;
const PROMPT = 'A cat and a dog under a tree at night';

async function panel(page) {
  const canvas = gen(page).locator('[data-testid=generate-result]');
  const before = await canvas.getAttribute('data-seed').catch(() => null);
  await gen(page).locator('[data-testid=generate-run]').click();
  await page.waitForFunction(
    (prev) => {
      const c = document
        .querySelector('toon-app')
        ?.shadowRoot?.querySelector('toon-generate-view')
        ?.shadowRoot?.querySelector('[data-testid=generate-result]');
      return c?.dataset.totalMs && c.dataset.seed !== prev;
    },
    before,
    { timeout: 600_000 },
  );
  const d = await canvas.evaluate((c) => ({ ...c.dataset, width: c.width, height: c.height }));
  return {
    total: Number(d.totalMs),
    step: Number(d.stepMs),
    decode: Number(d.decodeMs),
    text: Number(d.textMs),
    backend: d.backend,
    size: `${d.width}×${d.height}`,
  };
}

async function setupPanels(page) {
  await gen(page).locator('[data-testid=init-none]').check();
  await gen(page).locator('[data-testid=generate-prompt]').fill(PROMPT);
  await setNumber(gen(page).locator('#steps'), STEPS);
  await setNumber(gen(page).locator('#guidance'), GUIDANCE);
}

/** The shipped model's status once loaded → { load (ms), backend, text }. */
async function shippedLoaded(page) {
  const status = gen(page).locator('[data-testid=generate-model][data-source=shipped]');
  await status.waitFor({ timeout: 300_000 });
  const [load, backend, text] = await Promise.all([
    status.getAttribute('data-load-ms'),
    status.getAttribute('data-backend'),
    status.innerText(),
  ]);
  return { load: Number(load), backend, text };
}

/** Writes the Generate backend setting into the app's IndexedDB (once the app has created it). */
function presetBackend(page, backend) {
  return page.evaluate(async (value) => {
    for (let i = 0; i < 600 && !(await indexedDB.databases()).some((d) => d.name === 'toonsmith'); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const db = await new Promise((res, rej) => {
      const r = indexedDB.open('toonsmith');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    try {
      if (!db.objectStoreNames.contains('settings')) throw new Error('the app has no settings store yet');
      await new Promise((res, rej) => {
        const tx = db.transaction('settings', 'readwrite');
        tx.objectStore('settings').put({ key: 'diffusion.backend', value });
        tx.oncomplete = res;
        tx.onerror = () => rej(tx.error);
      });
    } finally {
      db.close();
    }
  }, backend);
}

export default async function (ctx) {
  const rows = [];
  let gpu;
  const smoke = process.env.BENCH_GENERATE_SMOKE !== '0';
  for (const backend of ['wasm', 'webgpu']) {
    const context = await ctx.newContext({ locale: 'en-US' });
    const model = { page: 0, fromSw: 0, swNetwork: 0 };
    context.on('response', (r) => {
      if (!new URL(r.url()).pathname.startsWith(SHIPPED)) return;
      if (r.request().serviceWorker()) model.swNetwork++;
      else {
        model.page++;
        if (r.fromServiceWorker()) model.fromSw++;
      }
    });
    const page = await context.newPage();
    const resetOk = resetPeaks();
    // 1. first visit
    await page.goto('/#/strip');
    await page.locator('toon-app').waitFor({ state: 'attached', timeout: 60_000 });
    if (backend === 'wasm') {
      gpu = await adapterInfo(page);
      ctx.log(
        `WebGPU adapter: ${gpu ? `${gpu.text}${gpu.software ? ' (software)' : ''}` : 'none'}; crossOriginIsolated ${await page.evaluate(() => crossOriginIsolated)}`,
      );
    } else if (!gpu) {
      ctx.log('no WebGPU adapter in this browser: WebGPU rows skipped');
      await context.close();
      continue;
    }
    await presetBackend(page, backend);
    const controlledFirst = await page.evaluate(() => !!navigator.serviceWorker?.controller);
    await page.evaluate(() => (location.hash = '#/generate'));
    const first = await shippedLoaded(page);
    const firstFiles = { ...model };
    const fell = first.backend !== backend;
    const label =
      backend === 'wasm'
        ? 'wasm'
        : `webgpu (${gpu.software ? 'software, SwiftShader' : 'hardware'})${fell ? ` → fell back to ${first.backend}` : ''}`;
    ctx.log(
      `${label}: ${first.text} first load ${first.load} ms (page controlled by the SW: ${controlledFirst}; model files: ${firstFiles.page} responses, ${firstFiles.fromSw} from the SW)`,
    );
    // 2. panels
    await setupPanels(page);
    const p1 = await panel(page);
    const p2 = await panel(page);
    ctx.log(`${label}: ${JSON.stringify({ first: p1, warm: p2 })}`);
    let pIp;
    if (backend === 'wasm') {
      await gen(page).locator('[data-testid=init-photo]').check();
      await gen(page)
        .locator('[data-testid=init-photo-input]')
        .setInputFiles({
          name: 'cat.png',
          mimeType: 'image/png',
          buffer: fs.readFileSync(`${ROOT}test/fixtures/dataset/sprites/1F431.png`),
        });
      await gen(page).locator('[data-testid=init-use]').selectOption('prompt');
      await panel(page);
      pIp = await panel(page);
      ctx.log(`${label} with an image prompt: ${JSON.stringify(pIp)}`);
      await gen(page).locator('[data-testid=init-none]').check();
    }
    // 3. memory
    const peak = peaks();
    const ua = await uaMemory(page);
    if (ua.why) ctx.log(`measureUserAgentSpecificMemory ${label}: ${ua.why}`);
    // 4. second load of the same folder, from the service worker's precache
    await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      const w = reg.active;
      if (w && w.state !== 'activated')
        await new Promise((r) => w.addEventListener('statechange', () => w.state === 'activated' && r()));
    });
    Object.assign(model, { page: 0, fromSw: 0, swNetwork: 0 });
    await page.reload();
    const cached = await shippedLoaded(page);
    const controlled = await page.evaluate(() => !!navigator.serviceWorker?.controller);
    ctx.log(
      `${label}: load from cache ${cached.load} ms on ${cached.backend} (page controlled by the SW: ${controlled}; model files: ${model.page} responses, ${model.fromSw} from the SW, ${model.swNetwork} SW network fetches)`,
    );

    const size = p2.size;
    const vs = (n) => (backend === 'wasm' ? {} : { baseline: `wasm: ${n}` });
    const row = (n, value, extra = {}) => ({ name: `${label}: ${n}`, value, unit: 'ms', ...vs(n), ...extra });
    const firstName = 'model load, first visit (network, fresh worker)';
    rows.push(
      row(firstName, first.load),
      row('model load from cache (reload: SW precache, fresh worker)', cached.load, {
        baseline: `${label}: ${firstName}`,
      }),
      row(`first panel, ${size}, ${STEPS} steps (incl. compilation)`, p1.total),
      row(`warm panel, ${size}, ${STEPS} steps`, p2.total),
      row('warm median step (CFG batch 2)', p2.step),
      row('warm VAE decode', p2.decode),
      row('warm text encoding (cond + uncond)', p2.text),
    );
    if (pIp)
      rows.push(
        row(`warm panel with a photo as the image prompt, ${size}, ${STEPS} steps`, pIp.total, {
          baseline: `${label}: warm panel, ${size}, ${STEPS} steps`,
        }),
      );
    if (p2.backend && p2.backend !== backend) ctx.log(`${label}: the panels ran on ${p2.backend}`);
    const note = resetOk
      ? 'VmHWM from /proc, reset before this backend (first load + 2 panels)'
      : 'VmHWM from /proc; reset refused, peak since process start';
    const mem = (n, value, extra = {}) => ({ name: `${label}: ${n}`, value, unit: 'MiB', ...vs(n), ...extra });
    if (peak.renderer !== null) rows.push(mem('peak RSS, page renderer (page + workers)', peak.renderer, { note }));
    if (peak.gpu !== null) rows.push(mem('peak RSS, GPU process', peak.gpu, { note }));
    if (!ua.why)
      rows.push(
        mem('measureUserAgentSpecificMemory after the panels', ua.mib, {
          note: 'page + workers (JS, DOM, shared), a point sample after the panels, not a peak',
        }),
      );

    if (backend === 'wasm' && smoke) {
      await pickSmokeModel(page, ctx.log);
      await setupPanels(page);
      await panel(page);
      const s = await panel(page);
      ctx.log(`smoke fixture wasm: ${JSON.stringify(s)}`);
      rows.push({
        name: `smoke fixture (test/fixtures, ${s.size}) wasm: warm panel, ${STEPS} steps`,
        value: s.total,
        unit: 'ms',
        baseline: `wasm: warm panel, ${size}, ${STEPS} steps`,
      });
    }
    await context.close();
  }
  return rows;
}
