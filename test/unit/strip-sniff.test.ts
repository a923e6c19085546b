import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { sniffImage } from '../../src/core/image/sniff';
import { crc32 } from '../../src/core/strip/crc32';
import { isTall, sizeProblem } from '../../src/core/strip/limits';
import { jpegBytes } from './jpeg-fixture';

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, data.length);
  out.set(
    [...type].map((c) => c.charCodeAt(0)),
    4,
  );
  out.set(data, 8);
  dv.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

/** A real (decodable) RGBA PNG. */
function png(w: number, h: number): Uint8Array {
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, w);
  dv.setUint32(4, h);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const raw = new Uint8Array(h * (1 + w * 4)).fill(255);
  for (let y = 0; y < h; y++) raw[y * (1 + w * 4)] = 0;
  const parts = [
    new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlibSync(raw)),
    chunk('IEND', new Uint8Array()),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const jpeg = (w: number, h: number): Uint8Array => jpegBytes(w, h);

function webpLossless(w: number, h: number): Uint8Array {
  const b = new Uint8Array(30);
  const dv = new DataView(b.buffer);
  b.set([82, 73, 70, 70], 0);
  dv.setUint32(4, 22, true);
  b.set([87, 69, 66, 80, 86, 80, 56, 76], 8);
  dv.setUint32(16, 9, true);
  b[20] = 0x2f;
  dv.setUint32(21, ((w - 1) & 0x3fff) | (((h - 1) & 0x3fff) << 14), true);
  return b;
}

describe('sniffImage', () => {
  it('recognizes whole PNG, JPEG and WebP files with their size', () => {
    expect(sniffImage(png(3, 5))).toEqual({ ok: true, type: 'image/png', width: 3, height: 5, orientation: 1 });
    expect(sniffImage(jpeg(640, 480))).toEqual({
      ok: true,
      type: 'image/jpeg',
      width: 640,
      height: 480,
      orientation: 1,
    });
    expect(sniffImage(webpLossless(800, 6000))).toEqual({
      ok: true,
      type: 'image/webp',
      width: 800,
      height: 6000,
      orientation: 1,
    });
  });

  it('classifies empty, foreign and truncated or corrupted input', () => {
    expect(sniffImage(new Uint8Array())).toMatchObject({ ok: false, code: 'empty' });
    expect(sniffImage(new TextEncoder().encode('GIF89a...'))).toMatchObject({ ok: false, code: 'not-image' });
    expect(sniffImage(new TextEncoder().encode('just some text'))).toMatchObject({ ok: false, code: 'not-image' });
    const p = png(20, 20);
    expect(sniffImage(p.slice(0, p.length - 20))).toMatchObject({ ok: false, code: 'corrupt' });
    const bad = p.slice();
    bad[45] ^= 0xff; // inside IDAT → CRC mismatch
    expect(sniffImage(bad)).toMatchObject({ ok: false, code: 'corrupt' });
    const j = jpeg(10, 10);
    expect(sniffImage(j.slice(0, j.length - 2))).toMatchObject({ ok: false, code: 'corrupt' });
    expect(sniffImage(j.slice(0, 20))).toMatchObject({ ok: false, code: 'corrupt' });
    expect(sniffImage(webpLossless(8, 8).slice(0, 25))).toMatchObject({ ok: false, code: 'corrupt' });
  });

  it('applies the documented limits', () => {
    expect(sizeProblem(800, 20000)).toBeNull();
    expect(sizeProblem(16385, 10)).toMatch(/width/);
    expect(sizeProblem(800, 32001)).toMatch(/height/);
    expect(sizeProblem(12000, 12000)).toMatch(/pixels/);
    expect(isTall(800, 6000)).toBe(true);
    expect(isTall(800, 1280)).toBe(false);
  });
});
