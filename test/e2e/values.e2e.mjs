// Values view: panels imported through the strip view are converted to lightness by the runtime
// worker in TypeScript on the CPU (pure colour math: no ONNX runtime, no WebGPU — no .wasm is even
// requested); the statistics match CIE L* of the known pixels, the gray preview equals, pixel by
// pixel, the 8-bit gray of the same lightness computed here from the source pixels, the flat
// panel gets the low-contrast warning, and the Status page says colour math runs on the CPU.
// Screenshots: test-results/values-{1280x720,390x844}.png, test-results/status-{…}.png.
import fs from 'node:fs';

export const timeout = 240_000;

const W = 400;
const H = 300;

/** A colourful panel: 40 vertical bands (no uniform row, so no gutter) with a vertical ramp. */
function colourPixels() {
  const data = new Uint8ClampedArray(W * H * 4);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const band = Math.floor(x / 10);
      const i = (y * W + x) * 4;
      data[i] = (band * 53 + y) % 256;
      data[i + 1] = (band * 97 + 2 * y) % 256;
      data[i + 2] = (band * 29 + 255 - y) % 256;
      data[i + 3] = 255;
    }
  return data;
}

/** Independent reference: CIE L* ÷ 100 and the 8-bit sRGB gray of equal lightness (= luminance). */
const decode = (c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const encode = (y) => (y <= 0.0031308 ? 12.92 * y : 1.055 * y ** (1 / 2.4) - 0.055);
function expected(r, g, b) {
  const y = 0.2126729 * decode(r / 255) + 0.7151522 * decode(g / 255) + 0.072175 * decode(b / 255);
  const f = y > 216 / 24389 ? Math.cbrt(y) : ((24389 / 27) * y + 16) / 116;
  return { L: (116 * f - 16) / 100, gray: Math.round(Math.min(1, Math.max(0, encode(y))) * 255) };
}

export default async function (ctx) {
  const { assert, log } = ctx;
  const context = await ctx.newContext({ locale: 'en-US', viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const wasm = [];
  page.on('request', (r) => {
    if (/\.wasm(\?|$)/.test(r.url())) wasm.push(r.url());
  });
  await page.goto('/');
  await page.locator('[data-testid=file-input]').waitFor({ state: 'attached', timeout: 60_000 });

  // Three 400×300 PNGs made in the page: half black / half white, uniform sRGB gray 128, and the
  // colourful one from exact pixels (putImageData + PNG: lossless).
  const colour = colourPixels();
  const pngs = await page.evaluate(async (colourBytes) => {
    const make = async (paint) => {
      const c = new OffscreenCanvas(400, 300);
      const g = c.getContext('2d');
      paint(g);
      const bytes = new Uint8Array(await (await c.convertToBlob({ type: 'image/png' })).arrayBuffer());
      return Array.from(bytes);
    };
    return [
      await make((g) => {
        g.fillStyle = '#000';
        g.fillRect(0, 0, 200, 300);
        g.fillStyle = '#fff';
        g.fillRect(200, 0, 200, 300);
      }),
      await make((g) => {
        g.fillStyle = 'rgb(128,128,128)';
        g.fillRect(0, 0, 400, 300);
      }),
      await make((g) => g.putImageData(new ImageData(Uint8ClampedArray.from(colourBytes), 400, 300), 0, 0)),
    ];
  }, Array.from(colour));
  await page.locator('[data-testid=file-input]').setInputFiles([
    { name: 'split.png', mimeType: 'image/png', buffer: Buffer.from(pngs[0]) },
    { name: 'gray.png', mimeType: 'image/png', buffer: Buffer.from(pngs[1]) },
    { name: 'colour.png', mimeType: 'image/png', buffer: Buffer.from(pngs[2]) },
  ]);
  await page.waitForFunction(
    () => {
      const strip = document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-strip-view');
      const count = (root) => {
        if (!root) return 0;
        let n = root.querySelectorAll('[data-testid=panel-item]').length;
        for (const el of root.querySelectorAll('*')) if (el.shadowRoot) n += count(el.shadowRoot);
        return n;
      };
      return count(strip?.shadowRoot) === 3;
    },
    null,
    { timeout: 60_000 },
  );

  await page.locator('toon-app nav a[data-route=values]').click();
  await page.locator('[data-testid=values-run]').click();
  const items = page.locator('[data-testid=values-item]');
  await page.waitForFunction(
    () => {
      const v = document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-values-view')?.shadowRoot;
      return (
        v?.querySelectorAll('[data-testid=values-item]').length === 3 &&
        [...v.querySelectorAll('canvas')].every((c) => c.dataset.drawn === '1') &&
        !v.querySelector('[data-testid=values-run]')?.hasAttribute('disabled')
      );
    },
    null,
    { timeout: 180_000 },
  );

  const stats = await items.evaluateAll((els) =>
    els.map((e) => ({
      mean: Number(e.dataset.mean),
      p5: Number(e.dataset.p5),
      p95: Number(e.dataset.p95),
      backend: e.dataset.backend,
      w: Number(e.dataset.width),
      h: Number(e.dataset.height),
      text: e.innerText,
    })),
  );
  log(JSON.stringify(stats.map(({ text: _text, ...s }) => s)));
  log(stats.map((s) => s.text.split('\n').pop()).join(' | '));
  const [split, gray, col] = stats;
  for (const s of stats) {
    assert.equal(s.backend, 'cpu', 'Values computes lightness in TypeScript on the CPU');
    assert.match(s.text, /computed with the processor \(CPU\) in [\d.]+ ms/);
    assert.equal(s.w, W);
    assert.equal(s.h, H);
  }
  assert.ok(Math.abs(split.mean - 0.5) < 0.01, `half black/half white mean L* ${split.mean}`);
  assert.equal(split.p5, 0);
  assert.equal(split.p95, 1);
  // CIE L* of sRGB gray 128 is 53.585.
  assert.ok(Math.abs(gray.mean - 0.53585) < 0.002, `gray 128 mean L* ${gray.mean}`);
  assert.ok(gray.p95 - gray.p5 < 0.005);
  assert.match(gray.text, /Low contrast/);
  assert.doesNotMatch(split.text, /Low contrast/);

  // The colourful panel: mean L* equals the reference mean; every preview pixel is the 8-bit gray
  // of the same lightness as the source pixel (exactly), alpha kept.
  let sumL = 0;
  const want = new Uint8Array(W * H);
  for (let i = 0; i < W * H; i++) {
    const e = expected(colour[i * 4], colour[i * 4 + 1], colour[i * 4 + 2]);
    sumL += e.L;
    want[i] = e.gray;
  }
  assert.ok(Math.abs(col.mean - sumL / (W * H)) < 1e-4, `colour panel mean L* ${col.mean} vs ${sumL / (W * H)}`);
  const shown = await page.evaluate(() => {
    const v = document.querySelector('toon-app').shadowRoot.querySelector('toon-values-view').shadowRoot;
    return [...v.querySelectorAll('canvas')].map((c) =>
      Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data),
    );
  });
  const px = shown[2];
  assert.equal(px.length, W * H * 4);
  let mismatched = 0;
  let first = '';
  for (let i = 0; i < W * H; i++) {
    const ok = px[i * 4] === want[i] && px[i * 4 + 1] === want[i] && px[i * 4 + 2] === want[i] && px[i * 4 + 3] === 255;
    if (!ok && !mismatched++) first = `pixel ${i}: got ${px.slice(i * 4, i * 4 + 4)} want ${want[i]}`;
  }
  assert.equal(mismatched, 0, `preview pixels off the expected lightness: ${mismatched} (${first})`);
  // The gray panel's preview is gray 128 again on every pixel; the split one is 0 | 255.
  assert.ok(
    shown[1].every((v, i) => (i % 4 === 3 ? v === 255 : v === 128)),
    'gray 128 previews as 128',
  );
  assert.deepEqual([shown[0][0], shown[0][(W - 1) * 4]], [0, 255]);
  assert.deepEqual(wasm, [], 'no ONNX runtime (.wasm) was loaded for the value check');

  fs.mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: 'test-results/values-1280x720.png' });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: 'test-results/values-390x844.png', fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });

  // Status (through the nav): colour math on the CPU; models' backend and the reason are shown.
  await page.locator('toon-app nav a[data-route=status]').click();
  const status = page.locator('toon-status-view');
  await status.locator('[data-testid=backend][data-reason]').waitFor({ timeout: 60_000 });
  assert.equal(await status.locator('[data-testid=color-math]').getAttribute('data-backend'), 'cpu');
  assert.match(
    await status.locator('[data-testid=color-math]').innerText(),
    /On the processor \(CPU\): plain colour math/,
  );
  assert.match(
    await status.locator('[data-testid=status-help]').innerText(),
    /graphics card \(WebGPU\) or run on the processor/,
  );
  log(`Status: models → ${await status.locator('[data-testid=backend]').innerText()}`);
  await page.screenshot({ path: 'test-results/status-1280x720.png', fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: 'test-results/status-390x844.png', fullPage: true });
}
