// Diffusion (smoke SD-style folder, test/fixtures/diffusion/smoke-model, 64 px) in the built app's
// Generate view: model load, time per step and per panel on WASM vs WebGPU in the same page
// (WebGPU here is SwiftShader, a software adapter — said in the row names). Per backend: the
// model is (re)loaded, then two 8-step panels (guidance 3 = CFG batch 2): the first includes
// kernel/shader compilation, the second is warm.
import { gen, pickSmokeModel, setNumber } from '../e2e/gen-helpers.mjs';

async function panel(page) {
  const canvas = gen(page).locator('[data-testid=generate-result]');
  const before = await canvas.getAttribute('data-seed').catch(() => null);
  await gen(page).locator('[data-testid=generate-run]').click();
  await page.waitForFunction((prev) => {
    const c = document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-generate-view')?.shadowRoot
      ?.querySelector('[data-testid=generate-result]');
    return c?.dataset.totalMs && c.dataset.seed !== prev;
  }, before, { timeout: 300_000 });
  const d = await canvas.evaluate((c) => ({ ...c.dataset }));
  return { total: Number(d.totalMs), step: Number(d.stepMs), decode: Number(d.decodeMs), text: Number(d.textMs) };
}

export default async function (ctx) {
  const context = await ctx.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await pickSmokeModel(page, ctx.log);
  const adapter = await page.evaluate(async () => {
    const a = await navigator.gpu?.requestAdapter();
    return a ? (a.info?.isFallbackAdapter ? 'software' : a.info?.vendor || 'hardware') : 'none';
  });
  await gen(page).locator('[data-testid=init-none]').check();
  await gen(page).locator('[data-testid=generate-prompt]').fill('A cat and a dog under a tree at night');
  await setNumber(gen(page).locator('#steps'), 8);
  await setNumber(gen(page).locator('#guidance'), 3);
  const rows = [];
  for (const backend of ['wasm', 'webgpu']) {
    const label = backend === 'webgpu' ? `webgpu (${adapter === 'software' ? 'software, SwiftShader' : adapter})` : 'wasm';
    await gen(page).locator('[data-testid=generate-backend]').selectOption(backend);
    const status = gen(page).locator(`[data-testid=generate-model][data-backend=${backend}]`);
    await status.waitFor({ timeout: 300_000 });
    const load = Number(await status.getAttribute('data-load-ms'));
    const first = await panel(page);
    const warm = await panel(page);
    ctx.log(label, JSON.stringify({ load, first, warm }));
    const base = backend === 'webgpu' ? (n) => `wasm: ${n}` : () => undefined;
    const row = (n, value) => ({ name: `${label}: ${n}`, value, unit: 'ms', ...(base(n) ? { baseline: base(n) } : {}) });
    rows.push(
      row('model load (folder in memory → sessions)', load),
      row('first panel, 8 steps (incl. compilation)', first.total),
      row('warm panel, 8 steps', warm.total),
      row('warm median step (CFG batch 2)', warm.step),
      row('warm VAE decode', warm.decode),
      row('warm text encoding (cond + uncond)', warm.text),
    );
  }
  await context.close();
  return rows;
}
