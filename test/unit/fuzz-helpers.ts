/**
 * Shared by the fuzz suites (test/unit/fuzz-*.test.ts): a seeded PRNG, hostile strings and
 * absurd numbers, byte mutations, a ZIP writer that can lie in its headers, and a memory probe.
 * Everything is deterministic from the seed, so a failing case is reproduced by its number.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { deflateSync } from 'fflate';
import { crc32 } from '../../src/core/strip/crc32';

/** mulberry32: small, fast, good enough to pick mutations; same seed → same sequence. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  return { next, int, pick, chance: (p: number) => next() < p };
}
export type Rng = ReturnType<typeof rng>;

/** Names and ids an attacker or an unlucky file would carry. */
export const HOSTILE_STRINGS: readonly string[] = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '../x',
  '../../etc/passwd',
  '/abs/path',
  'C:\\win\\path',
  'blobs/../manifest.json',
  'manifest.json',
  '',
  ' ',
  '.',
  '..',
  'x'.repeat(70_000),
  '한글 이름 🎨',
  '\u202eevil\u202d',
  'nul\u0000byte',
  '\ud800', // lone surrogate
  '<img src=x onerror=alert(1)>',
  '"; DROP TABLE projects; --',
  'blobs/',
  'a/b/c/d/e/f/g/h',
  '%2e%2e%2fx',
];

/** Numbers no sane file holds (JSON can carry all but NaN/±Infinity, which become null). */
export const ABSURD_NUMBERS: readonly number[] = [
  -1,
  0,
  0.5,
  -0.0,
  1e-300,
  2 ** 31,
  2 ** 32,
  2 ** 32 - 1,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  1e21,
  1e308,
  -1e308,
  50_000,
  65_536,
  1e9,
];

export function hostileString(r: Rng): string {
  return r.chance(0.8)
    ? r.pick(HOSTILE_STRINGS)
    : String.fromCharCode(...Array.from({ length: r.int(0, 12) }, () => r.int(0, 0xffff)));
}

/** Any JSON value, for type confusion (a string where an array goes, …). */
export function wrongValue(r: Rng): unknown {
  switch (r.int(0, 7)) {
    case 0:
      return null;
    case 1:
      return r.pick(ABSURD_NUMBERS);
    case 2:
      return hostileString(r);
    case 3:
      return [];
    case 4:
      return {};
    case 5:
      return true;
    case 6:
      return [hostileString(r), r.pick(ABSURD_NUMBERS)];
    default:
      return { __proto__: { polluted: true }, length: r.pick(ABSURD_NUMBERS) };
  }
}

/** Flips 1–8 random bytes (random values, or one bit). */
export function flipBytes(r: Rng, bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  const n = r.int(1, 8);
  for (let i = 0; i < n; i++) {
    const at = r.int(0, out.length - 1);
    out[at] = r.chance(0.5) ? out[at] ^ (1 << r.int(0, 7)) : r.int(0, 255);
  }
  return out;
}

/** A prefix (never the whole file). */
export function truncate(r: Rng, bytes: Uint8Array): Uint8Array {
  return bytes.slice(0, r.int(0, Math.max(0, bytes.length - 1)));
}

/** Writes a little-endian u16/u32 at `at` of a copy. */
export function patch(bytes: Uint8Array, at: number, value: number, size: 2 | 4): Uint8Array {
  const out = bytes.slice();
  const dv = new DataView(out.buffer);
  if (at + size > out.length) return out;
  if (size === 2) dv.setUint16(at, value & 0xffff, true);
  else dv.setUint32(at, value >>> 0, true);
  return out;
}

export interface RawEntry {
  name: string;
  /** The entry's real content. */
  data: Uint8Array;
  /** 8 = deflate (default 0 = stored). */
  method?: 0 | 8;
  /** What the headers claim (default: the truth). */
  declaredSize?: number;
  declaredCrc?: number;
}

/** Deflated bytes and CRC of big constant inputs (the bombs), computed once. */
const packed = new WeakMap<Uint8Array, { deflated?: Uint8Array; crc: number }>();
function packOf(data: Uint8Array, deflate: boolean): { body: Uint8Array; crc: number } {
  if (data.length < 65536) return { body: deflate ? deflateSync(data, { level: 9 }) : data, crc: crc32(data) };
  let p = packed.get(data);
  if (!p) packed.set(data, (p = { crc: crc32(data) }));
  if (deflate) p.deflated ??= deflateSync(data, { level: 9 });
  return { body: deflate ? p.deflated! : data, crc: p.crc };
}

/** A ZIP whose headers say what `entries` tell them (lies included). No ZIP64. */
export function writeZip(entries: RawEntry[]): Uint8Array {
  const enc = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = enc.encode(e.name);
    const p = packOf(e.data, e.method === 8);
    const body = p.body;
    const crc = e.declaredCrc ?? p.crc;
    const size = e.declaredSize ?? e.data.length;
    const local = new Uint8Array(30 + name.length + body.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, e.method ?? 0, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, body.length, true);
    lv.setUint32(22, size >>> 0, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    local.set(body, 30 + name.length);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, e.method ?? 0, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, body.length, true);
    cv.setUint32(24, size >>> 0, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local);
    centrals.push(central);
    offset += local.length;
  }
  const dirSize = centrals.reduce((n, c) => n + c.length, 0);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length & 0xffff, true);
  ev.setUint16(10, entries.length & 0xffff, true);
  ev.setUint32(12, dirSize, true);
  ev.setUint32(16, offset, true);
  const out = new Uint8Array(offset + dirSize + 22);
  let o = 0;
  for (const p of [...locals, ...centrals, eocd]) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

let gcFn: (() => void) | undefined;
/** A full garbage collection (V8's gc, exposed at run time), so heap growth measures what stays. */
export function gc(): void {
  if (!gcFn) {
    v8.setFlagsFromString('--expose-gc');
    gcFn = vm.runInNewContext('gc') as () => void;
  }
  gcFn();
  gcFn();
}

/** JS heap plus ArrayBuffer backing stores (image and zip bytes live there, not in heapUsed), after a full GC. */
export function retainedBytes(): number {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

export const MiB = 1024 * 1024;
