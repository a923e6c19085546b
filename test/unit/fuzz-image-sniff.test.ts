// Fuzz: the image sniffer (src/core/image/sniff.ts) and the size check (src/core/strip/limits.ts)
// that every import and every restored blob goes through before decoding (issue 18, Tests).
// 12,000 seeded mutations of small valid PNG, JPEG and WebP (VP8, VP8L, VP8X) files: flipped
// bytes, truncation, header sizes set to absurd values (CRCs fixed so only the size lies),
// lying chunk / segment lengths, splices, magic-only garbage. Every case must come back as a
// typed Sniff (never a throw); a strict prefix of a whole file is never "ok"; an "ok" size is a
// whole number, and sizeProblem refuses exactly what is over LIMITS; memory stays bounded.
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../src/core/strip/crc32';
import { LIMITS, sizeProblem } from '../../src/core/strip/limits';
import { sniffImage, type Sniff } from '../../src/core/image/sniff';
import { jpeg, png } from './backup-helpers';
import { ABSURD_NUMBERS, flipBytes, MiB, retainedBytes, rng, truncate, type Rng } from './fuzz-helpers';

const CASES = 12_000;
const CODES = new Set(['not-image', 'corrupt', 'empty']);
const TYPES = new Set(['image/png', 'image/jpeg', 'image/webp']);

function webp(kind: 'VP8 ' | 'VP8L' | 'VP8X', w: number, h: number): Uint8Array {
  const b = new Uint8Array(40);
  const dv = new DataView(b.buffer);
  b.set([82, 73, 70, 70], 0);
  dv.setUint32(4, b.length - 8, true);
  b.set([87, 69, 66, 80], 8);
  b.set(
    [...kind].map((c) => c.charCodeAt(0)),
    12,
  );
  dv.setUint32(16, b.length - 20, true);
  if (kind === 'VP8L') {
    b[20] = 0x2f;
    dv.setUint32(21, ((w - 1) & 0x3fff) | (((h - 1) & 0x3fff) << 14), true);
  } else if (kind === 'VP8 ') {
    b.set([0x9d, 0x01, 0x2a], 23);
    dv.setUint16(26, w & 0x3fff, true);
    dv.setUint16(28, h & 0x3fff, true);
  } else {
    const put24 = (at: number, v: number) => b.set([v & 255, (v >> 8) & 255, (v >> 16) & 255], at);
    put24(24, w - 1);
    put24(27, h - 1);
  }
  return b;
}

/** A valid small file of a random kind, with its true size. */
function valid(r: Rng): { bytes: Uint8Array; type: string; width: number; height: number } {
  const w = r.int(1, 40);
  const h = r.int(1, 40);
  switch (r.int(0, 4)) {
    case 0:
      return { bytes: new Uint8Array(png(r.int(0, 999), w, h)), type: 'image/png', width: w, height: h };
    case 1:
      return { bytes: new Uint8Array(jpeg(w, h)), type: 'image/jpeg', width: w, height: h };
    case 2:
      return { bytes: webp('VP8L', w, h), type: 'image/webp', width: w, height: h };
    case 3:
      return { bytes: webp('VP8 ', w, h), type: 'image/webp', width: w, height: h };
    default:
      return { bytes: webp('VP8X', w, h), type: 'image/webp', width: w, height: h };
  }
}

/** Sets the size fields of the header to (w, h), fixing the PNG IHDR CRC so only the size lies. */
function lieAboutSize(bytes: Uint8Array, type: string, w: number, h: number): Uint8Array {
  const out = bytes.slice();
  const dv = new DataView(out.buffer);
  if (type === 'image/png') {
    dv.setUint32(16, w >>> 0);
    dv.setUint32(20, h >>> 0);
    dv.setUint32(29, crc32(out, 12, 29));
  } else if (type === 'image/jpeg') {
    dv.setUint16(15, h & 0xffff);
    dv.setUint16(17, w & 0xffff);
  } else {
    dv.setUint32(24, w >>> 0, true);
    dv.setUint32(27, h >>> 0, true);
  }
  return out;
}

function makeCase(seed: number): { bytes: Uint8Array; prefixOfValid: boolean; base: ReturnType<typeof valid> } {
  const r = rng(seed);
  const base = valid(r);
  const roll = r.next();
  if (roll < 0.3) return { bytes: flipBytes(r, base.bytes), prefixOfValid: false, base };
  if (roll < 0.5) return { bytes: truncate(r, base.bytes), prefixOfValid: true, base };
  if (roll < 0.65) {
    const n = () => (r.chance(0.7) ? r.pick(ABSURD_NUMBERS) : r.int(0, 0xffffffff));
    return { bytes: lieAboutSize(base.bytes, base.type, n(), n()), prefixOfValid: false, base };
  }
  if (roll < 0.75) {
    // A chunk / segment / RIFF length set to an absurd value.
    const out = base.bytes.slice();
    const dv = new DataView(out.buffer);
    const v = r.pick([0, 1, 0x7fffffff, 0xffffffff, out.length, out.length + 1]);
    if (base.type === 'image/png') dv.setUint32(r.pick([8, 33, out.length - 12]), v);
    else if (base.type === 'image/jpeg') dv.setUint16(r.pick([4, 12, 25]), v & 0xffff);
    else dv.setUint32(r.pick([4, 16]), v, true);
    return { bytes: out, prefixOfValid: false, base };
  }
  if (roll < 0.85) {
    // Splices: a valid head with another file's tail, or a file repeated.
    const other = valid(r).bytes;
    const cut = r.int(0, base.bytes.length);
    const bytes = r.chance(0.5)
      ? new Uint8Array([...base.bytes.subarray(0, cut), ...other.subarray(r.int(0, other.length))])
      : new Uint8Array([...base.bytes, ...base.bytes]);
    return { bytes, prefixOfValid: false, base };
  }
  if (roll < 0.95) {
    // The magic only, then garbage (or 0xFF runs for JPEG's marker scanner).
    const magic = base.bytes.subarray(0, r.pick([2, 3, 8, 12, 16]));
    const fill = r.chance(0.3) ? 0xff : -1;
    const tail = Uint8Array.from({ length: r.int(0, 200) }, () => (fill >= 0 && r.chance(0.8) ? fill : r.int(0, 255)));
    return { bytes: new Uint8Array([...magic, ...tail]), prefixOfValid: false, base };
  }
  return { bytes: Uint8Array.from({ length: r.int(0, 64) }, () => r.int(0, 255)), prefixOfValid: false, base };
}

function shapeProblem(s: Sniff): string | null {
  if (s.ok) {
    if (!TYPES.has(s.type)) return `type ${s.type}`;
    for (const v of [s.width, s.height])
      if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) return `size ${s.width}×${s.height}`;
    return null;
  }
  if (!CODES.has(s.code) || typeof s.detail !== 'string') return `failure ${JSON.stringify(s)}`;
  return null;
}

describe('fuzz: image sniffer and size check', () => {
  it('the valid files themselves are recognized with their size', () => {
    for (let seed = 0; seed < 200; seed++) {
      const v = valid(rng(seed));
      expect(sniffImage(v.bytes)).toEqual({ ok: true, type: v.type, width: v.width, height: v.height, orientation: 1 });
    }
  });

  it(`${CASES} mutated images: a typed Sniff every time, prefixes refused, sizes checked against LIMITS, memory bounded`, () => {
    const problems: string[] = [];
    const counts = new Map<string, number>();
    const before = retainedBytes();
    for (let seed = 0; seed < CASES; seed++) {
      const c = makeCase(seed);
      let s: Sniff;
      try {
        s = sniffImage(c.bytes);
      } catch (e) {
        problems.push(`case ${seed}: threw ${String(e)}`);
        continue;
      }
      const key = s.ok ? 'ok' : s.code;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      const shape = shapeProblem(s);
      if (shape) problems.push(`case ${seed}: ${shape}`);
      if (c.prefixOfValid && s.ok)
        problems.push(
          `case ${seed}: a ${c.bytes.length}-byte prefix of a ${c.base.bytes.length}-byte ${c.base.type} passed as whole`,
        );
      if (c.bytes.length === 0 && (s.ok || s.code !== 'empty')) problems.push(`case ${seed}: empty input not 'empty'`);
      if (s.ok) {
        const over = s.width > LIMITS.maxWidth || s.height > LIMITS.maxHeight || s.width * s.height > LIMITS.maxPixels;
        if (over !== (sizeProblem(s.width, s.height) !== null))
          problems.push(`case ${seed}: sizeProblem wrong for ${s.width}×${s.height}`);
      }
    }
    const growth = retainedBytes() - before;
    console.log(
      `fuzz-image-sniff outcomes: ${JSON.stringify(Object.fromEntries(counts))}; retained growth ${(growth / MiB).toFixed(2)} MiB`,
    );
    expect(problems.slice(0, 20)).toEqual([]);
    for (const k of ['ok', 'corrupt', 'not-image', 'empty']) expect(counts.get(k) ?? 0, k).toBeGreaterThan(0);
    // The sniffer keeps nothing between calls; inputs are < 1 KiB each. 4 MiB is far above V8's
    // noise after a full GC and far below 12,000 leaked inputs (~5 MiB at the smallest).
    expect(growth).toBeLessThan(4 * MiB);
  });

  it('absurd header sizes: refused by sizeProblem before any decode (every image kind)', () => {
    for (const type of ['image/png', 'image/jpeg', 'image/webp']) {
      for (const [w, h] of [
        [20_000, 1],
        [1, 40_000],
        [12_000, 12_000],
        [16_384, 32_000],
        [0xffff, 0xffff],
      ]) {
        const base =
          type === 'image/png'
            ? new Uint8Array(png(1, 2, 2))
            : type === 'image/jpeg'
              ? new Uint8Array(jpeg(2, 2))
              : webp('VP8X', 2, 2);
        const s = sniffImage(
          lieAboutSize(base, type, type === 'image/webp' ? w - 1 : w, type === 'image/webp' ? h - 1 : h),
        );
        expect(s, `${type} ${w}×${h}`).toMatchObject({ ok: true, width: w, height: h });
        expect(sizeProblem(w, h), `${type} ${w}×${h}`).not.toBeNull();
      }
    }
  });
});
