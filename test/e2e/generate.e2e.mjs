// Generate view: the committed smoke diffusion folder (test/fixtures/diffusion/smoke-model, text-conditioned,
// barely trained — see its CARD.md) is picked as a model folder; a treatment is generated in
// the diffusion worker with the settings of reference case pipeline_0 (Euler, 4 steps,
// guidance 1, seed 4242) on WASM and on WebGPU (chosen explicitly), and the canvas pixels must
// equal the torch pipeline's output
// (test/fixtures/diffusion/smoke/pipeline_0.bin) to within 8-bit rounding; the panel is added
// to the strip and is still there after a reload.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const timeout = 300_000;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export default async function (ctx) {
  const { assert, log } = ctx;
  const ref = JSON.parse(readFileSync(`${ROOT}test/fixtures/diffusion/smoke/reference.json`, 'utf8'));
  const c0 = ref.cases.find((c) => c.name === 'pipeline_0');
  const b = readFileSync(`${ROOT}test/fixtures/diffusion/smoke/pipeline_0.bin`);
  const expected = new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));

  const context = await ctx.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto('/#/generate');
  await page.locator('[data-testid=generate-folder]').waitFor({ state: 'attached', timeout: 60_000 });
  await page.locator('[data-testid=generate-folder]').setInputFiles(`${ROOT}test/fixtures/diffusion/smoke-model`);
  // The view loads the shipped model by default: wait for the picked folder to be the active one.
  const status = page.locator('[data-testid=generate-model][data-name="smoke-model"]');
  await status.waitFor({ timeout: 120_000 });
  assert.equal(await status.getAttribute('data-source'), 'imported');
  log(await status.innerText());
  assert.match(await status.innerText(), /64×64 px/);

  await page.locator('[data-testid=init-none]').check();
  await page.locator('[data-testid=generate-prompt]').fill(c0.prompt);
  await page.locator('#steps').fill(String(c0.steps));
  await page.locator('#steps').dispatchEvent('change');
  await page.locator('#guidance').fill(String(c0.guidance));
  await page.locator('#guidance').dispatchEvent('change');
  await page.locator('#seed').fill(String(c0.seed));
  await page.locator('#seed').dispatchEvent('change');

  // Both backends, chosen explicitly ('automatic' picks WASM when the only WebGPU adapter is
  // software, as SwiftShader is here), must reproduce the torch pipeline.
  for (const backend of ['wasm', 'webgpu']) {
    await page.locator('[data-testid=generate-backend]').selectOption(backend);
    await page.locator('[data-testid=generate-model]', { hasText: `px, ${backend}` }).waitFor({ timeout: 180_000 });
    // The result canvas exists only after a first run: read it only when there (a locator on a
    // missing element would wait for the default timeout).
    const result = page.locator('[data-testid=generate-result]');
    const before = (await result.count()) ? await result.getAttribute('data-seed') : null;
    await page.locator('[data-testid=generate-run]').click();
    await page.waitForFunction(
      (prev) => {
        const c = document
          .querySelector('toon-app')
          ?.shadowRoot?.querySelector('toon-generate-view')
          ?.shadowRoot?.querySelector('[data-testid=generate-result]');
        return c?.dataset.seed && c.dataset.seed !== prev;
      },
      before,
      { timeout: 180_000 },
    );
    log(`${backend}: ${await page.getByText(/^Done in/).innerText()}`);
    const rgba = await page.locator('[data-testid=generate-result]').evaluate((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height);
      return { w: d.width, h: d.height, data: Array.from(d.data) };
    });
    assert.equal(rgba.w, 64);
    const n = 64 * 64;
    let maxDiff = 0;
    let sum = 0;
    let sum2 = 0;
    for (let i = 0; i < n; i++) {
      for (let ch = 0; ch < 3; ch++) {
        const want = Math.round((expected[ch * n + i] + 1) * 127.5);
        const got = rgba.data[i * 4 + ch];
        maxDiff = Math.max(maxDiff, Math.abs(got - want));
        sum += got;
        sum2 += got * got;
      }
    }
    const mean = sum / (3 * n);
    const variance = sum2 / (3 * n) - mean * mean;
    log(`${backend}: max |Δ| vs torch = ${maxDiff}/255, pixel variance ${variance.toFixed(1)}`);
    assert.ok(maxDiff <= 3, `${backend} pipeline differs from torch by ${maxDiff}/255`);
    assert.ok(variance > 1, 'generated panel is blank');
  }

  await page.locator('[data-testid=generate-add]').click();
  await page.getByText(/Added as a panel/).waitFor({ timeout: 30_000 });
  const countPanels = () =>
    page.evaluate(() => {
      const strip = document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-strip-view');
      const count = (root) => {
        if (!root) return 0;
        let k = root.querySelectorAll('[data-testid=panel-item]').length;
        for (const el of root.querySelectorAll('*')) if (el.shadowRoot) k += count(el.shadowRoot);
        return k;
      };
      return count(strip?.shadowRoot);
    });
  await page.goto('/#/strip');
  await page.reload();
  await page.waitForFunction(
    () => {
      const strip = document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-strip-view');
      const count = (root) => {
        if (!root) return 0;
        let k = root.querySelectorAll('[data-testid=panel-item]').length;
        for (const el of root.querySelectorAll('*')) if (el.shadowRoot) k += count(el.shadowRoot);
        return k;
      };
      return count(strip?.shadowRoot) === 1;
    },
    null,
    { timeout: 60_000 },
  );
  assert.equal(await countPanels(), 1);
  await context.close();
}
