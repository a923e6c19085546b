// Colorize: drop a grayscale fixture panel → it is previewed (region model, kind) and NOTHING is
// stored (opening a panel never changes it) → Recolor (a person's act) stores its result: with no hint
// every region is left uncoloured (default "leave uncoloured": mean chroma ≈ 0) and the input's
// lightness is kept (L* per pixel equal up to the 8-bit encoding) → a red point hint fills its
// region with flat red a*b* (hue within tolerance, under the kept tones) → reload: the hint and the
// result are still there. Region-exact checks on line art: flats.e2e.mjs. Bad input (colour, 1×1, 20,000 px tall, hints outside,
// broken model files): colorize-input.e2e.mjs. The harness fails the test on any off-origin
// request or CSP violation.
import fs from 'node:fs';
import path from 'node:path';

export const timeout = 420_000;

const MAX_UNCOLOURED_CHROMA = 0.5; // no hint → regions left uncoloured (8-bit gray stays gray)
const MAX_DL = 1.0; // L* units; 8-bit rounding of a coloured pixel moves L* by < 0.6
const MAX_MEAN_DL = 0.3;
const HUE_TOL = 35; // degrees
const RED = '#e01b1b';

/** In the page: Lab statistics of the stored result vs the stored original of the first panel. */
function analyse(args) {
  return (async ({ hx, hy }) => {
    const db = await new Promise((res, rej) => {
      const r = indexedDB.open('toonsmith');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const get = (store, key) =>
      new Promise((res, rej) => {
        const r = db.transaction(store).objectStore(store).get(key);
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
    const all = (store) =>
      new Promise((res, rej) => {
        const r = db.transaction(store).objectStore(store).getAll();
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
    const panels = await all('panels');
    const panel = panels.find((p) => p.sourceName === 'panel-gray.png');
    if (!panel?.resultBlobId) {
      db.close();
      return { ready: false };
    }
    const hints = await get('hints', panel.id);
    const [orig, res] = [await get('blobs', panel.originalBlobId), await get('blobs', panel.resultBlobId)];
    db.close();
    const pixels = async (rec) => {
      const bmp = await createImageBitmap(rec.blob, { colorSpaceConversion: 'none' });
      const c = new OffscreenCanvas(bmp.width, bmp.height);
      const g = c.getContext('2d');
      g.drawImage(bmp, 0, 0);
      return { w: bmp.width, h: bmp.height, d: g.getImageData(0, 0, bmp.width, bmp.height).data };
    };
    const lin = (c) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    const f = (t) => (t > (6 / 29) ** 3 ? Math.cbrt(t) : t / (3 * (6 / 29) ** 2) + 4 / 29);
    const lab = (r, g, b) => {
      const [R, G, B] = [lin(r), lin(g), lin(b)];
      const x = (0.4124564 * R + 0.3575761 * G + 0.1804375 * B) / 0.95047;
      const y = 0.2126729 * R + 0.7151522 * G + 0.072175 * B;
      const z = (0.0193339 * R + 0.119192 * G + 0.9503041 * B) / 1.08883;
      return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
    };
    const a = await pixels(orig);
    const b = await pixels(res);
    let maxDL = 0;
    let sumDL = 0;
    let sumC = 0;
    const n = a.w * a.h;
    for (let i = 0; i < n; i++) {
      const j = i * 4;
      const la = lab(a.d[j], a.d[j + 1], a.d[j + 2]);
      const lb = lab(b.d[j], b.d[j + 1], b.d[j + 2]);
      const dl = Math.abs(la[0] - lb[0]);
      maxDL = Math.max(maxDL, dl);
      sumDL += dl;
      sumC += Math.hypot(lb[1], lb[2]);
    }
    let ha = 0;
    let hb = 0;
    let k = 0;
    for (let y = hy - 3; y <= hy + 3; y++)
      for (let x = hx - 3; x <= hx + 3; x++) {
        const j = (y * b.w + x) * 4;
        const l = lab(b.d[j], b.d[j + 1], b.d[j + 2]);
        ha += l[1];
        hb += l[2];
        k++;
      }
    ha /= k;
    hb /= k;
    return {
      ready: true,
      resultBlobId: panel.resultBlobId,
      size: [a.w, a.h, b.w, b.h],
      maxDL,
      meanDL: sumDL / n,
      meanChroma: sumC / n,
      hint: { a: ha, b: hb, chroma: Math.hypot(ha, hb), hue: ((Math.atan2(hb, ha) * 180) / Math.PI + 360) % 360 },
      hints: hints ? hints.hints.length : 0,
      hintAt:
        hints && hints.hints[0]
          ? [hints.hints[0].x, hints.hints[0].y, hints.hints[0].radius, hints.hints[0].rgb]
          : null,
    };
  })(args);
}

async function waitFor(page, pred, args, ms, what) {
  const t0 = Date.now();
  for (;;) {
    const r = await page.evaluate(analyse, args);
    if (pred(r)) return r;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(r)}`);
    await page.waitForTimeout(500);
  }
}

export default async function (ctx) {
  const { assert, log, fixturesDir } = ctx;
  const fixture = path.join(fixturesDir, 'colorize', 'panel-gray.png');
  const meta = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'colorize', 'panel-gray.json'), 'utf8'));
  const { x: hx, y: hy } = meta.hint;
  const context = await ctx.newContext({ locale: 'en-US' });
  // Page-level count of live object URLs (test-only wrapper, installed before the app loads).
  await context.addInitScript(() => {
    const live = new Set();
    const create = URL.createObjectURL.bind(URL);
    const revoke = URL.revokeObjectURL.bind(URL);
    URL.createObjectURL = (o) => {
      const u = create(o);
      live.add(u);
      return u;
    };
    URL.revokeObjectURL = (u) => {
      live.delete(u);
      revoke(u);
    };
    globalThis.__liveObjectUrls = live;
  });
  const page = await context.newPage();
  const liveUrls = () => page.evaluate(() => [...globalThis.__liveObjectUrls]);
  await page.goto('/#/colorize');
  const zone = page.locator('[data-testid=colorize-drop]');
  await zone.waitFor({ timeout: 30_000 });

  // 1. drop the grayscale panel
  const b64 = fs.readFileSync(fixture).toString('base64');
  const dt = await page.evaluateHandle(async (data) => {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const d = new DataTransfer();
    d.items.add(new File([bytes], 'panel-gray.png', { type: 'image/png' }));
    return d;
  }, b64);
  await zone.dispatchEvent('drop', { dataTransfer: dt });
  const t0 = Date.now();
  // The drop selects the panel and previews it: the run finishes (data-colored, data-run=preview)
  // and nothing is stored; the editor shows the panel itself.
  await page.waitForFunction(
    () => {
      const v = document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-colorize-view');
      return !!v?.dataset.colored && v.dataset.run === 'preview';
    },
    undefined,
    { timeout: 180_000 },
  );
  const previewed = await page.evaluate(analyse, { hx, hy });
  assert.equal(previewed.ready, false, 'a dropped panel is previewed, no result stored before the user acts');
  await page.locator('[data-testid=colorize-hint-count]').waitFor({ timeout: 10_000 });
  assert.match(
    await page.locator('toon-colorize-view p.status').innerText(),
    /Not colored yet/,
    'the editor says there is no result yet',
  );
  await page.getByRole('button', { name: 'Recolor', exact: true }).click();
  const first = await waitFor(page, (r) => r.ready, { hx, hy }, 180_000, 'a colored result');
  log(
    `colored in ${Date.now() - t0} ms: mean chroma ${first.meanChroma.toFixed(2)}, max ΔL* ${first.maxDL.toFixed(3)}, mean ΔL* ${first.meanDL.toFixed(4)}`,
  );
  assert.deepEqual(first.size, [320, 240, 320, 240], 'result has the panel size');
  assert.ok(
    first.meanChroma < MAX_UNCOLOURED_CHROMA,
    `no hint: regions left uncoloured (mean chroma ${first.meanChroma} < ${MAX_UNCOLOURED_CHROMA})`,
  );
  assert.ok(first.maxDL <= MAX_DL, `lightness kept per pixel (max ΔL* ${first.maxDL} ≤ ${MAX_DL})`);
  assert.ok(first.meanDL <= MAX_MEAN_DL, `lightness kept (mean ΔL* ${first.meanDL} ≤ ${MAX_MEAN_DL})`);
  // The view marks a stored run done (data-run=stored) once its result's picture is loaded; until
  // then the editor may still show the original's URL.
  await page.waitForFunction(
    () => document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-colorize-view')?.dataset.run === 'stored',
    undefined,
    { timeout: 60_000 },
  );
  await page.locator('[data-testid=colorize-image]').waitFor({ timeout: 10_000 });
  const firstSrc = await page.locator('[data-testid=colorize-image]').getAttribute('src');
  assert.match(firstSrc ?? '', /^blob:/, 'the result is shown through an object URL');

  // 2. a red point hint inside the largest enclosed region
  await page.locator('[data-testid=hint-color]').fill(RED);
  const img = page.locator('[data-testid=colorize-image]');
  const box = await img.boundingBox();
  assert.ok(box && box.width > 0, 'panel image is visible');
  await page.mouse.click(
    box.x + ((hx + 0.5) * box.width) / meta.width,
    box.y + ((hy + 0.5) * box.height) / meta.height,
  );
  // Wait for the result made WITH the hint: a run already in flight when the hint was saved stores
  // a result without it (the view then re-runs), so a new result blob alone is not enough.
  await page.waitForFunction(
    () => {
      const v = document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-colorize-view');
      return /:1$/.test(v?.dataset.resultHints ?? '');
    },
    undefined,
    { timeout: 180_000 },
  );
  const red = await waitFor(
    page,
    (r) => r.ready && r.resultBlobId !== first.resultBlobId && r.hints === 1,
    { hx, hy },
    180_000,
    'recolor after the hint',
  );
  const redHue = 36.9; // hue of #e01b1b in Lab (a 70.0, b 52.5)
  const dh = Math.min(Math.abs(red.hint.hue - redHue), 360 - Math.abs(red.hint.hue - redHue));
  log(`stored hint ${JSON.stringify(red.hintAt)}`);
  log(
    `after red hint at (${hx}, ${hy}): a ${red.hint.a.toFixed(1)} b ${red.hint.b.toFixed(1)} hue ${red.hint.hue.toFixed(1)}° chroma ${red.hint.chroma.toFixed(1)}`,
  );
  assert.ok(dh <= HUE_TOL, `hinted region is red (hue ${red.hint.hue.toFixed(1)}° within ${HUE_TOL}° of ${redHue}°)`);
  assert.ok(red.hint.chroma > 20, `hinted region is saturated (chroma ${red.hint.chroma.toFixed(1)} > 20)`);
  assert.ok(red.maxDL <= MAX_DL, 'lightness still kept after the hint');
  // The first result's object URL was released with it (issue 15: one URL leaked per recolor):
  // live URLs settle at this panel's original + its newest result.
  await page.waitForFunction(
    () =>
      document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-colorize-view')?.dataset.objectUrls === '2',
    undefined,
    { timeout: 30_000 },
  );
  assert.equal((await liveUrls()).includes(firstSrc), false, "the replaced result's object URL was revoked");

  // 3. reload: hint and result persist
  await page.reload();
  // The count is drawn before the stored hints are read ("0 hints"): wait for the stored one.
  await page.locator('[data-testid=colorize-hint-count]', { hasText: /^1 / }).waitFor({ timeout: 30_000 });
  const after = await page.evaluate(analyse, { hx, hy });
  assert.equal(after.resultBlobId, red.resultBlobId, 'result still stored after reload');
  assert.equal(after.hints, 1, 'hint still stored after reload');
  const countText = await page.locator('[data-testid=colorize-hint-count]').textContent();
  assert.match(countText ?? '', /^1 /, `hint count shown after reload (${countText})`);
  const src = await page.locator('[data-testid=colorize-image]').getAttribute('src');
  assert.ok(src && src.startsWith('blob:'), 'result image shown after reload');
  // the hint colour came back with the page, and the colour the hint was made with is a recent swatch
  const colorInput = page.locator('[data-testid=hint-color]');
  await page.waitForFunction(
    (red) =>
      document
        .querySelector('toon-app')
        ?.shadowRoot?.querySelector('toon-colorize-view')
        ?.shadowRoot?.querySelector('[data-testid=hint-color]')?.value === red,
    RED,
    { timeout: 10_000 },
  );
  const swatch = page.locator(`[data-testid=recent-color][data-hex="${RED}"]`);
  await swatch.waitFor({ state: 'visible', timeout: 10_000 });
  assert.equal(await swatch.getAttribute('aria-pressed'), 'true', 'the current colour is the pressed swatch');
  const fill = await swatch.locator('.recent-fill').evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(fill, 'rgb(224, 27, 27)', 'the swatch shows the colour');
  await colorInput.fill('#2050d0');
  assert.equal(await swatch.getAttribute('aria-pressed'), 'false', 'another colour picked');
  await swatch.click();
  assert.equal(await colorInput.inputValue(), RED, 'a click on the swatch makes it the hint colour again');
  fs.mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: path.join('test-results', 'colorize-recent-colors.png') });

  // 4. Recolor three more times: each new result replaces the last, in the editor and as the
  // list's thumbnail. Counted by the page-level wrapper (not the view's own counter): no more live
  // object URLs than before, every replaced result's and thumbnail's URL revoked, the shown ones live.
  // Settled = the editor shows a result other than `prev` and the list a thumbnail other than
  // `prevThumb`, both live, the view holding 2 pictures (the panel's original and newest result).
  const shownNow = () =>
    page.evaluate(() => {
      const v = document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-colorize-view');
      return {
        shown: v?.shadowRoot
          ?.querySelector('toon-hint-canvas')
          ?.shadowRoot?.querySelector('[data-testid=colorize-image]')
          ?.getAttribute('src'),
        thumb: v?.shadowRoot?.querySelector('[data-testid=colorize-panel] img')?.getAttribute('src'),
      };
    });
  const settled = (prev, prevThumb, timeout) =>
    page.waitForFunction(
      ([prev, prevThumb]) => {
        const v = document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-colorize-view');
        const shown = v?.shadowRoot
          ?.querySelector('toon-hint-canvas')
          ?.shadowRoot?.querySelector('[data-testid=colorize-image]')
          ?.getAttribute('src');
        const thumb = v?.shadowRoot?.querySelector('[data-testid=colorize-panel] img')?.getAttribute('src');
        const live = globalThis.__liveObjectUrls;
        return (
          v?.dataset.objectUrls === '2' &&
          !!shown &&
          shown !== prev &&
          live.has(shown) &&
          !!thumb &&
          thumb !== prevThumb &&
          live.has(thumb)
        );
      },
      [prev, prevThumb],
      { timeout },
    );
  await settled(null, null, 30_000);
  const liveBefore = (await liveUrls()).length;
  for (let i = 0; i < 3; i++) {
    const old = await shownNow();
    await page.getByRole('button', { name: 'Recolor', exact: true }).click();
    await settled(old.shown, old.thumb, 60_000);
    const live = await liveUrls();
    const now = await shownNow();
    assert.equal(live.includes(old.shown), false, `recolor ${i + 1}: the previous result's object URL was revoked`);
    assert.equal(live.includes(old.thumb), false, `recolor ${i + 1}: the previous thumbnail's object URL was revoked`);
    assert.ok(live.includes(now.shown) && live.includes(now.thumb), `recolor ${i + 1}: the shown URLs are live`);
    assert.equal(live.length, liveBefore, `recolor ${i + 1}: live object URLs stay at ${liveBefore}`);
  }
  // The list shows the stored thumbnail of the newest result, not the full-size picture.
  const thumb = await page
    .locator('[data-testid=colorize-panel] img')
    .first()
    .evaluate((img) => img.decode().then(() => [img.naturalWidth, img.naturalHeight]));
  assert.ok(Math.max(...thumb) <= 320, `list thumbnail ${thumb.join('×')} is at most 320 px`);
  log(`3 recolors: ${liveBefore} live object URLs in the page before and after, replaced ones revoked`);

  await context.close();
}
