/** Structurally whole baseline JPEGs for the sniffer, EXIF and backup tests (one builder for all). */

/** A JFIF APP0 segment (declared length 6: "JFIF"). */
export const APP0 = [0xff, 0xe0, 0, 6, 0x4a, 0x46, 0x49, 0x46];

/** An APP1 segment carrying `payload` (e.g. EXIF). */
export const app1Segment = (payload: Uint8Array): number[] => [
  0xff,
  0xe1,
  (payload.length + 2) >> 8,
  (payload.length + 2) & 255,
  ...payload,
];

/** SOI, `segments` (APP0 by default), SOF0 w×h, SOS, a little entropy data with a restart marker, EOI. */
export function jpegBytes(w: number, h: number, segments: number[] = APP0): Uint8Array {
  // prettier-ignore
  return new Uint8Array([
    0xff, 0xd8, ...segments,
    0xff, 0xc0, 0, 11, 8, h >> 8, h & 255, w >> 8, w & 255, 1, 1, 0x11, 0,
    0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0,
    0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56,
    0xff, 0xd9,
  ]);
}
