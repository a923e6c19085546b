// Screentone under a colour (a new-user trial: a bucket on a dotted ground gave green dots on white
// paper). The Colorize nav link → a gray panel dropped (a gradient sky, a horizon line, a ground of
// 2 × 2 black dots every 6 px on white) → a bucket on the ground: the paper between the dots stays
// white (val keeps the dots by default) and a notice names the screentone and the switch → "Smooth
// screentone under colours" ticked: the stored ground is one even green at the tone's lightness,
// the sky is unchanged, the switch is stored with the panel and survives a reload → the PSD shows
// the smoothed tones over the original ones (hidden). Screenshots before and after.
import fs from 'node:fs';
import path from 'node:path';
import { readPsd } from './psd-node.mjs';
import { colorizeWaits, dropPanelInColorize } from './stored-panel.mjs';
import { readStores } from './store-read.mjs';

export const timeout = 240_000;

const W = 320;
const H = 240;
const HORIZON = 150;

/** In the page: the gray panel as a PNG file in a DataTransfer. */
function drawPanel([w, h, horizon]) {
  return (async () => {
    const c = new OffscreenCanvas(w, h);
    const g = c.getContext('2d');
    const sky = g.createLinearGradient(0, 0, 0, horizon);
    sky.addColorStop(0, '#9a9a9a');
    sky.addColorStop(1, '#e6e6e6');
    g.fillStyle = sky;
    g.fillRect(0, 0, w, horizon);
    g.fillStyle = '#fff';
    g.fillRect(0, horizon, w, h - horizon);
    g.fillStyle = '#000';
    for (let y = horizon + 6; y < h; y += 6) for (let x = 0; x < w; x += 6) g.fillRect(x, y, 2, 2);
    g.fillRect(0, horizon - 1, w, 3);
    const d = new DataTransfer();
    d.items.add(new File([await c.convertToBlob({ type: 'image/png' })], 'tone.png', { type: 'image/png' }));
    return d;
  })();
}

export default async function (ctx) {
  const { assert, log } = ctx;
  const shots = path.join('test-results', 'colorize-screentone');
  fs.mkdirSync(shots, { recursive: true });
  const context = await ctx.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const { view, canvas } = await dropPanelInColorize(page, drawPanel, [W, H, HORIZON]);
  const { attr, waitResultHints, waitStored } = colorizeWaits(page);
  assert.equal(await attr('data-kind'), 'gray', 'the panel is detected as gray');
  const smooth = view().locator('[data-testid=colorize-smooth-tones]');
  assert.ok(await smooth.isVisible(), 'a gray panel offers "Smooth screentone under colours"');
  assert.equal(await smooth.isChecked(), false, 'off by default');

  // a bucket on the ground, on paper between the dots
  await view().locator('[data-testid=colorize-tool]').selectOption('fill');
  await view().locator('[data-testid=hint-color]').fill('#30a040');
  const box = await canvas.boundingBox();
  await page.mouse.click(box.x + (99.5 * box.width) / W, box.y + (201.5 * box.height) / H);
  await waitResultHints(1);
  const notice = page.locator('toon-notifier [role=status]', { hasText: 'screentone' });
  await notice.waitFor();
  log('notice:', (await notice.textContent()).trim());
  assert.match(
    await notice.textContent(),
    /tone\.png.*Smooth screentone under colours/s,
    'the notice names the panel and the switch',
  );
  const before = await waitStored('tone.png', (p) => p.hints === 1 && p.res, 'the bucket on the ground');
  const px = (s, x, y) => Array.from(s.res.slice((y * W + x) * 4, (y * W + x) * 4 + 3));
  assert.deepEqual(px(before, 99, 201), [255, 255, 255], 'by default the paper between the dots stays white');
  await page.screenshot({ path: path.join(shots, 'dots-kept.png') });

  // the switch: the ground becomes one even green, the sky is as it was
  await smooth.check();
  const after = await waitStored(
    'tone.png',
    (p) => p.res && px(p, 99, 201).join() !== '255,255,255',
    'the smoothed ground',
  );
  let lo = 255;
  let hi = 0;
  let greenish = 0;
  let n = 0;
  for (let y = HORIZON + 12; y < H - 12; y++)
    for (let x = 12; x < W - 12; x++) {
      const [r, g, b] = px(after, x, y);
      lo = Math.min(lo, g);
      hi = Math.max(hi, g);
      if (g > r + 20 && g > b + 20) greenish++;
      n++;
    }
  let skyChanged = 0;
  for (let y = 0; y < HORIZON - 4; y++)
    for (let x = 0; x < W; x++) if (px(after, x, y).join() !== px(before, x, y).join()) skyChanged++;
  log(`smoothed ground: ${greenish} / ${n} green pixels, G ${lo}–${hi}; sky pixels changed ${skyChanged}`);
  assert.equal(greenish, n, 'every ground pixel is green (no white paper between dots)');
  assert.ok(hi - lo <= 3, `one even tone, no dots (G ${lo}–${hi})`);
  assert.equal(skyChanged, 0, 'the sky is untouched');
  const rec = (await readStores(page, ['hints'])).hints[0];
  assert.equal(rec.smoothTones, true, 'the switch is stored with the panel');
  await page.screenshot({ path: path.join(shots, 'dots-smoothed.png') });

  // a reload keeps the switch and the picture
  await page.reload();
  await view().locator('h2').waitFor();
  await canvas.waitFor();
  await page.waitForFunction(
    () => document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-colorize-view')?.dataset.run,
  );
  assert.equal(await smooth.isChecked(), true, 'ticked after a reload');
  const reloaded = await waitStored('tone.png', (p) => !!p.res, 'the stored panel after a reload');
  assert.deepEqual(px(reloaded, 99, 201), px(after, 99, 201), 'the stored picture is the smoothed one');

  // the PSD: smoothed tones visible, the original tones kept below them, hidden
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    view().locator('[data-testid=colorize-psd]').click(),
  ]);
  const psdFile = path.join(shots, 'tone-layers.psd');
  await download.saveAs(psdFile);
  const psd = readPsd(fs.readFileSync(psdFile), {
    skipCompositeImageData: true,
    skipThumbnail: true,
    useImageData: true,
  });
  const names = psd.children.map((l) => `${l.name}${l.hidden ? ' (hidden)' : ''}`);
  log('PSD layers:', names.join(', '));
  assert.deepEqual(names, ['Original tones (hidden)', 'Tones, screentone smoothed', 'Flats', 'Line art (hidden)']);
  const smoothed = psd.children[1].imageData.data;
  const at = (x, y) => smoothed[(y * W + x) * 4];
  assert.ok(Math.abs(at(99, 201) - at(100, 198)) <= 3, 'the smoothed tones layer has no dots');
  await context.close();
}
