// EXIF-rotated phone photos (issue 18 item 6). A JPEG is encoded in the page (60×40 stored, four
// coloured quadrants), then an APP1 EXIF segment with Orientation=6 ("rotate 90° clockwise to
// display", what phones write for a portrait shot) is inserted after SOI here in node. A browser
// shows it 40×60. It must:
// - import in Strip as a 40×60 panel (record width/height = the displayed size), pixels upright
//   (quadrant colours where the photo shows them), shown upright in the strip;
// - be accepted in References (added, no decode error) and in Colorize (a panel, no "damaged").
// Orientation 1 and a garbled EXIF segment import at the stored 60×40.
import fs from 'node:fs';
import path from 'node:path';
import { root } from './harness.mjs';

export const timeout = 360_000;

// Stored quadrants: TL red, TR green, BL blue, BR yellow.
const RED = [230, 20, 20],
  GREEN = [20, 200, 40],
  BLUE = [20, 40, 220],
  YELLOW = [240, 220, 20];

/** APP1 segment: "Exif\0\0" + big-endian TIFF with IFD0 = { Orientation (0x0112, SHORT, 1) = o }. */
function exifApp1(o, garble = false) {
  const tiff = Buffer.alloc(8 + 2 + 12 + 4);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(1, 8);
  tiff.writeUInt16BE(0x0112, 10);
  tiff.writeUInt16BE(3, 12);
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt16BE(o, 18);
  if (garble) tiff.fill(0xee, 2);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const head = Buffer.alloc(4);
  head.writeUInt16BE(0xffe1, 0);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/** The JPEG with the APP1 inserted right after SOI (before the encoder's APP0). */
const withExif = (jpeg, app1) => Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)]);

async function encodeJpeg(page) {
  const b64 = await page.evaluate(
    async ([r, g, b, y]) => {
      const c = new OffscreenCanvas(60, 40);
      const x = c.getContext('2d');
      const fill = (rgb, px, py) => {
        x.fillStyle = `rgb(${rgb.join(',')})`;
        x.fillRect(px, py, 30, 20);
      };
      fill(r, 0, 0);
      fill(g, 30, 0);
      fill(b, 0, 20);
      fill(y, 30, 20);
      const bytes = new Uint8Array(await (await c.convertToBlob({ type: 'image/jpeg', quality: 0.95 })).arrayBuffer());
      let s = '';
      for (const v of bytes) s += String.fromCharCode(v);
      return btoa(s);
    },
    [RED, GREEN, BLUE, YELLOW],
  );
  return Buffer.from(b64, 'base64');
}

/** In the page: every panel with its stored size and the colours at its four quadrant centres, decoded as the app decodes (from-image). */
function panels(page) {
  return page.evaluate(async () => {
    const db = await new Promise((res, rej) => {
      const r = indexedDB.open('toonsmith');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const get = (s, m, k) =>
      new Promise((res) => {
        const r = db.transaction(s).objectStore(s)[m](k);
        r.onsuccess = () => res(r.result);
      });
    const out = [];
    for (const p of await get('panels', 'getAll')) {
      const blob = await get('blobs', 'get', p.originalBlobId);
      const bmp = await createImageBitmap(blob.blob, {
        imageOrientation: 'from-image',
      });
      const c = new OffscreenCanvas(bmp.width, bmp.height);
      const x = c.getContext('2d');
      x.drawImage(bmp, 0, 0);
      const at = (fx, fy) =>
        Array.from(x.getImageData(Math.floor(bmp.width * fx), Math.floor(bmp.height * fy), 1, 1).data.slice(0, 3));
      out.push({
        name: p.sourceName,
        width: p.width,
        height: p.height,
        decoded: [bmp.width, bmp.height],
        tl: at(0.25, 0.25),
        tr: at(0.75, 0.25),
        bl: at(0.25, 0.75),
        br: at(0.75, 0.75),
      });
    }
    db.close();
    return out;
  });
}

const near = (a, b) => a.every((v, i) => Math.abs(v - b[i]) <= 24);

export default async function (ctx) {
  const { assert, log } = ctx;
  const shotDir = path.join(root, 'test-results');
  fs.mkdirSync(shotDir, { recursive: true });
  const context = await ctx.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto('/');
  await page.locator('[data-testid=strip-empty]').waitFor();
  const plain = await encodeJpeg(page);
  const rotated = withExif(plain, exifApp1(6));
  const upright = withExif(plain, exifApp1(1));
  const garbled = withExif(plain, exifApp1(6, true));
  log(`JPEG ${plain.length} bytes; with EXIF Orientation=6: ${rotated.length} bytes`);

  // Strip: three photos at once.
  await page.locator('[data-testid=file-input]').setInputFiles([
    { name: 'phone-portrait.jpg', mimeType: 'image/jpeg', buffer: rotated },
    { name: 'orientation-1.jpg', mimeType: 'image/jpeg', buffer: upright },
    { name: 'garbled-exif.jpg', mimeType: 'image/jpeg', buffer: garbled },
  ]);
  await page.locator('[data-testid=panel-item]').nth(2).waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('toon-notifier [role=alert]').count(), 0, 'no photo refused');
  const ps = await panels(page);
  log(JSON.stringify(ps));
  const portrait = ps.find((p) => p.name === 'phone-portrait.jpg');
  assert.deepEqual([portrait.width, portrait.height], [40, 60], 'stored panel size = the displayed (rotated) size');
  assert.deepEqual(portrait.decoded, [40, 60]);
  // Rotated 90° clockwise: stored BL (blue) is now top-left, TL (red) top-right, BR (yellow) bottom-left, TR (green) bottom-right.
  assert.ok(
    near(portrait.tl, BLUE) && near(portrait.tr, RED) && near(portrait.bl, YELLOW) && near(portrait.br, GREEN),
    `upright pixels: ${JSON.stringify(portrait)}`,
  );
  for (const name of ['orientation-1.jpg', 'garbled-exif.jpg']) {
    const p = ps.find((x) => x.name === name);
    assert.deepEqual([p.width, p.height], [60, 40], `${name} keeps the stored size`);
    assert.ok(
      near(p.tl, RED) && near(p.tr, GREEN) && near(p.bl, BLUE) && near(p.br, YELLOW),
      `${name} pixels as stored`,
    );
  }
  // What the strip shows: the portrait photo's <img> is upright (40 wide, 60 tall, blue top-left).
  const shown = await page
    .locator('[data-testid=panel-item]')
    .filter({ hasText: 'phone-portrait.jpg' })
    .locator('img')
    .first()
    .evaluate(async (img) => {
      // Wait for the thumbnail to be loaded (its object URL is set once the blob is read).
      await new Promise((res) => {
        const check = () =>
          img.complete && img.naturalWidth > 0 ? res() : img.addEventListener('load', check, { once: true });
        check();
      });
      const c = document.createElement('canvas');
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const x = c.getContext('2d');
      x.drawImage(img, 0, 0);
      return {
        w: img.naturalWidth,
        h: img.naturalHeight,
        tl: Array.from(x.getImageData(10, 15, 1, 1).data.slice(0, 3)),
      };
    });
  log('shown in the strip:', JSON.stringify(shown));
  assert.deepEqual([shown.w, shown.h], [40, 60]);
  assert.ok(near(shown.tl, BLUE), 'the strip shows it upright');
  await page.screenshot({ path: path.join(shotDir, 'exif-strip.png') });

  // References: accepted (embedded, no decode error).
  await page.locator('a[data-route=references]').click();
  const refs = page.locator('toon-references-view');
  await refs
    .locator('[data-testid=refs-model]')
    .filter({ hasText: /Toon-CLIP/ })
    .waitFor({ timeout: 180_000 });
  await refs
    .locator('[data-testid=refs-file-input]')
    .setInputFiles({ name: 'phone-portrait.jpg', mimeType: 'image/jpeg', buffer: rotated });
  await page.locator('toon-notifier [role=status]', { hasText: 'Added 1 reference.' }).waitFor({ timeout: 120_000 });
  assert.equal(await page.locator('toon-notifier [role=alert]').count(), 0, 'References did not refuse it');

  // Colorize: dropped photo becomes a panel there too (same import checks), no "damaged" message.
  await page.locator('a[data-route=colorize]').click();
  const col = page.locator('toon-colorize-view');
  // Wait for the view's own list (the strip's three panels) before adding: a count taken while the
  // freshly created view is still loading would be 0 and nth(0) would match an old panel.
  await col.locator('[data-testid=colorize-panel]').nth(2).waitFor({ timeout: 60_000 });
  await col
    .locator('[data-testid=colorize-file]')
    .setInputFiles({ name: 'phone-colorize.jpg', mimeType: 'image/jpeg', buffer: rotated });
  await col.getByRole('button', { name: /phone-colorize\.jpg/ }).waitFor({ timeout: 120_000 });
  assert.equal(await page.locator('toon-notifier [role=alert]').count(), 0, 'Colorize did not refuse it');
  const c = (await panels(page)).find((p) => p.name === 'phone-colorize.jpg');
  assert.deepEqual([c.width, c.height], [40, 60]);
  assert.ok(near(c.tl, BLUE) && near(c.tr, RED), 'upright in Colorize too');
  await page.screenshot({ path: path.join(shotDir, 'exif-colorize.png') });
}
