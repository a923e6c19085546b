// Colorize, bad input, in the real app (real worker, real model, real IndexedDB):
// - a dropped colour panel is only previewed (nothing stored, no "converted" notice); the first
//   hint (a stroke) converts it to lightness (notice) and the stored result keeps its L*;
// - a 1×1 image is refused with a message naming it (a side under 16 px: no panel), nothing stored;
//   a 16×16 panel (the smallest allowed) is colored (Recolor: dropping alone stores nothing);
// - a 200×1,000 strip with a gutter is split into 2 panels, both colored on Recolor (notice);
// - a 600×20,000-px strip without gutters is kept whole and colored in tiles (notice); a
//   100×32,001-px image is refused with the 32,000-px limit stated and nothing is stored;
// - a stroke dragged from the panel to outside it is clamped; a stored hint entirely outside the
//   image is ignored with a notice;
// - the colorizer model file truncated, replaced by another ONNX model, or missing (the model
//   request intercepted on the app's own origin; service workers blocked so it reaches the
//   network) → a clear message each time, stored panels byte-identical, the strip view still
//   imports, and once the file is back coloring works again without a reload.
import fs from 'node:fs';
import path from 'node:path';

export const timeout = 600_000;
const MAX_DL = 1.0; // L* units, as colorize.e2e.mjs: 8-bit rounding of a coloured pixel

/** In the page: panels with SHA-256 of their stored bytes; optional L* comparison of one panel. */
function inspect(args) {
  return (async ({ name, compare }) => {
    const db = await new Promise((res, rej) => {
      const r = indexedDB.open('toonsmith');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    // one read-only transaction: a consistent snapshot even while the app replaces a result
    const tx = db.transaction(['panels', 'blobs', 'hints']);
    const req = (store, m, key) =>
      new Promise((res, rej) => {
        const r = tx.objectStore(store)[m](key);
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
    const panels = await req('panels', 'getAll');
    const blobs = new Map();
    for (const p of panels)
      for (const id of [p.originalBlobId, p.resultBlobId]) if (id) blobs.set(id, await req('blobs', 'get', id));
    const panel = panels.find((p) => p.sourceName === name);
    const hints = panel ? await req('hints', 'get', panel.id) : null;
    db.close();
    const hex = async (id) => {
      if (!id) return null;
      const rec = blobs.get(id);
      if (!rec) return 'MISSING';
      const d = new Uint8Array(await crypto.subtle.digest('SHA-256', await rec.blob.arrayBuffer()));
      return Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('');
    };
    const list = [];
    for (const p of panels)
      list.push({
        id: p.id,
        name: p.sourceName,
        w: p.width,
        h: p.height,
        orig: await hex(p.originalBlobId),
        result: await hex(p.resultBlobId),
      });
    let cmp = null;
    if (compare && panel?.resultBlobId) {
      const px = async (id) => {
        const rec = blobs.get(id);
        const bmp = await createImageBitmap(rec.blob, {
          colorSpaceConversion: 'none',
        });
        const g = new OffscreenCanvas(bmp.width, bmp.height).getContext('2d');
        g.drawImage(bmp, 0, 0);
        return { w: bmp.width, h: bmp.height, d: g.getImageData(0, 0, bmp.width, bmp.height).data };
      };
      const lin = (c) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      const f = (t) => (t > (6 / 29) ** 3 ? Math.cbrt(t) : t / (3 * (6 / 29) ** 2) + 4 / 29);
      const L = (d, j) => 116 * f(0.2126729 * lin(d[j]) + 0.7151522 * lin(d[j + 1]) + 0.072175 * lin(d[j + 2])) - 16;
      const a = await px(panel.originalBlobId);
      const b = await px(panel.resultBlobId);
      let maxDL = 0;
      for (let j = 0; j < a.d.length; j += 4) maxDL = Math.max(maxDL, Math.abs(L(a.d, j) - L(b.d, j)));
      cmp = { size: [a.w, a.h, b.w, b.h], maxDL };
    }
    return {
      panels: list,
      panel: panel ? { id: panel.id, resultBlobId: panel.resultBlobId ?? null } : null,
      cmp,
      hints: hints?.hints.length ?? 0,
    };
  })(args);
}

/** In the page: a DataTransfer holding one generated PNG (kind: gray | color | tall). */
function makeDrop([kind, w, h, name]) {
  return (async () => {
    const c = new OffscreenCanvas(w, h);
    const g = c.getContext('2d');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, w, h);
    g.lineWidth = Math.max(1, Math.min(w, h) / 40);
    const colors = kind === 'color' ? ['#d33', '#3a3', '#36c', '#fc2'] : ['#bbb', '#888', '#ccc', '#999'];
    if (kind === 'gutters') {
      // two bordered panels with a 40-row white gutter between them
      for (const [y0, y1] of [
        [20, h / 2 - 20],
        [h / 2 + 20, h - 20],
      ]) {
        g.fillStyle = '#ccc';
        g.fillRect(10, y0, w - 20, y1 - y0);
        g.strokeRect(10, y0, w - 20, y1 - y0);
      }
    }
    if (kind === 'tall') {
      g.fillStyle = '#000';
      g.fillRect(0, 0, 20, h); // continuous borders: no gutter rows anywhere
      g.fillRect(w - 20, 0, 20, h);
    }
    const n = kind === 'tall' ? Math.floor(h / 400) : kind === 'gutters' ? 0 : 4;
    for (let i = 0; i < n && w > 1; i++) {
      g.fillStyle = colors[i % 4];
      const cy = kind === 'tall' ? 200 + i * 400 : h / 2;
      const cx = kind === 'tall' ? w / 2 : ((i + 0.5) * w) / 4;
      g.beginPath();
      g.ellipse(cx, cy, kind === 'tall' ? w / 4 : w / 10, kind === 'tall' ? 120 : h / 4, 0, 0, Math.PI * 2);
      g.fill();
      g.stroke();
    }
    if (w === 1) {
      g.fillStyle = '#777';
      g.fillRect(0, 0, 1, 1);
    }
    const blob = await c.convertToBlob({ type: 'image/png' });
    const d = new DataTransfer();
    d.items.add(new File([blob], name, { type: 'image/png' }));
    return d;
  })();
}

export default async function (ctx) {
  const { assert, log } = ctx;
  const context = await ctx.newContext({
    locale: 'en-US',
    serviceWorkers: 'block',
    viewport: { width: 1280, height: 900 },
  });
  let page = await context.newPage();
  await page.goto('/#/colorize');
  const view = () => page.locator('toon-colorize-view');
  await view().locator('[data-testid=colorize-drop]').waitFor({ timeout: 60_000 });
  const drop = async (kind, w, h, name) => {
    const dt = await page.evaluateHandle(makeDrop, [kind, w, h, name]);
    await view().locator('[data-testid=colorize-drop]').dispatchEvent('drop', { dataTransfer: dt });
  };
  const poll = async (pred, args, ms, what) => {
    const t0 = Date.now();
    for (;;) {
      const r = await page.evaluate(inspect, args);
      if (pred(r)) return r;
      if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(r).slice(0, 600)}`);
      await page.waitForTimeout(500);
    }
  };
  const colored = (name, ms = 240_000) =>
    poll((r) => r.panel?.resultBlobId, { name, compare: true }, ms, `${name} colored`);
  /** The preview of panel `name` finished (selection or a drop runs one; it stores nothing). */
  const previewed = async (name) => {
    const r = await poll((x) => x.panel, { name }, 60_000, `${name} stored`);
    await page.waitForFunction(
      (id) => {
        const v = document.querySelector('toon-app').shadowRoot.querySelector('toon-colorize-view');
        return v.dataset.run === 'preview' && v.dataset.runPanel === id;
      },
      r.panel.id,
      { timeout: 240_000 },
    );
    return page.evaluate(inspect, { name });
  };
  /** Selects panel `name` in the list and asks for it (Recolor). */
  const recolor = async (name) => {
    await view()
      .getByRole('button', { name: new RegExp(name.replace(/[.#]/g, '\\$&')) })
      .click();
    await previewed(name);
    await view().getByRole('button', { name: 'Recolor' }).click();
    return colored(name);
  };
  const notice = (re) => page.locator('toon-notifier').getByText(re).first().waitFor({ timeout: 240_000 });
  const alerts = () => page.getByRole('alert').allTextContents();

  // 1. colour panel dropped → previewed only: nothing stored, not told it was converted (it was not)
  await drop('color', 160, 96, 'color.png');
  const dropped0 = await previewed('color.png');
  assert.equal(dropped0.panel.resultBlobId, null, 'a dropped colour panel is not greyed in the store');
  assert.equal(
    await page
      .locator('toon-notifier')
      .getByText(/is a color image/)
      .count(),
    0,
    'no "converted" notice for a preview',
  );

  // 2. the first hint — a stroke dragged from the panel to far outside it, clamped (no error) —
  // converts it to lightness, says so, and the stored result keeps its L*
  const img = view().locator('[data-testid=colorize-image]');
  const box = await img.boundingBox();
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width + 150, box.y + box.height + 150, { steps: 8 });
  await page.mouse.up();
  await notice(/color\.png is a color image: it was converted to its lightness/);
  const clamped = await poll(
    (r) => r.hints === 1 && r.panel.resultBlobId,
    { name: 'color.png', compare: true },
    240_000,
    'recolor after the clamped stroke',
  );
  log(`colour panel: size ${clamped.cmp.size}, max ΔL* ${clamped.cmp.maxDL.toFixed(3)}`);
  assert.deepEqual(clamped.cmp.size, [160, 96, 160, 96]);
  assert.ok(clamped.cmp.maxDL <= MAX_DL, `colour panel keeps its lightness (max ΔL* ${clamped.cmp.maxDL} ≤ ${MAX_DL})`);
  // a hint entirely outside the image (as stored by an older version of the panel) → ignored, told so
  await page.evaluate(async (id) => {
    const db = await new Promise((res) => {
      const r = indexedDB.open('toonsmith');
      r.onsuccess = () => res(r.result);
    });
    const tx = db.transaction('hints', 'readwrite');
    const rec = await new Promise((res) => {
      const r = tx.objectStore('hints').get(id);
      r.onsuccess = () => res(r.result);
    });
    rec.hints.push({ kind: 'point', x: 5000, y: -300, rgb: [0, 0, 255], radius: 6 });
    tx.objectStore('hints').put(rec);
    await new Promise((res) => (tx.oncomplete = res));
    db.close();
  }, clamped.panel.id);
  await page.reload();
  // Both hints loaded (the count is drawn before the stored hints are read: wait for them).
  await view().locator('[data-testid=colorize-hint-count]', { hasText: /^2 / }).waitFor({ timeout: 60_000 });
  await view().getByRole('button', { name: 'Recolor' }).click();
  await notice(/1 hint\(s\) outside the image were ignored/);
  await poll(
    (r) => r.panel.resultBlobId !== clamped.panel.resultBlobId,
    { name: 'color.png' },
    240_000,
    'recolor with an outside hint',
  );

  // 3. a 1×1 image is refused (a side under 16 px is no panel); the smallest panel (16×16) is colored
  const beforeOne = (await page.evaluate(inspect, {})).panels.length;
  await drop('gray', 1, 1, 'one.png');
  await page
    .getByRole('alert')
    .getByText('one.png: the image is too small to be a panel (each side must be at least 16 px).')
    .waitFor({ timeout: 60_000 });
  assert.equal((await page.evaluate(inspect, {})).panels.length, beforeOne, 'nothing stored for the 1×1 image');
  await drop('gray', 16, 16, 'sixteen.png');
  const one = await recolor('sixteen.png');
  assert.deepEqual(one.cmp.size, [16, 16, 16, 16], '16×16 panel colored at 16×16');
  assert.ok(one.cmp.maxDL <= MAX_DL, '16×16 keeps its lightness');

  // 4. a tall strip with a gutter is split there, both panels colored (each on Recolor)
  await drop('gutters', 200, 1000, 'gutters.png');
  await notice(/gutters\.png is a tall strip \(200 × 1,000 px\): split at its gutters into 2 panels/);
  for (const part of ['gutters.png #1', 'gutters.png #2']) {
    const r = await recolor(part);
    const [w0, h0, w1, h1] = r.cmp.size;
    assert.ok(w0 === w1 && h0 === h1 && h0 < 500, `${part} is one half, colored at its size (${r.cmp.size})`);
    assert.ok(r.cmp.maxDL <= MAX_DL, `${part} keeps its lightness`);
  }
  // 600×20,000 strip without gutters: kept whole, colored in tiles; 100×32,001 refused
  await drop('tall', 600, 20_000, 'tall.png');
  await notice(
    /tall\.png is a tall strip \(600 × 20,000 px\) without gutters: kept as one panel, to be colored in tiles/,
  );
  const t0 = Date.now();
  // Without hints a panel stays uncoloured (flats); the learned net runs, in tiles, once the
  // artist asks for automatic colours on this panel.
  await view()
    .getByRole('button', { name: /tall\.png/ })
    .click();
  await view().locator('[data-testid=colorize-auto]').check();
  await page.waitForFunction(
    () =>
      Number(document.querySelector('toon-app').shadowRoot.querySelector('toon-colorize-view').dataset.tiles ?? 0) > 1,
    null,
    { timeout: 400_000 },
  );
  const tall = await colored('tall.png', 400_000);
  const tiles = Number(await view().getAttribute('data-tiles'));
  log(
    `600×20000: colored in ${Date.now() - t0} ms after the notice, ${tiles} tiles, max ΔL* ${tall.cmp.maxDL.toFixed(3)}`,
  );
  assert.deepEqual(tall.cmp.size, [600, 20_000, 600, 20_000], 'tall strip colored at full size');
  assert.ok(tiles > 1, `tall strip was tiled (${tiles} tiles)`);
  assert.ok(tall.cmp.maxDL <= MAX_DL, 'tall strip keeps its lightness');
  const before32k = tall.panels.length;
  await drop('gray', 100, 32_001, 'huge.png');
  await page
    .getByRole('alert')
    .getByText(/huge\.png: the image is too large \(limits: .*32,000 px tall/)
    .waitFor({ timeout: 60_000 });
  assert.equal((await page.evaluate(inspect, {})).panels.length, before32k, 'nothing stored for the refused image');

  // 5. model file truncated / another model / missing → message; nothing lost; the rest works
  const snapshot = (await page.evaluate(inspect, {})).panels;
  const good = fs.readFileSync(path.join(ctx.distDir, 'models/colorizer/colorizer.onnx'));
  const other = fs.readFileSync(path.join(ctx.distDir, 'models/ops/srgb_to_lab.onnx'));
  let serve = 'truncated';
  const MODEL = '**/models/colorizer/colorizer.onnx';
  await context.route(MODEL, (route) => {
    if (serve === 'missing') return route.fulfill({ status: 404, body: 'not found' });
    const body = serve === 'truncated' ? good.subarray(0, Math.floor(good.length / 3)) : other;
    return route.fulfill({ status: 200, contentType: 'application/octet-stream', body });
  });
  await page.close();
  page = await context.newPage(); // a fresh page: a fresh colorize worker that must fetch the model
  await page.goto('/#/colorize');
  await view().locator('[data-testid=colorize-drop]').waitFor({ timeout: 60_000 });
  await drop('gray', 96, 96, 'after-damage.png');
  // Without hints the panel is previewed (flats only, no model involved, nothing stored): wait for it.
  await previewed('after-damage.png');
  const flatOnly = (await page.evaluate(inspect, { name: 'after-damage.png' })).panels.find(
    (q) => q.name === 'after-damage.png',
  );
  // The colour net (the model under test) runs for automatic colours.
  await view()
    .getByRole('button', { name: /after-damage\.png/ })
    .click();
  await view().locator('[data-testid=colorize-auto]').check();
  const expectAlert = async (re, what) => {
    await page.getByRole('alert').getByText(re).first().waitFor({ timeout: 120_000 });
    log(
      `${what}: ${(await alerts())
        .find((a) => re.test(a))
        ?.replace(/\s*×\s*$/, '')
        .replace(/\s+/g, ' ')
        .trim()}`,
    );
  };
  await expectAlert(/colorizer model file is damaged.*rest of the app keeps working/, 'truncated model');
  serve = 'other';
  await view().getByRole('button', { name: 'Recolor' }).click();
  await expectAlert(/not a Toonsmith colorizer/, 'another ONNX model');
  serve = 'missing';
  await view().getByRole('button', { name: 'Recolor' }).click();
  await expectAlert(/colorizer model file is missing/, 'missing model');
  const afterFail = await page.evaluate(inspect, { name: 'after-damage.png' });
  for (const p of snapshot)
    assert.deepEqual(
      afterFail.panels.find((q) => q.id === p.id),
      p,
      `${p.name} unchanged after the model failures`,
    );
  assert.ok(afterFail.panel, 'the dropped panel is stored');
  assert.deepEqual(
    afterFail.panels.find((q) => q.name === 'after-damage.png'),
    flatOnly,
    'the failed runs stored nothing: the panel still has no result',
  );
  // the strip view still imports
  await page.goto('/#/strip');
  const png = Buffer.from(
    await page.evaluate(async () => {
      const c = new OffscreenCanvas(64, 48);
      const g = c.getContext('2d');
      g.fillStyle = '#abc';
      g.fillRect(0, 0, 64, 48);
      return Array.from(new Uint8Array(await (await c.convertToBlob({ type: 'image/png' })).arrayBuffer()));
    }),
  );
  await page
    .locator('[data-testid=file-input]')
    .setInputFiles({ name: 'strip-ok.png', mimeType: 'image/png', buffer: png });
  await poll((r) => r.panel, { name: 'strip-ok.png' }, 60_000, 'strip import after the model failures');
  // the model file is back: coloring works again, no reload
  await context.unroute(MODEL);
  await page.goto('/#/colorize');
  await view()
    .getByRole('button', { name: /after-damage\.png/ })
    .click();
  // Automatic colours are still on for this panel (saved with it, per panel); Recolor: the colour
  // net runs again and stores a result (selecting it alone stores nothing).
  assert.equal(await view().locator('[data-testid=colorize-auto]').isChecked(), true, 'auto kept for the panel');
  await view().getByRole('button', { name: 'Recolor' }).click();
  const healed = await poll(
    (r) => r.cmp && r.panels.find((q) => q.name === 'after-damage.png')?.result !== flatOnly.result,
    { name: 'after-damage.png', compare: true },
    240_000,
    'after-damage.png recoloured by the colour net',
  );
  // The run that stored it names the backend the colour net ran on (data-backend is set after
  // the result is stored; 'none' = no network, as in the flats-only preview before; a preview
  // never runs the colour net).
  await page.waitForFunction(
    () =>
      ['wasm', 'webgpu'].includes(
        document.querySelector('toon-app').shadowRoot.querySelector('toon-colorize-view').dataset.backend,
      ),
    undefined,
    { timeout: 60_000 },
  );
  assert.ok(healed.cmp.maxDL <= MAX_DL, 'colored after the model file is back');
  const final = await page.evaluate(inspect, {});
  for (const p of snapshot)
    assert.deepEqual(
      final.panels.find((q) => q.id === p.id),
      p,
      `${p.name} still unchanged at the end`,
    );
  await context.close();
}
