// Colorize from the keyboard alone (a new-user trial could only put a hint at the panel's centre):
// the Colorize nav link → a line-art panel dropped → Tab to the picture → the arrow keys move the
// cursor drawn over it (data-cursor, panel px; Shift moves 4× as far) → Enter fills the box under
// the cursor with the bucket, Space fills the ellipse (and does not scroll the page) → both hints
// are stored where the cursor was and their regions take the colours. Screenshot with the cursor.
import fs from 'node:fs';
import path from 'node:path';
import { colorizeWaits, dropPanelInColorize } from './stored-panel.mjs';
import { readStores } from './store-read.mjs';

export const timeout = 240_000;

const W = 320;
const H = 240;

/** In the page: a line-art panel (an ellipse and a box) as a PNG file in a DataTransfer. */
function drawPanel([w, h]) {
  return (async () => {
    const c = new OffscreenCanvas(w, h);
    const g = c.getContext('2d');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, w, h);
    g.strokeStyle = '#000';
    g.lineWidth = 3;
    g.beginPath();
    g.ellipse(70, 70, 50, 40, 0, 0, Math.PI * 2);
    g.stroke();
    g.strokeRect(150, 20, 100, 80);
    const d = new DataTransfer();
    d.items.add(new File([await c.convertToBlob({ type: 'image/png' })], 'keys.png', { type: 'image/png' }));
    return d;
  })();
}

export default async function (ctx) {
  const { assert, log } = ctx;
  const shots = path.join('test-results', 'colorize-keyboard');
  fs.mkdirSync(shots, { recursive: true });
  const context = await ctx.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const { view, canvas } = await dropPanelInColorize(page, drawPanel, [W, H]);
  await view().locator('[data-testid=hint-color]').fill('#2060e0');

  // Tab until the picture has the focus (as a keyboard user reaches it).
  const onCanvas = () =>
    page.evaluate(() => {
      let a = document.activeElement;
      while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
      return a?.dataset?.testid === 'colorize-canvas';
    });
  await page.locator('toon-app nav a[data-route=colorize]').focus();
  let tabs = 0;
  for (; !(await onCanvas()) && tabs < 80; tabs++) await page.keyboard.press('Tab');
  assert.ok(await onCanvas(), `the picture is reached with Tab (${tabs} presses)`);
  const cursor = async () => (await canvas.getAttribute('data-cursor')).split(',').map(Number);
  assert.deepEqual(await cursor(), [160, 120], 'the cursor starts at the centre');

  // To the box's inside (200, 60): 8 × right, 12 × up (5 px a press: 320 / 64).
  for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight');
  for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowUp');
  assert.deepEqual(await cursor(), [200, 60]);
  await page.keyboard.press('Enter');
  const { waitResultHints, waitStored } = colorizeWaits(page);
  await waitResultHints(1);

  // To the ellipse: Shift+Left 6× (20 px each), Left 1×, Down 2× → (75, 70); Space applies.
  await view().locator('[data-testid=hint-color]').fill('#e02020');
  for (tabs = 0; !(await onCanvas()) && tabs < 80; tabs++) await page.keyboard.press('Tab'); // back from the colour input
  const scrollY = await page.evaluate(() => window.scrollY);
  for (let i = 0; i < 6; i++) await page.keyboard.press('Shift+ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowDown');
  assert.deepEqual(await cursor(), [75, 70]);
  await page.keyboard.press('Space');
  await waitResultHints(2);
  assert.equal(await page.evaluate(() => window.scrollY), scrollY, 'Space did not scroll the page');
  await page.screenshot({ path: path.join(shots, 'keyboard-cursor.png') });

  const s = await waitStored('keys.png', (p) => p.hints === 2 && p.res, 'both keyboard hints');
  const stored = (await readStores(page, ['hints'])).hints.flatMap((r) => r.hints);
  log('stored hints', JSON.stringify(stored.map((h) => [h.x, h.y, h.fill ?? false])));
  assert.deepEqual(
    stored.map((h) => [h.x, h.y, h.fill === true]),
    [
      [200, 60, true],
      [75, 70, true],
    ],
    'the bucket hints are stored where the cursor was',
  );
  const px = (x, y) => Array.from(s.res.slice((y * W + x) * 4, (y * W + x) * 4 + 3));
  assert.deepEqual(px(200, 60), [32, 96, 224], 'the box is blue');
  assert.deepEqual(px(70, 70), [224, 32, 32], 'the ellipse is red');
  assert.deepEqual(px(5, 200), [255, 255, 255], 'the paper stays white');
  await context.close();
}
