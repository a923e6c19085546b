// A strip whose last panel is full-bleed and fades to a pale sky at the bottom (a new-user trial:
// the split cut 33 of its rows off as "margin", and the slice export painted the white gutter
// gray, 241, because the paper colour was averaged with the gradient's pale rows). Through the UI:
// drop the strip → the cut editor proposes one cut, in the gutter → accept → the stored panels
// keep every row (the last one to the strip's bottom edge) and the gutter is remembered white →
// the export dialog's stitched preview has white gutter rows and the gradient's last rows.
import fs from 'node:fs';
import path from 'node:path';
import { readStores } from './store-read.mjs';

export const timeout = 240_000;

const W = 800;
const H = 3200;
const P1 = [80, 1400]; // framed drawing, [top, bottom)
const P2 = [1560, H]; // full-bleed gradient to the bottom edge
const SKY_TOP = [111, 168, 220];
const SKY_BOTTOM = [238, 244, 250]; // within the split's noise tolerance of white, but not paper

/** In the page: the strip as a PNG; the original kept on window. */
function makeStrip([W, H, P1, P2, top, bottom]) {
  return (async () => {
    const c = new OffscreenCanvas(W, H);
    const g = c.getContext('2d');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, W, H);
    g.fillStyle = '#e8d5c0';
    g.fillRect(24, P1[0], W - 48, P1[1] - P1[0]);
    g.fillStyle = '#445';
    g.beginPath();
    g.arc(W / 2, (P1[0] + P1[1]) / 2, 260, 0, Math.PI * 2);
    g.fill();
    g.lineWidth = 6;
    g.strokeStyle = '#000';
    g.strokeRect(27, P1[0] + 3, W - 54, P1[1] - P1[0] - 6);
    // Row by row so every row is one exact colour (the test knows each row's value).
    for (let y = P2[0]; y < P2[1]; y++) {
      const t = (y - P2[0]) / (P2[1] - 1 - P2[0]);
      const v = top.map((a, k) => Math.round(a + (bottom[k] - a) * t));
      g.fillStyle = `rgb(${v.join(',')})`;
      g.fillRect(0, y, W, 1);
    }
    g.fillStyle = '#fff';
    g.beginPath();
    g.ellipse(250, P2[0] + 300, 140, 50, 0, 0, Math.PI * 2);
    g.fill();
    const blob = await c.convertToBlob({ type: 'image/png' });
    window.__strip = blob;
  })();
}

export default async function (ctx) {
  const { assert, log } = ctx;
  const outDir = path.join('test-results', 'strip-gradient');
  fs.mkdirSync(outDir, { recursive: true });
  const context = await ctx.newContext({ locale: 'en-US', viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto('/');
  await page.locator('[data-testid=strip-empty]').waitFor();
  await page.evaluate(makeStrip, [W, H, P1, P2, SKY_TOP, SKY_BOTTOM]);
  const dt = await page.evaluateHandle(() => {
    const d = new DataTransfer();
    d.items.add(new File([window.__strip], 'sky-episode.png', { type: 'image/png' }));
    return d;
  });
  await page.locator('[data-testid=drop-zone]').dispatchEvent('drop', { dataTransfer: dt });
  await page.locator('[data-testid=cut-editor]').waitFor();
  const proposed = await page.locator('[data-testid=cut-row]').evaluateAll((els) => els.map((e) => Number(e.value)));
  assert.equal(proposed.length, 1, `one cut proposed: ${proposed}`);
  assert.ok(proposed[0] > P1[1] && proposed[0] < P2[0], `cut ${proposed[0]} inside the gutter`);
  await page.screenshot({ path: path.join(outDir, 'cut-editor.png') });
  await page.locator('[data-testid=cut-accept]').click();
  const items = page.locator('[data-testid=panel-item]');
  await items.nth(1).waitFor();
  assert.equal(await items.count(), 2);

  const db = await readStores(page, ['projects', 'panels']);
  const byId = Object.fromEntries(db.panels.map((p) => [p.id, p]));
  const stored = db.projects
    .find((p) => p.panelIds.length === 2)
    .panelIds.map((id) => ({ h: byId[id].height, before: byId[id].gapBefore, after: byId[id].gapAfter }));
  log('stored', JSON.stringify(stored));
  assert.deepEqual(
    stored.map((p) => p.h),
    [P1[1] - P1[0], P2[1] - P2[0]],
    'every row of both panels kept, the gradient to the bottom edge',
  );
  assert.deepEqual(stored[0].before, { height: P1[0], color: '#ffffff' });
  assert.deepEqual(stored[0].after, { height: P2[0] - P1[1], color: '#ffffff' }, 'the gutter is remembered white');
  assert.equal(stored[1].after, undefined, 'no margin below a full-bleed panel');

  // The export dialog's stitched preview (PNG, the strip's own width): white gutter, the sky's last row.
  await page.locator('[data-testid=export-zip]').click();
  await page.locator('[data-testid=export-dialog]').waitFor();
  const dialog = page.locator('toon-export-dialog');
  await page.locator('[data-testid=export-format]').selectOption('png');
  await page.locator('[data-testid=export-width]').fill(String(W));
  await page.locator('[data-testid=export-width]').dispatchEvent('change');
  // Ready with a PNG preview at the strip's width (not the build from before the changes).
  await dialog.evaluate(
    (el, w) =>
      new Promise((res) => {
        const check = () => {
          const img = el.shadowRoot?.querySelector('[data-testid=export-preview]');
          const png = img?.getAttribute('src')?.startsWith('blob:') && img.complete && img.naturalWidth === w;
          if (el.dataset.state === 'ready' && png) res();
          else setTimeout(check, 50);
        };
        check();
      }),
    W,
  );
  const rows = await page.locator('[data-testid=export-preview]').evaluate(
    async (img, [gutter, last]) => {
      await img.decode();
      const c = new OffscreenCanvas(img.naturalWidth, img.naturalHeight);
      const g = c.getContext('2d', { willReadFrequently: true });
      g.drawImage(img, 0, 0);
      const row = (y) => Array.from(g.getImageData(0, y, c.width, 1).data.slice(0, 3));
      return { w: c.width, h: c.height, gutter: row(gutter), last: row(last) };
    },
    [(P1[1] + P2[0]) >> 1, H - 1],
  );
  log('preview', JSON.stringify(rows));
  assert.deepEqual([rows.w, rows.h], [W, H], 'the preview is the whole strip at its own size');
  assert.deepEqual(rows.gutter, [255, 255, 255], 'the gutter stays white');
  rows.last.forEach((v, k) => assert.ok(Math.abs(v - SKY_BOTTOM[k]) <= 1, `the sky's last row is kept (${rows.last})`));
  await page.screenshot({ path: path.join(outDir, 'export-preview.png') });
  await context.close();
}
