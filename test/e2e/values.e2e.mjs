// Values view: panels imported through the strip view go through the runtime worker's shipped
// ONNX colour graph; the lightness statistics match CIE L* of the known pixels, the flat panel
// gets the low-contrast warning, and nothing leaves the origin.
export const timeout = 240_000;

export default async function (ctx) {
  const { assert, log } = ctx;
  const context = await ctx.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto('/');
  await page.locator('[data-testid=file-input]').waitFor({ state: 'attached', timeout: 60_000 });

  // Two 400×300 PNGs made in the page: half black / half white, and uniform sRGB gray 128.
  const pngs = await page.evaluate(async () => {
    const make = async (paint) => {
      const c = new OffscreenCanvas(400, 300);
      const g = c.getContext('2d');
      paint(g);
      const bytes = new Uint8Array(await (await c.convertToBlob({ type: 'image/png' })).arrayBuffer());
      return Array.from(bytes);
    };
    return [
      await make((g) => { g.fillStyle = '#000'; g.fillRect(0, 0, 200, 300); g.fillStyle = '#fff'; g.fillRect(200, 0, 200, 300); }),
      await make((g) => { g.fillStyle = 'rgb(128,128,128)'; g.fillRect(0, 0, 400, 300); }),
    ];
  });
  await page.locator('[data-testid=file-input]').setInputFiles([
    { name: 'split.png', mimeType: 'image/png', buffer: Buffer.from(pngs[0]) },
    { name: 'gray.png', mimeType: 'image/png', buffer: Buffer.from(pngs[1]) },
  ]);
  await page.waitForFunction(() => {
    const strip = document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-strip-view');
    const count = (root) => {
      if (!root) return 0;
      let n = root.querySelectorAll('[data-testid=panel-item]').length;
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) n += count(el.shadowRoot);
      return n;
    };
    return count(strip?.shadowRoot) === 2;
  }, null, { timeout: 60_000 });

  await page.locator('toon-app nav a[data-route=values]').click();
  await page.locator('[data-testid=values-run]').click();
  const items = page.locator('[data-testid=values-item]');
  await page.waitForFunction(() => {
    const v = document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-values-view')?.shadowRoot;
    return v?.querySelectorAll('[data-testid=values-item]').length === 2 && !v.querySelector('[data-testid=values-run]')?.hasAttribute('disabled');
  }, null, { timeout: 180_000 });

  const stats = await items.evaluateAll((els) => els.map((e) => ({
    mean: Number(e.dataset.mean), p5: Number(e.dataset.p5), p95: Number(e.dataset.p95),
    backend: e.dataset.backend, w: Number(e.dataset.width), h: Number(e.dataset.height), text: e.innerText,
  })));
  log(JSON.stringify(stats.map(({ text, ...s }) => s)));
  const [split, gray] = stats;
  assert.equal(split.w, 400);
  assert.equal(split.h, 300);
  assert.ok(Math.abs(split.mean - 0.5) < 0.01, `half black/half white mean L* ${split.mean}`);
  assert.equal(split.p5, 0);
  assert.equal(split.p95, 1);
  // CIE L* of sRGB gray 128 is 53.585.
  assert.ok(Math.abs(gray.mean - 0.53585) < 0.002, `gray 128 mean L* ${gray.mean}`);
  assert.ok(gray.p95 - gray.p5 < 0.005);
  assert.match(gray.text, /Low contrast/);
  assert.doesNotMatch(split.text, /Low contrast/);
  // The gray preview canvas really shows the lightness: its centre pixel is gray 128 again (±1).
  const centre = await page.evaluate(() => {
    const v = document.querySelector('toon-app').shadowRoot.querySelector('toon-values-view').shadowRoot;
    const c = v.querySelectorAll('canvas')[1];
    return Array.from(c.getContext('2d').getImageData(200, 150, 1, 1).data);
  });
  assert.ok(Math.abs(centre[0] - 128) <= 1 && centre[0] === centre[1] && centre[1] === centre[2], `preview ${centre}`);
}
