// Colorize keeps what the user has (new-user walkthrough), through the UI like a person:
// (1) a COLOUR panel and a gray one imported in Strip (file chooser) → the 채색/Colorize nav link
//     only (the first panel is opened and previewed) → back to Strip with its nav link: the colour
//     panel still has no stored result and no hints record, no "converted to lightness" notice was
//     shown, and the strip's thumbnail is the same colour picture as before the visit;
// (2) the 2nd panel selected → reload → Colorize reopens the 2nd panel (remembered per project);
// (3) "Automatic colours" ticked on that panel → its stored result has automatic colours and the
//     record says auto → reload → the box is ticked again → a hint (an edit) keeps the automatic
//     colours: no pixel coloured before the edit loses its colour, the hint's region changes.
// Screenshots in test-results/colorize-keep/.
import fs from 'node:fs';
import path from 'node:path';
import { root } from './harness.mjs';
import { storedPanel } from './stored-panel.mjs';

export const timeout = 420_000;

const COLOURED = 8; // chroma (CIELAB) above which a pixel counts as coloured
const UNCOLOURED = 2; // 8-bit gray stays below this

/** CIELAB a*, b* of an sRGB pixel. */
function ab(r, g, b) {
  const lin = (c) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const f = (t) => (t > (6 / 29) ** 3 ? Math.cbrt(t) : t / (3 * (6 / 29) ** 2) + 4 / 29);
  const [R, G, B] = [lin(r), lin(g), lin(b)];
  const x = f((0.4124564 * R + 0.3575761 * G + 0.1804375 * B) / 0.95047);
  const y = f(0.2126729 * R + 0.7151522 * G + 0.072175 * B);
  const z = f((0.0193339 * R + 0.119192 * G + 0.9503041 * B) / 1.08883);
  return [500 * (x - y), 200 * (y - z)];
}
const chroma = (r, g, b) => Math.hypot(...ab(r, g, b));

const viewData = (page) =>
  page.evaluate(() => ({
    ...document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-colorize-view')?.dataset,
  }));

export default async function (ctx) {
  const { assert, log, fixturesDir } = ctx;
  const shots = path.join(root, 'test-results/colorize-keep');
  fs.mkdirSync(shots, { recursive: true });
  const meta = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'colorize', 'panel-gray.json'), 'utf8'));
  const context = await ctx.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto('/');
  const nav = (route) => page.locator(`toon-app nav a[data-route=${route}]`).click();
  const strip = page.locator('toon-strip-view');
  const col = page.locator('toon-colorize-view');

  // 1. Strip: import a colour panel and a gray one with the file chooser.
  await nav('strip');
  await strip
    .locator('[data-testid=file-input]')
    .setInputFiles([
      path.join(fixturesDir, 'colorize', 'panel-color.png'),
      path.join(fixturesDir, 'colorize', 'panel-gray.png'),
    ]);
  const thumbs = strip.locator('[data-testid=panel-thumb]');
  await thumbs.nth(1).waitFor({ timeout: 60_000 });
  /** The strip's first thumbnail as a person sees it: its decoded pixels' mean chroma and a digest. */
  const firstThumb = async () => {
    await page.waitForFunction(
      () => {
        const list = document
          .querySelector('toon-app')
          ?.shadowRoot?.querySelector('toon-strip-view')
          ?.shadowRoot?.querySelector('toon-panel-list')?.shadowRoot;
        const img = list?.querySelector('[data-testid=panel-thumb]');
        return !!img && img.complete && img.naturalWidth > 0;
      },
      null,
      { timeout: 60_000 },
    );
    const px = await thumbs.first().evaluate((img) => {
      const c = new OffscreenCanvas(img.naturalWidth, img.naturalHeight);
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      return Array.from(g.getImageData(0, 0, c.width, c.height).data);
    });
    let sum = 0;
    for (let j = 0; j < px.length; j += 4) sum += chroma(px[j], px[j + 1], px[j + 2]);
    return { meanChroma: sum / (px.length / 4), px };
  };
  const before = await firstThumb();
  log(`strip thumbnail of the colour panel before Colorize: mean chroma ${before.meanChroma.toFixed(1)}`);
  assert.ok(before.meanChroma > 10, `the colour panel's thumbnail is in colour (${before.meanChroma.toFixed(1)})`);

  // Colorize through its nav link only: the first panel (the colour one) is opened and previewed.
  await nav('colorize');
  const colourPanel = await page.evaluate(storedPanel, { name: 'panel-color.png', pixels: false });
  await page.waitForFunction(
    (id) => {
      const v = document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-colorize-view');
      return v?.dataset.run === 'preview' && v.dataset.runPanel === id;
    },
    colourPanel.panel.id,
    { timeout: 180_000 },
  );
  await col.locator('[data-testid=colorize-panel][aria-current=true]').waitFor();
  assert.equal(
    await col.locator('[data-testid=colorize-panel]').first().getAttribute('aria-current'),
    'true',
    'Colorize opened the first panel',
  );
  assert.equal(
    await page
      .locator('toon-notifier')
      .getByText(/is a color image/)
      .count(),
    0,
    'no "converted to lightness" notice for merely opening Colorize',
  );
  await page.screenshot({ path: path.join(shots, '1-colorize-opened.png') });
  await nav('strip');
  const after = await page.evaluate(storedPanel, { name: 'panel-color.png', pixels: false });
  assert.equal(after.panel.resultBlobId, null, 'opening Colorize stored no result for the colour panel');
  assert.equal(after.hasHints, false, 'nor a hints record');
  const afterThumb = await firstThumb();
  log(`strip thumbnail after visiting Colorize: mean chroma ${afterThumb.meanChroma.toFixed(1)}`);
  assert.deepEqual(afterThumb.px, before.px, 'the strip shows the same colour picture as before the visit');
  await page.screenshot({ path: path.join(shots, '2-strip-after-colorize.png') });

  // 2. Select the 2nd panel in Colorize, reload: Colorize reopens the 2nd panel.
  await nav('colorize');
  const gray = (await page.evaluate(storedPanel, { name: 'panel-gray.png', pixels: false })).panel;
  await col.locator('[data-testid=colorize-panel]').nth(1).click();
  await page.waitForFunction(
    (id) => {
      const v = document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-colorize-view');
      return v?.dataset.run === 'preview' && v.dataset.runPanel === id;
    },
    gray.id,
    { timeout: 180_000 },
  );
  await page.reload();
  const secondSelected = () =>
    page.waitForFunction(
      () =>
        document
          .querySelector('toon-app')
          ?.shadowRoot?.querySelector('toon-colorize-view')
          ?.shadowRoot?.querySelectorAll('[data-testid=colorize-panel]')[1]
          ?.getAttribute('aria-current') === 'true',
      null,
      { timeout: 60_000 },
    );
  await secondSelected();
  assert.equal(
    await col.locator('[data-testid=colorize-panel]').first().getAttribute('aria-current'),
    'false',
    'the first panel is not the one selected after the reload',
  );
  assert.match(
    (await col.locator('[data-testid=colorize-panel][aria-current=true]').getAttribute('aria-label')) ?? '',
    /panel-gray\.png/,
    'the reopened panel is panel-gray.png',
  );
  log('after reload Colorize reopened panel 2 (panel-gray.png)');

  // 3. Automatic colours on the 2nd panel: stored with it; reload: ticked again; an edit keeps them.
  const auto = col.locator('[data-testid=colorize-auto]');
  assert.equal(await auto.isChecked(), false, 'automatic colours start off');
  await auto.check();
  await page.waitForFunction(
    (id) =>
      document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-colorize-view')?.dataset.resultHints ===
      `${id}:0`,
    gray.id,
    { timeout: 240_000 },
  );
  const s1 = await page.evaluate(storedPanel, { name: 'panel-gray.png', pixels: true });
  assert.equal(s1.auto, true, 'the panel record says automatic colours');
  assert.ok(s1.res, 'a result is stored once the user ticked automatic colours');
  const coloured1 = [];
  for (let j = 0; j < s1.res.length; j += 4)
    if (chroma(s1.res[j], s1.res[j + 1], s1.res[j + 2]) > COLOURED) coloured1.push(j);
  log(`automatic colours: ${coloured1.length} of ${s1.res.length / 4} pixels coloured`);
  assert.ok(coloured1.length > 1000, `automatic colours coloured the panel (${coloured1.length} px)`);
  await page.screenshot({ path: path.join(shots, '3-auto-colours.png') });

  await page.reload();
  await secondSelected();
  // The box is drawn before the panel's stored state is read: wait for it to come back ticked.
  await page.waitForFunction(
    () =>
      document
        .querySelector('toon-app')
        ?.shadowRoot?.querySelector('toon-colorize-view')
        ?.shadowRoot?.querySelector('[data-testid=colorize-auto]')?.checked === true,
    null,
    { timeout: 60_000 },
  );
  assert.equal(await auto.isChecked(), true, 'automatic colours ticked again after the reload');

  // An edit: a red bucket fill in the largest region.
  await col.locator('[data-testid=colorize-tool]').selectOption('fill');
  await col.locator('[data-testid=hint-color]').fill('#e01b1b');
  const img = col.locator('[data-testid=colorize-image]');
  const box = await img.boundingBox();
  await page.mouse.click(
    box.x + ((meta.hint.x + 0.5) * box.width) / meta.width,
    box.y + ((meta.hint.y + 0.5) * box.height) / meta.height,
  );
  await page.waitForFunction(
    (id) =>
      document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-colorize-view')?.dataset.resultHints ===
      `${id}:1`,
    gray.id,
    { timeout: 240_000 },
  );
  const s2 = await page.evaluate(storedPanel, { name: 'panel-gray.png', pixels: true });
  assert.equal(s2.auto, true, 'still automatic colours in the record after the edit');
  assert.equal(s2.hints, 1, 'the hint is stored');
  let lost = 0;
  for (const j of coloured1) if (chroma(s2.res[j], s2.res[j + 1], s2.res[j + 2]) < UNCOLOURED) lost++;
  let changed = 0;
  for (let j = 0; j < s2.res.length; j += 4)
    if (s2.res[j] !== s1.res[j] || s2.res[j + 1] !== s1.res[j + 1] || s2.res[j + 2] !== s1.res[j + 2]) changed++;
  const at = (meta.hint.y * meta.width + meta.hint.x) * 4;
  const [ha, hb] = ab(s2.res[at], s2.res[at + 1], s2.res[at + 2]);
  const hue = ((Math.atan2(hb, ha) * 180) / Math.PI + 360) % 360;
  const dh = Math.min(Math.abs(hue - 36.9), 360 - Math.abs(hue - 36.9)); // 36.9°: hue of #e01b1b
  log(
    `after the edit: ${changed} px changed, hint pixel hue ${hue.toFixed(1)}° chroma ${Math.hypot(ha, hb).toFixed(1)}, ${lost} auto-coloured px lost their colour`,
  );
  assert.ok(changed > 0 && dh <= 35 && Math.hypot(ha, hb) > 20, 'the hint made its region red');
  assert.equal(lost, 0, 'the edit kept the automatic colours (no coloured pixel went back to gray)');
  const data = await viewData(page);
  assert.equal(data.run, 'stored');
  await page.screenshot({ path: path.join(shots, '4-auto-kept-after-edit.png') });

  // 4. A click and at once a reload (a trial lost the click, or kept it with the old picture):
  //    after the reload the click is stored and the panel's stored picture is made with it.
  await col.locator('[data-testid=hint-color]').fill('#1b4fe0');
  await page.mouse.click(
    box.x + ((meta.hint.x + 0.5) * box.width) / meta.width,
    box.y + ((meta.hint.y + 0.5) * box.height) / meta.height,
  );
  await page.reload();
  await secondSelected();
  await page.waitForFunction(
    (id) =>
      document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-colorize-view')?.dataset.resultHints ===
      `${id}:2`,
    gray.id,
    { timeout: 240_000 },
  );
  const s3 = await page.evaluate(storedPanel, { name: 'panel-gray.png', pixels: true });
  // (the blue bucket replaced the red one in its region, so the list keeps the blue one only)
  assert.equal(s3.hints, 1, 'the click made just before the reload is stored (in place of the one it replaced)');
  const [ba, bb] = ab(s3.res[at], s3.res[at + 1], s3.res[at + 2]);
  const blueHue = ((Math.atan2(bb, ba) * 180) / Math.PI + 360) % 360;
  log(`after click + reload: hint pixel hue ${blueHue.toFixed(1)}° (was ${hue.toFixed(1)}°)`);
  assert.ok(Math.abs(blueHue - hue) > 90, 'the stored picture is made with the new click (blue, not the old red)');
  await context.close();
}
