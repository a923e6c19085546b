/**
 * Bounded ZIP reader for backups (pure; runs in the image worker and in Node tests).
 *
 * Nothing is inflated before the central directory has been read and checked against the caps:
 * entry count, each entry's declared size, and the total of the declared sizes. Only the entries
 * the caller asks for are extracted: stored entries are sliced, deflated ones are inflated in
 * 16 KiB input steps and stopped as soon as the output passes the size the directory declared
 * (so a lying header cannot make it inflate more). Every extracted entry's CRC-32 is checked.
 * Names are kept in a Map (no prototype lookups: an entry named `constructor` is just a name).
 * ZIP64 is not supported (our writer never produces it; such files are over the caps anyway).
 */
import { Inflate } from 'fflate';
import { crc32 } from '../strip/crc32';

export interface ZipCaps {
  maxEntries: number;
  /** Largest declared uncompressed size of one entry, by name (fallback: `maxEntryBytes`). */
  maxEntryBytes: number;
  maxTotalBytes: number;
}

export interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export type ZipProblem = { kind: 'foreign' | 'damaged' | 'too-large'; detail: string };

const le16 = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const le32 = (b: Uint8Array, i: number) => (le16(b, i) | (le16(b, i + 2) << 16)) >>> 0;

/** Reads and checks the central directory; nothing is inflated. */
export function readDirectory(zip: Uint8Array, caps: ZipCaps): Map<string, ZipEntry> | ZipProblem {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (le32(zip, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { kind: 'damaged', detail: 'no end of central directory' };
  const count = le16(zip, eocd + 10);
  const dirOffset = le32(zip, eocd + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) return { kind: 'too-large', detail: 'ZIP64 archives are not read' };
  if (count > caps.maxEntries) return { kind: 'too-large', detail: `${count} entries > ${caps.maxEntries}` };
  const entries = new Map<string, ZipEntry>();
  const decoder = new TextDecoder();
  let total = 0;
  let pos = dirOffset;
  for (let n = 0; n < count; n++) {
    if (pos + 46 > zip.length || le32(zip, pos) !== 0x02014b50)
      return { kind: 'damaged', detail: 'central directory damaged' };
    const nameLen = le16(zip, pos + 28);
    const end = pos + 46 + nameLen;
    if (end > zip.length) return { kind: 'damaged', detail: 'central directory damaged' };
    const entry: ZipEntry = {
      name: decoder.decode(zip.subarray(pos + 46, end)),
      method: le16(zip, pos + 10),
      crc: le32(zip, pos + 16),
      compressedSize: le32(zip, pos + 20),
      size: le32(zip, pos + 24),
      localOffset: le32(zip, pos + 42),
    };
    if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff) {
      return { kind: 'too-large', detail: `${entry.name}: ZIP64 sizes are not read` };
    }
    if (entry.size > caps.maxEntryBytes)
      return { kind: 'too-large', detail: `${entry.name}: ${entry.size} bytes > ${caps.maxEntryBytes}` };
    total += entry.size;
    if (total > caps.maxTotalBytes)
      return { kind: 'too-large', detail: `entries total more than ${caps.maxTotalBytes} bytes` };
    if (entries.has(entry.name)) return { kind: 'damaged', detail: `entry ${entry.name} appears twice` };
    entries.set(entry.name, entry);
    pos = end + le16(zip, pos + 30) + le16(zip, pos + 32);
  }
  return entries;
}

/** Extracts one entry (at most its declared size) and checks its CRC-32. */
export function extract(zip: Uint8Array, e: ZipEntry, maxBytes: number): Uint8Array | ZipProblem {
  if (e.size > maxBytes) return { kind: 'too-large', detail: `${e.name}: ${e.size} bytes > ${maxBytes}` };
  const at = e.localOffset;
  if (at + 30 > zip.length || le32(zip, at) !== 0x04034b50)
    return { kind: 'damaged', detail: `${e.name}: local header damaged` };
  const nameLen = le16(zip, at + 26);
  if (at + 30 + nameLen > zip.length || new TextDecoder().decode(zip.subarray(at + 30, at + 30 + nameLen)) !== e.name) {
    return { kind: 'damaged', detail: `${e.name}: local header names another entry` };
  }
  const start = at + 30 + nameLen + le16(zip, at + 28);
  const end = start + e.compressedSize;
  if (end > zip.length) return { kind: 'damaged', detail: `${e.name} runs past the end (truncated)` };
  let data: Uint8Array;
  if (e.method === 0) {
    if (e.compressedSize !== e.size) return { kind: 'damaged', detail: `${e.name}: stored sizes differ` };
    data = zip.subarray(start, end);
  } else if (e.method === 8) {
    const inflated = inflateBounded(zip.subarray(start, end), e.size);
    if (!inflated)
      return { kind: 'damaged', detail: `${e.name} inflates to more or less than its declared ${e.size} bytes` };
    data = inflated;
  } else {
    return { kind: 'damaged', detail: `${e.name}: compression method ${e.method} not supported` };
  }
  if (crc32(data) !== e.crc) return { kind: 'damaged', detail: `CRC mismatch in ${e.name}` };
  return data;
}

const STEP = 16 * 1024;

/** Inflates `input` into exactly `size` bytes; null when the stream is broken or gives another size. */
function inflateBounded(input: Uint8Array, size: number): Uint8Array | null {
  const out = new Uint8Array(size);
  let got = 0;
  let over = false;
  const inflate = new Inflate((chunk) => {
    if (got + chunk.length > size) over = true;
    else out.set(chunk, got);
    got += chunk.length;
  });
  try {
    for (let i = 0; i < input.length && !over; i += STEP) {
      inflate.push(input.subarray(i, i + STEP), i + STEP >= input.length);
    }
    if (input.length === 0) inflate.push(new Uint8Array(0), true);
  } catch {
    return null;
  }
  return !over && got === size ? out : null;
}
