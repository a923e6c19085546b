// One image codec (issue 15): the same file gives the same pixels to every model path. The decode
// entries the workers call — runtime (Values check), diffusion (img2img / image prompt), CLIP (what
// its processor receives), colorize, and the image worker's import re-encode (toPng) — run in
// headless Chromium on the same bytes (driver: codec-paths.entry.ts, bundled at test time):
// - a 900×500 opaque PNG with a gAMA chunk (gamma 1.0): every path that resizes (bound 512) gives
//   the same 512×284 pixels; the full-size paths (colorize, import) give the file's own bytes —
//   no colour-space conversion, so the gAMA chunk is not applied;
// - a JPEG with EXIF Orientation 6 (60×40 stored): every path gives the same 40×60 upright pixels;
// - a PNG with transparency: runtime, diffusion and colorize give the same straight-alpha pixels,
//   CLIP gets its opaque pixels unchanged and transparent ones as white.
import zlib from 'node:zlib';
import fs from 'node:fs';
import { buildDriver } from './page-driver.mjs';

export const timeout = 240_000;

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
/** 8-bit PNG, colour type 2 (RGB) or 6 (RGBA); `extra` chunks go before IDAT. */
function png(px, w, h, channels, extra = []) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, channels === 4 ? 6 : 2, 0, 0, 0], 8);
  const row = 1 + w * channels;
  const raw = Buffer.alloc(h * row);
  for (let y = 0; y < h; y++) px.copy(raw, y * row + 1, y * w * channels, (y + 1) * w * channels);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    ...extra,
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
/** Deterministic pattern: smooth gradients plus a hash, so resampling has something to do. */
function pattern(w, h, channels) {
  const px = Buffer.alloc(w * h * channels);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * channels;
      const hash = ((x * 73856093) ^ (y * 19349663)) >>> 0;
      px[i] = (x * 255) / (w - 1);
      px[i + 1] = (y * 255) / (h - 1);
      px[i + 2] = hash & 255;
      if (channels === 4) px[i + 3] = x < w / 3 ? 0 : x < (2 * w) / 3 ? 255 : (hash >> 8) & 255;
    }
  return px;
}
/** APP1 EXIF with IFD0 = { Orientation: o } (big-endian TIFF), inserted right after SOI. */
function withOrientation(jpeg, o) {
  const tiff = Buffer.alloc(26);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(1, 8);
  tiff.writeUInt16BE(0x0112, 10);
  tiff.writeUInt16BE(3, 12);
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt16BE(o, 18);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const head = Buffer.alloc(4);
  head.writeUInt16BE(0xffe1, 0);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), head, payload, jpeg.subarray(2)]);
}

const rgbOf = (rgba) => rgba.filter((_, i) => i % 4 !== 3);

export default async function (ctx) {
  const { assert, log, distDir } = ctx;
  const out = await buildDriver(distDir, 'codec-paths.entry.ts', '__e2e_codec', 'codec.js');
  try {
    const context = await ctx.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto('/');
    await page.locator('toon-app').waitFor();
    const decode = (bytes, type, maxSide) =>
      page.evaluate(
        async ([b, t, m]) => (await import('/__e2e_codec/codec.js')).decodeEverywhere(b, t, m),
        [Array.from(bytes), type, maxSide],
      );

    // 1. Opaque PNG, 900×500, gAMA = 1.0 (100000): resized paths agree; full-size paths = file bytes.
    const rgb = pattern(900, 500, 3);
    const gama = Buffer.alloc(4);
    gama.writeUInt32BE(100000);
    const a = await decode(png(rgb, 900, 500, 3, [chunk('gAMA', gama)]), 'image/png', 512);
    for (const p of ['runtime', 'diffusion']) assert.deepEqual([a[p].width, a[p].height], [512, 284], `${p} size`);
    assert.deepEqual(a.diffusion.data, a.runtime.data, 'diffusion gets the runtime path pixels');
    assert.deepEqual([a.clip.width, a.clip.height, a.clip.channels], [512, 284, 3], 'CLIP size');
    assert.deepEqual(a.clip.data, rgbOf(a.runtime.data), 'CLIP gets the same pixels (RGB)');
    assert.deepEqual([a.colorize.width, a.colorize.height], [900, 500]);
    assert.deepEqual(rgbOf(a.colorize.data), Array.from(rgb), 'colorize: the file bytes (gAMA not applied)');
    assert.ok(
      a.colorize.data.every((v, i) => i % 4 !== 3 || v === 255),
      'opaque',
    );
    assert.deepEqual(a.imported.data, a.colorize.data, 'import re-encode (image worker) keeps the same pixels');
    log('opaque PNG 900×500 (gAMA 1.0): 4 resized paths identical at 512×284; colorize + import = file bytes');

    // 2. JPEG with EXIF Orientation 6 (stored 60×40 → displayed 40×60): same upright pixels everywhere.
    const jpegB64 = await page.evaluate(async () => {
      const c = new OffscreenCanvas(60, 40);
      const x = c.getContext('2d');
      for (const [col, px, py] of [
        ['#e11', 0, 0],
        ['#1a1', 30, 0],
        ['#22e', 0, 20],
        ['#ee2', 30, 20],
      ]) {
        x.fillStyle = col;
        x.fillRect(px, py, 30, 20);
      }
      const b = new Uint8Array(await (await c.convertToBlob({ type: 'image/jpeg', quality: 0.95 })).arrayBuffer());
      let s = '';
      for (const v of b) s += String.fromCharCode(v);
      return btoa(s);
    });
    const j = await decode(withOrientation(Buffer.from(jpegB64, 'base64'), 6), 'image/jpeg', 512);
    for (const p of ['runtime', 'diffusion', 'colorize', 'clip'])
      assert.deepEqual([j[p].width, j[p].height], [40, 60], `${p}: EXIF orientation applied`);
    assert.deepEqual(j.diffusion.data, j.runtime.data);
    assert.deepEqual(j.colorize.data, j.runtime.data);
    assert.deepEqual(j.clip.data, rgbOf(j.runtime.data));
    assert.deepEqual(j.imported.data, j.runtime.data, 'import re-encode keeps the upright pixels');
    // Orientation 6 turns the picture clockwise: the stored top-left (red) lands top-right.
    const at = (p, x, y) => p.data.slice((y * p.width + x) * 4, (y * p.width + x) * 4 + 3);
    const [r, g, b] = at(j.runtime, 30, 10);
    assert.ok(r > 180 && g < 80 && b < 80, `top-right is red after the turn, got ${[r, g, b]}`);
    log('EXIF-6 JPEG: every path 40×60, identical pixels, red at the top right');

    // 3. PNG with transparency (straight alpha): the same RGBA for runtime, diffusion, colorize; CLIP on white.
    const rgba = pattern(300, 200, 4);
    const t = await decode(png(rgba, 300, 200, 4), 'image/png', 512);
    assert.deepEqual(t.diffusion.data, t.runtime.data);
    assert.deepEqual(t.colorize.data, t.runtime.data);
    let opaque = 0;
    let clear = 0;
    for (let i = 0; i < 300 * 200; i++) {
      const alpha = rgba[i * 4 + 3];
      const clip = t.clip.data.slice(i * 3, i * 3 + 3);
      if (alpha === 255) {
        opaque++;
        assert.deepEqual(clip, Array.from(rgba.subarray(i * 4, i * 4 + 3)), `opaque pixel ${i} reaches CLIP as is`);
      } else if (alpha === 0) {
        clear++;
        assert.deepEqual(clip, [255, 255, 255], `transparent pixel ${i} reaches CLIP as white`);
      }
    }
    const straight = t.colorize.data.filter((_, i) => i % 4 === 3 && rgba[i] === 255).length;
    assert.equal(straight, opaque, 'alpha kept');
    log(`RGBA PNG: runtime = diffusion = colorize; CLIP: ${opaque} opaque pixels as is, ${clear} transparent as white`);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
