/**
 * Recognizes PNG, JPEG and WebP from their bytes and checks that the file is whole before it
 * is decoded (pure; no DOM). Browsers decode truncated files partially without complaint, so
 * truncation is caught here: PNG chunk walk with CRC-32 up to IEND; JPEG marker walk through
 * the entropy-coded data up to EOI; WebP RIFF size. Also reads width and height from the header
 * so oversized images are refused before decoding.
 *
 * Width and height are the size as displayed: a JPEG's EXIF Orientation (APP1) of 5–8 turns the
 * picture a quarter turn, so the frame header's width and height are swapped — which is what
 * createImageBitmap gives with `imageOrientation: 'from-image'` (every decoder here asks for it)
 * and what an <img> shows. `orientation` is the tag (1 when absent or unreadable).
 */
import type { ImageFormat } from '../strip/limits';
import { crc32 } from '../strip/crc32';

export type Sniff =
  | { ok: true; type: ImageFormat; width: number; height: number; orientation: number }
  | { ok: false; code: 'not-image' | 'corrupt' | 'empty'; detail: string };

const be32 = (b: Uint8Array, i: number) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
const be16 = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1];
const le16 = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const le24 = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16);
const le32 = (b: Uint8Array, i: number) => (le16(b, i) | (le16(b, i + 2) << 16)) >>> 0;
const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

const corrupt = (detail: string): Sniff => ({ ok: false, code: 'corrupt', detail });

function sniffPng(b: Uint8Array): Sniff {
  let pos = 8;
  let width = 0;
  let height = 0;
  let first = true;
  while (pos + 12 <= b.length) {
    const len = be32(b, pos);
    const type = ascii(b, pos + 4, 4);
    const end = pos + 8 + len;
    if (end + 4 > b.length) return corrupt(`PNG chunk ${type} runs past the end (truncated)`);
    if (crc32(b, pos + 4, end) !== be32(b, end)) return corrupt(`PNG chunk ${type} CRC mismatch`);
    if (first) {
      if (type !== 'IHDR' || len < 8) return corrupt('PNG does not start with IHDR');
      width = be32(b, pos + 8);
      height = be32(b, pos + 12);
      first = false;
    }
    if (type === 'IEND') return { ok: true, type: 'image/png', width, height, orientation: 1 };
    pos = end + 4;
  }
  return corrupt('PNG ends before IEND (truncated)');
}

const le16or = (b: Uint8Array, i: number, little: boolean) => (little ? le16(b, i) : be16(b, i));
const le32or = (b: Uint8Array, i: number, little: boolean) => (little ? le32(b, i) : be32(b, i));

/**
 * The EXIF Orientation (tag 0x0112 in IFD0) of an APP1 segment's payload ("Exif\0\0" + TIFF),
 * or undefined when the payload is not EXIF or the tag is absent, out of range or malformed.
 */
export function exifOrientation(app1: Uint8Array): number | undefined {
  if (app1.length < 14 || ascii(app1, 0, 4) !== 'Exif' || app1[4] !== 0 || app1[5] !== 0) return undefined;
  const t = app1.subarray(6);
  const order = ascii(t, 0, 2);
  if (order !== 'II' && order !== 'MM') return undefined;
  const little = order === 'II';
  if (le16or(t, 2, little) !== 42) return undefined;
  const ifd = le32or(t, 4, little);
  if (ifd < 8 || ifd + 2 > t.length) return undefined;
  const n = le16or(t, ifd, little);
  for (let i = 0; i < n; i++) {
    const e = ifd + 2 + i * 12;
    if (e + 12 > t.length) return undefined;
    if (le16or(t, e, little) !== 0x0112) continue;
    const type = le16or(t, e + 2, little);
    if (type !== 3 || le32or(t, e + 4, little) < 1) return undefined; // SHORT, at least one value
    const v = le16or(t, e + 8, little);
    return v >= 1 && v <= 8 ? v : undefined;
  }
  return undefined;
}

/** Orientations 5–8 (transpose, rotate 90° CW, transverse, rotate 90° CCW) swap width and height. */
export const swapsAxes = (orientation: number): boolean => orientation >= 5 && orientation <= 8;

function sniffJpeg(b: Uint8Array): Sniff {
  let pos = 2;
  let width = 0;
  let height = 0;
  let orientation: number | undefined;
  let scanned = false;
  while (pos + 1 < b.length) {
    if (b[pos] !== 0xff) return corrupt(`JPEG: expected a marker at ${pos}`);
    const m = b[pos + 1];
    if (m === 0xff) {
      pos++;
      continue;
    }
    if (m === 0xd9) {
      if (!width || !height) return corrupt('JPEG has no frame header');
      const o = orientation ?? 1;
      return swapsAxes(o)
        ? { ok: true, type: 'image/jpeg', width: height, height: width, orientation: o }
        : { ok: true, type: 'image/jpeg', width, height, orientation: o };
    }
    if ((m >= 0xd0 && m <= 0xd7) || m === 0x01) {
      pos += 2;
      continue;
    }
    if (pos + 4 > b.length) break;
    const len = be16(b, pos + 2);
    if (len < 2 || pos + 2 + len > b.length) return corrupt('JPEG segment runs past the end (truncated)');
    const isSof = m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
    if (isSof && len >= 7) {
      height = be16(b, pos + 5);
      width = be16(b, pos + 7);
    }
    // The first EXIF APP1 segment of the header (before the first scan) carries the orientation.
    if (m === 0xe1 && orientation === undefined && !scanned) {
      const payload = b.subarray(pos + 4, pos + 2 + len);
      if (payload.length >= 6 && ascii(payload, 0, 4) === 'Exif') orientation = exifOrientation(payload) ?? 1;
    }
    pos += 2 + len;
    if (m === 0xda) {
      scanned = true;
      // Entropy-coded data: runs to the next marker that is not a stuffed byte or a restart.
      while (
        pos + 1 < b.length &&
        !(b[pos] === 0xff && b[pos + 1] !== 0 && !(b[pos + 1] >= 0xd0 && b[pos + 1] <= 0xd7))
      )
        pos++;
    }
  }
  return corrupt('JPEG ends before its end-of-image marker (truncated)');
}

function sniffWebp(b: Uint8Array): Sniff {
  const riff = le32(b, 4) + 8;
  if (riff > b.length) return corrupt(`WebP declares ${riff} bytes, file has ${b.length} (truncated)`);
  if (b.length < 30) return corrupt('WebP too short');
  const chunk = ascii(b, 12, 4);
  let width: number;
  let height: number;
  if (chunk === 'VP8 ') {
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return corrupt('WebP VP8 start code missing');
    width = le16(b, 26) & 0x3fff;
    height = le16(b, 28) & 0x3fff;
  } else if (chunk === 'VP8L') {
    if (b[20] !== 0x2f) return corrupt('WebP VP8L signature missing');
    const bits = le32(b, 21);
    width = (bits & 0x3fff) + 1;
    height = ((bits >>> 14) & 0x3fff) + 1;
  } else if (chunk === 'VP8X') {
    width = le24(b, 24) + 1;
    height = le24(b, 27) + 1;
  } else {
    return corrupt(`WebP chunk ${chunk} not recognized`);
  }
  return { ok: true, type: 'image/webp', width, height, orientation: 1 };
}

export function sniffImage(bytes: Uint8Array): Sniff {
  const b = bytes;
  if (b.length === 0) return { ok: false, code: 'empty', detail: 'zero-byte file' };
  if (b.length >= 8 && be32(b, 0) === 0x89504e47 && be32(b, 4) === 0x0d0a1a0a) return sniffPng(b);
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return sniffJpeg(b);
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return sniffWebp(b);
  return { ok: false, code: 'not-image', detail: 'not a PNG, JPEG or WebP file' };
}
