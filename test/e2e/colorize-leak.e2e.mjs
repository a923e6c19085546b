// A fill that runs out through a gap is told, also where kept tones hide it (a new-user trial: a
// bucket on a gray bag, cut by the panel's bottom edge and with a break in its outline wider than
// "Close gaps", coloured half the panel's blank paper — invisible with tones kept, red in the PSD's
// flats — and nothing said so). The Colorize nav link → the gray panel dropped → a bucket on the bag
// → a notice names the panel and the share of blank paper the fill covers, and where to see it;
// Panel kind "Line art" then shows the leak on the paper; "Close gaps" at the break's width closes
// it: the paper stays white. A bucket on the paper itself gets the white-paper notice instead.
import fs from 'node:fs';
import path from 'node:path';
import { colorizeWaits, dropPanelInColorize } from './stored-panel.mjs';

export const timeout = 240_000;

const W = 320;
const H = 240;

/** In the page: white paper, a gray bag cut by the bottom edge, outlined but for a 5-px break. */
function drawPanel([w, h]) {
  return (async () => {
    const c = new OffscreenCanvas(w, h);
    const g = c.getContext('2d');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, w, h);
    g.fillStyle = '#969696';
    g.fillRect(180, 140, 100, h - 140);
    g.fillStyle = '#000';
    g.fillRect(177, 137, 106, 3); // top
    g.fillRect(177, 137, 3, h - 137); // left
    g.fillRect(280, 137, 3, 50); // right, above the break
    g.fillRect(280, 192, 3, h - 192); // right, below it (break: rows 187–191)
    const d = new DataTransfer();
    d.items.add(new File([await c.convertToBlob({ type: 'image/png' })], 'bag.png', { type: 'image/png' }));
    return d;
  })();
}

export default async function (ctx) {
  const { assert, log } = ctx;
  const shots = path.join('test-results', 'colorize-leak');
  fs.mkdirSync(shots, { recursive: true });
  const context = await ctx.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const { view, canvas } = await dropPanelInColorize(page, drawPanel, [W, H]);
  const { attr, waitResultHints, waitStored } = colorizeWaits(page);
  assert.equal(await attr('data-kind'), 'gray', 'the panel is detected as gray');
  await view().locator('[data-testid=colorize-tool]').selectOption('fill');
  await view().locator('[data-testid=hint-color]').fill('#d03020');
  const box = await canvas.boundingBox();
  const click = (x, y) => page.mouse.click(box.x + ((x + 0.5) * box.width) / W, box.y + ((y + 0.5) * box.height) / H);
  await click(230, 200);
  await waitResultHints(1);
  const notice = page.locator('toon-notifier [role=status]', { hasText: "of the panel's blank paper" });
  await notice.waitFor({ timeout: 30_000 });
  const text = await notice.innerText();
  log('notice:', text);
  assert.match(text, /bag\.png/);
  const pct = Number(/(\d+)%/.exec(text)?.[1]);
  // everything but the bag (100 × 100 px) and its outline: 86 % of the panel
  assert.ok(pct >= 84 && pct <= 87, `the share of blank paper is named (${pct}%)`);
  assert.match(text, /Line art/);
  assert.equal(
    await page.locator('toon-notifier [role=status]', { hasText: 'are white paper' }).count(),
    0,
    'not told that the user filled white paper',
  );
  await page.screenshot({ path: path.join(shots, 'notice.png') });

  // "Line art" shows what the flats hold: the paper far from the bag is red
  const px = (s, x, y) => (s.res ? s.res.slice((y * W + x) * 4, (y * W + x) * 4 + 3) : [0, 0, 0]);
  const paperAt = (s) => px(s, 40, 40);
  await view().locator('[data-testid=colorize-kind]').selectOption('lineart');
  const leaked = await waitStored(
    'bag.png',
    (s) => s.kind === 'lineart' && paperAt(s)[0] > 150,
    'line art shows the leak',
  );
  log('paper at (40, 40) as line art:', paperAt(leaked));
  assert.ok(paperAt(leaked)[1] < 100, 'the paper took the bag colour');
  // the break is 5 px: "Close gaps" 6 closes it, and the paper is white again
  const gapInput = view().locator('[data-testid=colorize-gap]');
  await gapInput.fill('6');
  await gapInput.dispatchEvent('change');
  const closed = await waitStored('bag.png', (s) => s.gap === 6 && paperAt(s)[1] > 240, 'the break closed');
  assert.deepEqual(paperAt(closed), [255, 255, 255], 'the paper stays white');
  const bag = px(closed, 230, 200);
  assert.ok(bag[0] > bag[1] + 60, `the bag is red (${bag})`);
  await page.screenshot({ path: path.join(shots, 'closed.png') });
  await context.close();
}
