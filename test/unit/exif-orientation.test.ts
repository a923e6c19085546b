// EXIF orientation (issue 18 item 6): the JPEG sniffer reads the Orientation tag of the APP1
// segment and reports the size as displayed (5–8 swap width and height), so the header-size check
// agrees with createImageBitmap(…, { imageOrientation: 'from-image' }).
import { describe, expect, it } from 'vitest';
import { exifOrientation, sniffImage, swapsAxes } from '../../src/core/image/sniff';
import { app1Segment, jpegBytes } from './jpeg-fixture';

/** An APP1 EXIF payload ("Exif\0\0" + TIFF) whose IFD0 holds `entries` (tag, type, count, value). */
function exifPayload(entries: [number, number, number, number][], little = true): Uint8Array {
  const tiff = new Uint8Array(8 + 2 + entries.length * 12 + 4);
  const dv = new DataView(tiff.buffer);
  tiff.set(little ? [0x49, 0x49] : [0x4d, 0x4d], 0);
  dv.setUint16(2, 42, little);
  dv.setUint32(4, 8, little);
  dv.setUint16(8, entries.length, little);
  entries.forEach(([tag, type, count, value], i) => {
    const e = 10 + i * 12;
    dv.setUint16(e, tag, little);
    dv.setUint16(e + 2, type, little);
    dv.setUint32(e + 4, count, little);
    if (type === 3) dv.setUint16(e + 8, value, little);
    else dv.setUint32(e + 8, value, little);
  });
  const out = new Uint8Array(6 + tiff.length);
  out.set([0x45, 0x78, 0x69, 0x66, 0, 0], 0);
  out.set(tiff, 6);
  return out;
}

const orientationPayload = (o: number, little = true) =>
  exifPayload(
    [
      [0x010f, 2, 4, 0],
      [0x0112, 3, 1, o],
    ],
    little,
  );

/** A baseline JPEG with an optional APP1 segment (and no APP0). */
const jpeg = (w: number, h: number, app1?: Uint8Array): Uint8Array => jpegBytes(w, h, app1 ? app1Segment(app1) : []);

describe('exifOrientation', () => {
  it('reads all 8 orientations, little- and big-endian', () => {
    for (let o = 1; o <= 8; o++) {
      expect(exifOrientation(orientationPayload(o, true))).toBe(o);
      expect(exifOrientation(orientationPayload(o, false))).toBe(o);
    }
  });

  it('gives undefined for missing or garbled EXIF', () => {
    expect(exifOrientation(exifPayload([[0x010f, 2, 4, 0]]))).toBeUndefined(); // no Orientation tag
    expect(exifOrientation(orientationPayload(0))).toBeUndefined(); // out of range
    expect(exifOrientation(orientationPayload(9))).toBeUndefined();
    expect(exifOrientation(exifPayload([[0x0112, 4, 1, 6]]))).toBeUndefined(); // LONG, not SHORT
    expect(exifOrientation(exifPayload([[0x0112, 3, 0, 6]]))).toBeUndefined(); // zero values
    const badOrder = orientationPayload(6);
    badOrder[6] = 0x58; // "XI"
    expect(exifOrientation(badOrder)).toBeUndefined();
    const badMagic = orientationPayload(6);
    badMagic[8] = 43;
    expect(exifOrientation(badMagic)).toBeUndefined();
    const farIfd = orientationPayload(6);
    new DataView(farIfd.buffer).setUint32(10, 100000, true);
    expect(exifOrientation(farIfd)).toBeUndefined();
    const manyEntries = orientationPayload(6);
    new DataView(manyEntries.buffer).setUint16(14, 5000, true); // entry count past the end, tag not first
    new DataView(manyEntries.buffer).setUint16(16, 0x0100, true);
    new DataView(manyEntries.buffer).setUint16(28, 0x0100, true);
    expect(exifOrientation(manyEntries)).toBeUndefined();
    expect(exifOrientation(orientationPayload(6).subarray(0, 20))).toBeUndefined(); // truncated
    expect(exifOrientation(new TextEncoder().encode('http://ns.adobe.com/xap/1.0/\0<x/>'))).toBeUndefined(); // XMP APP1
    expect(exifOrientation(new Uint8Array(0))).toBeUndefined();
  });

  it('swapsAxes: 5–8 only', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(swapsAxes)).toEqual([false, false, false, false, true, true, true, true]);
  });
});

describe('sniffImage with EXIF', () => {
  it('reports the displayed size: 5–8 swap width and height of the frame header', () => {
    for (let o = 1; o <= 8; o++) {
      const s = sniffImage(jpeg(40, 30, orientationPayload(o)));
      expect(s.ok).toBe(true);
      if (!s.ok) continue;
      expect(s.orientation).toBe(o);
      expect([s.width, s.height]).toEqual(o >= 5 ? [30, 40] : [40, 30]);
    }
  });

  it('missing, garbled or non-EXIF APP1 → orientation 1, header size kept, file still accepted', () => {
    const cases = [
      jpeg(40, 30),
      jpeg(40, 30, orientationPayload(12)),
      jpeg(40, 30, new TextEncoder().encode('http://ns.adobe.com/xap/1.0/\0x')),
    ];
    const garbled = orientationPayload(6);
    garbled.fill(0xee, 6);
    cases.push(jpeg(40, 30, garbled));
    for (const b of cases)
      expect(sniffImage(b)).toEqual({ ok: true, type: 'image/jpeg', width: 40, height: 30, orientation: 1 });
  });

  it('the first EXIF APP1 wins; a truncated APP1 is still refused as truncated', () => {
    const two = jpeg(40, 30, orientationPayload(6));
    const second = [0xff, 0xe1, 0, orientationPayload(3).length + 2, ...orientationPayload(3)];
    const withSecond = new Uint8Array([
      ...two.subarray(0, 2 + 4 + orientationPayload(6).length),
      ...second,
      ...two.subarray(2 + 4 + orientationPayload(6).length),
    ]);
    const s = sniffImage(withSecond);
    expect(s.ok && s.orientation).toBe(6);
    const cut = jpeg(40, 30, orientationPayload(6)).subarray(0, 20);
    expect(sniffImage(cut)).toMatchObject({ ok: false, code: 'corrupt' });
  });
});
