// Dataset (issue 3): labels for every sprite, no leakage between splits, reproducible specs,
// fixture subset readable from TypeScript with the exact pixels the Python renderer drew.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildSpriteMeta } from '../../scripts/data/meta.mjs';
import {
  COMP_TEST_SHARE,
  generateSpec,
  generateSplit,
  isTestComposition,
  makePools,
  noun,
  type PanelSpec,
} from '../../scripts/data/specgen';
import { captions, STYLES } from '../../src/core/captions';

const ROOT = path.resolve(__dirname, '../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/dataset');
const BUILD = path.join(ROOT, 'data/build');
const meta = buildSpriteMeta();
const pools = makePools(meta);
const sha = (s: string | Uint8Array): string => createHash('sha256').update(s).digest('hex');

describe('sprite labels', () => {
  it('has all 4495 OpenMoji emoji, in order, with unique hexcodes', () => {
    expect(meta.length).toBe(4495);
    expect(new Set(meta.map((m) => m.hexcode)).size).toBe(4495);
    meta.forEach((m, i) => expect(m.id).toBe(i));
  });

  it('gives every captionable sprite en, ko and ja labels; excludes exactly the 516 OpenMoji extras', () => {
    const captionable = meta.filter((m) => m.captionable);
    const excluded = meta.filter((m) => !m.captionable);
    expect(captionable.length).toBe(3979);
    expect(excluded.length).toBe(516);
    for (const m of captionable) {
      expect(m.en.label.length).toBeGreaterThan(0);
      expect(m.ko?.label.length).toBeGreaterThan(0);
      expect(m.ja?.label.length).toBeGreaterThan(0);
    }
    for (const m of excluded) {
      expect(m.group.startsWith('extras-')).toBe(true);
      expect(m.ko).toBeNull();
      expect(m.en.label.length).toBeGreaterThan(0); // OpenMoji's English annotation
    }
  });

  it('describes skin-tone variants in each language', () => {
    const wave = meta.find((m) => m.hexcode === '1F44B-1F3FB')!;
    expect(wave.en.label).toBe('waving hand: light skin tone');
    expect(wave.ko?.label).toBe('흔드는 손: 하얀 피부');
    expect(wave.ja?.label).toContain(':');
    expect(wave.base).toBe('1F44B');
    expect(wave.ko?.tags.length).toBeGreaterThan(0); // inherited from the base emoji
  });

  it('turns every panel sprite into well-formed ko / en / ja captions in every style', () => {
    let n = 0;
    const bad: string[] = [];
    const broken = /undefined|null|\s{2}|^\s|\s$/;
    for (const m of meta.filter((x) => x.panel)) {
      for (const style of STYLES) {
        const c = captions({ subjects: [{ noun: noun(m), count: 1 }], place: 'park', time: 'night', style });
        const ok =
          /^[A-Z0-9]/u.test(c.en) &&
          !broken.test(c.en) &&
          c.en.includes(style === 'topic' ? 'the park' : 'a park') &&
          c.ko.startsWith('밤에 ') &&
          !broken.test(c.ko) &&
          c.ko.includes('공원') &&
          c.ja.startsWith('夜') &&
          c.ja.includes('公園') &&
          !broken.test(c.ja);
        if (!ok) bad.push(`${m.hexcode}: ${JSON.stringify(c)}`);
        n++;
      }
    }
    expect(bad).toEqual([]);
    expect(n).toBe(3450 * 3);
  });
});

describe('splits do not leak', () => {
  const train = generateSplit(pools, 'train', 3000);
  const val = generateSplit(pools, 'val', 300);
  const testComp = generateSplit(pools, 'test_comp', 300);
  const testEmoji = generateSplit(pools, 'test_emoji', 300);
  const held = new Set(meta.filter((m) => m.heldout).map((m) => m.id));

  it('holds out whole emoji: no held-out sprite (any skin tone) in train, val or test_comp', () => {
    for (const s of [...train, ...val, ...testComp]) {
      for (const o of s.objects) expect(held.has(o.sprite)).toBe(false);
    }
    const heldBases = new Set(meta.filter((m) => m.heldout).map((m) => m.base));
    for (const m of meta) if (heldBases.has(m.base)) expect(m.heldout).toBe(true);
  });

  it('puts at least one held-out emoji in every test_emoji panel', () => {
    for (const s of testEmoji) expect(s.objects.some((o) => held.has(o.sprite))).toBe(true);
  });

  it('never generates a test composition (object set + place) in train or val', () => {
    const testKeys = new Set(testComp.map((s) => s.comp));
    for (const s of testComp) expect(isTestComposition(s.comp)).toBe(true);
    for (const s of [...train, ...val]) {
      expect(isTestComposition(s.comp)).toBe(false);
      expect(testKeys.has(s.comp)).toBe(false);
    }
    expect(COMP_TEST_SHARE).toBeGreaterThan(0);
  });

  it('matches each spec caption to its objects (subjects and anchor drawn)', () => {
    for (const s of [...train.slice(0, 500), ...testEmoji]) {
      const drawn = new Set(s.objects.map((o) => o.sprite));
      for (const subj of s.treatment.subjects) {
        expect(drawn.has(subj.sprite)).toBe(true);
        expect(s.objects.filter((o) => o.sprite === subj.sprite).length).toBe(subj.count);
      }
      if (s.treatment.relation) expect(drawn.has(s.treatment.relation.anchor)).toBe(true);
      expect(s.objects.length).toBeGreaterThanOrEqual(1);
      expect(s.objects.length).toBeLessThanOrEqual(4);
    }
  });

  const built = fs.existsSync(path.join(BUILD, 'specs/train.jsonl.gz'));
  it.skipIf(!built)('holds for the full built splits in data/build (all 30000 train specs)', () => {
    const read = (split: string): PanelSpec[] =>
      gunzipSync(fs.readFileSync(path.join(BUILD, `specs/${split}.jsonl.gz`)))
        .toString('utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as PanelSpec);
    const tr = read('train');
    expect(tr.length).toBe(30000);
    const tc = new Set(read('test_comp').map((s) => s.comp));
    const leaks: string[] = [];
    for (const s of [...tr, ...read('val')]) {
      if (tc.has(s.comp)) leaks.push(`${s.id} composition ${s.comp}`);
      for (const o of s.objects) if (held.has(o.sprite)) leaks.push(`${s.id} held-out sprite ${o.sprite}`);
    }
    expect(leaks).toEqual([]);
  });
});

describe('reproducible from the seed', () => {
  it('regenerates identical specs in-process (hash of 300 specs per split)', () => {
    for (const split of ['train', 'val', 'test_comp', 'test_emoji'] as const) {
      const a = sha(JSON.stringify(generateSplit(pools, split, 300)));
      const b = sha(JSON.stringify(generateSplit(makePools(buildSpriteMeta()), split, 300)));
      expect(a).toBe(b);
    }
  });

  it('regenerates exactly the specs stored in the committed fixture subset', () => {
    const doc = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'dataset.json'), 'utf8')) as FixtureDoc;
    for (const p of doc.panels) {
      const regenerated = generateSpec(pools, p.split, Number(p.id.split('-').pop()));
      expect(JSON.stringify(regenerated)).toBe(JSON.stringify(p.spec));
    }
  });
});

// ---------- fixture subset, read from TypeScript ----------

interface FixturePanel {
  id: string;
  split: 'train' | 'val' | 'test_comp' | 'test_emoji';
  size: number;
  files: Record<'color' | 'gray' | 'line' | 'mask', string>;
  pixelSha256: Record<'color' | 'gray' | 'line' | 'mask', string>;
  captions: { en: string[]; ko: string[]; ja: string[] };
  objects: { sprite: number; hexcode: string; subject: number; box: number[]; label: Record<string, string | null> }[];
  spec: PanelSpec;
}
interface FixtureDoc {
  panels: FixturePanel[];
  sprites: {
    hexcode: string;
    size: number;
    files: { color: string; line: string };
    label: Record<'en' | 'ko' | 'ja', string>;
  }[];
}

/** Minimal PNG decoder (8-bit gray / RGB / RGBA, non-interlaced) → raw pixels. */
function decodePng(buf: Buffer): { width: number; height: number; channels: number; pixels: Uint8Array } {
  expect(buf.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  let off = 8;
  let width = 0,
    height = 0,
    channels = 0;
  const idat: Buffer[] = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('latin1', off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8]).toBe(8);
      channels = ({ 0: 1, 2: 3, 6: 4 } as Record<number, number>)[data[9]!]!;
      expect(data[12]).toBe(0);
    } else if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? out[y * stride + x - channels]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? out[(y - 1) * stride + x - channels]! : 0;
      let pred = 0;
      if (f === 1) pred = a;
      else if (f === 2) pred = b;
      else if (f === 3) pred = (a + b) >> 1;
      else if (f === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a),
          pb = Math.abs(p - b),
          pc = Math.abs(p - c);
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[y * stride + x] = (line[x]! + pred) & 0xff;
    }
  }
  return { width, height, channels, pixels: out };
}

describe('fixture subset (test/fixtures/dataset)', () => {
  const doc = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'dataset.json'), 'utf8')) as FixtureDoc;

  it('has tens of panels from every split, each with ko / en / ja captions and boxes', () => {
    expect(doc.panels.length).toBeGreaterThanOrEqual(20);
    for (const split of ['train', 'val', 'test_comp', 'test_emoji'])
      expect(doc.panels.some((p) => p.split === split)).toBe(true);
    for (const p of doc.panels) {
      for (const lang of ['en', 'ko', 'ja'] as const) expect(p.captions[lang]).toHaveLength(3);
      expect(p.objects.length).toBeGreaterThan(0);
      for (const o of p.objects) {
        const [x0, y0, x1, y1] = o.box as [number, number, number, number];
        expect(0 <= x0 && x0 < x1 && x1 <= 1 && 0 <= y0 && y0 < y1 && y1 <= 1).toBe(true);
      }
    }
  });

  it('decodes every panel PNG to the exact pixels the renderer produced', () => {
    const channels = { color: 3, gray: 1, line: 1, mask: 1 } as const;
    for (const p of doc.panels) {
      for (const key of ['color', 'gray', 'line', 'mask'] as const) {
        const png = decodePng(fs.readFileSync(path.join(FIXTURES, p.files[key])));
        expect([png.width, png.height, png.channels]).toEqual([p.size, p.size, channels[key]]);
        expect(sha(png.pixels)).toBe(p.pixelSha256[key]);
      }
    }
  });

  it('ships the cat and dog sprites with their labels for the reference-library test', () => {
    const cat = doc.sprites.find((s) => s.hexcode === '1F408')!;
    const dog = doc.sprites.find((s) => s.hexcode === '1F415')!;
    expect(cat.label).toEqual({ en: 'cat', ko: '고양이', ja: 'ネコ' });
    expect(dog.label.en).toBe('dog');
    expect(dog.label.ko).toBe('개');
    const png = decodePng(fs.readFileSync(path.join(FIXTURES, cat.files.color)));
    expect([png.width, png.height, png.channels]).toEqual([128, 128, 4]);
    let opaque = 0;
    for (let i = 3; i < png.pixels.length; i += 4) if (png.pixels[i]! > 128) opaque++;
    expect(opaque).toBeGreaterThan(1000); // a real drawing, not an empty image
  });
});
