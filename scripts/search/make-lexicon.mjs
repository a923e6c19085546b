// Builds the Korean ↔ English word lexicon of the reference search (src/core/search/lexicon-data.ts),
// so that a Korean query finds a reference named or tagged in English and the other way round
// ("고양이가" → smilingCat-2.png; "rain" → 비_스케치.png).
//
//   node scripts/search/make-lexicon.mjs            → writes src/core/search/lexicon-data.ts
//   node scripts/search/make-lexicon.mjs --review   → also writes /tmp/lexicon-review.tsv (every aligned pair)
//
// Source: emojibase-data 17 (MIT), the en and ko label and tags of every emoji (flags, keycaps and
// regional indicators left out). Alignment: an English word (words of the en label and tags, one
// light stem, ≥ 2 letters) and a Korean word (words of the ko label and tags) are a pair when they
// co-occur on ≥ 2 emoji, their Dice coefficient 2·c / (c_en + c_ko) is ≥ 0.3, and each is the
// other's best partner by Dice (mutual best); a Korean word with a particle or ending is replaced
// by its stem when the stem is an annotation word itself (포크와 → 포크). Every aligned pair was then read by a bilingual
// reviewer: the wrong ones are listed in lexicon-rejected.tsv and left out. lexicon-extra.tsv adds
// hand-written pairs for comic and scene words that emoji do not carry (checked the same way).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { importTs } from '../data/tsload.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const require = createRequire(import.meta.url);
const T = await importTs(path.join(ROOT, 'src/core/search/tokens.ts'));

const HANGUL = /\p{Script=Hangul}/u;
const SKIP = /regional indicator|^flag|keycap/;
const WHOLE = new Set(['어린이', '스파이']);

export function align() {
  const en = require('emojibase-data/en/data.json');
  const ko = new Map(require('emojibase-data/ko/data.json').map((e) => [e.hexcode, e]));
  const cw = new Map();
  const cv = new Map();
  const cwv = new Map();
  const inc = (m, k) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const e of en) {
    const k = ko.get(e.hexcode);
    if (!k || SKIP.test(e.label)) continue;
    const W = new Set(
      [e.label, ...(e.tags ?? [])]
        .flatMap((s) => T.words(s))
        .filter((w) => w.length >= 2 && /^[a-z]+$/.test(w))
        .map((w) => T.enStem(w) ?? w),
    );
    const V = new Set([k.label, ...(k.tags ?? [])].flatMap((s) => T.words(s)).filter((w) => HANGUL.test(w)));
    for (const w of W) inc(cw, w);
    for (const v of V) inc(cv, v);
    for (const w of W) for (const v of V) inc(cwv, `${w}\t${v}`);
  }
  const bestW = new Map();
  const bestV = new Map();
  for (const [key, c] of cwv) {
    if (c < 2) continue;
    const [w, v] = key.split('\t');
    const d = (2 * c) / (cw.get(w) + cv.get(v));
    if (!bestW.has(w) || bestW.get(w).d < d) bestW.set(w, { v, d, c });
    if (!bestV.has(v) || bestV.get(v).d < d) bestV.set(v, { w, d, c });
  }
  const pairs = [];
  for (const [w, { v, d, c }] of bestW)
    if (bestV.get(v)?.w === w && d >= 0.3) pairs.push({ en: w, ko: v, dice: +d.toFixed(2), n: c });
  // A Korean word that still carries a particle or ending (포크와, 하트가, 기쁨의, 긴장한) becomes its
  // stem when that stem is itself a Korean annotation word on ≥ 2 emoji, so "포크" finds "fork" too.
  // Only these suffixes, and only where two syllables stay (koStems's wider rules would turn 바다
  // into 바, 손 into 소, 가을 into 가); WHOLE lists words whose 이 is part of the word.
  for (const p of pairs) {
    const stem = [
      p.ko.replace(/(을|를|와|과|의|에)$/u, ''),
      p.ko.replace(/(이|가)$/u, ''),
      p.ko.replace(/(하는|한|스러운)$/u, ''),
    ].find((x) => x !== p.ko && x.length >= 2 && !WHOLE.has(p.ko) && (cv.get(x) ?? 0) >= 2);
    p.raw = p.ko;
    if (stem) p.ko = stem;
  }
  return pairs.sort((a, b) => a.en.localeCompare(b.en));
}

function readTsv(file) {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => l.split('\t'))
    .map(([en, ko]) => ({ en: en.trim(), ko: ko.trim() }));
}

/** The aligned pairs the review kept (a review line names a pair before or after its particle came off). */
export function kept(pairs = align()) {
  const rejected = new Set(readTsv(path.join(HERE, 'lexicon-rejected.tsv')).map((p) => `${p.en}\t${p.ko}`));
  return pairs.filter((p) => !rejected.has(`${p.en}\t${p.raw}`) && !rejected.has(`${p.en}\t${p.ko}`));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const pairs = align();
  if (process.argv.includes('--review'))
    fs.writeFileSync(
      '/tmp/lexicon-review.tsv',
      pairs.map((p) => `${p.en}\t${p.raw}\t${p.ko}\t${p.dice}\t${p.n}`).join('\n') + '\n',
    );
  const reviewed = kept(pairs).map((p) => [p.en, p.ko]);
  const extra = readTsv(path.join(HERE, 'lexicon-extra.tsv')).map((p) => [T.enStem(p.en) ?? p.en, p.ko]);
  const all = [...new Map([...reviewed, ...extra].map((p) => [p.join('\t'), p])).values()].sort((a, b) =>
    a[0] === b[0] ? a[1].localeCompare(b[1]) : a[0].localeCompare(b[0]),
  );
  const out = [
    '// Generated by scripts/search/make-lexicon.mjs — do not edit; edit lexicon-extra.tsv or',
    '// lexicon-rejected.tsv there and run it again. Korean ↔ English word pairs, ten to a line',
    `// ("en<TAB>ko" joined by ";"; English stemmed as tokens.ts enStem): ${pairs.length} aligned from emojibase-data 17.0.0`,
    `// (MIT) en/ko labels and tags, ${pairs.length - reviewed.length} rejected on review, ${extra.length} hand-written.`,
    'export const LEXICON_PAIRS = `',
    ...Array.from({ length: Math.ceil(all.length / 10) }, (_, i) =>
      all
        .slice(i * 10, i * 10 + 10)
        .map((p) => p.join('\t'))
        .join(';'),
    ),
    '`;',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(ROOT, 'src/core/search/lexicon-data.ts'), out);
  console.log(
    `${pairs.length} aligned, ${pairs.length - reviewed.length} rejected, ${extra.length} extra → ${all.length} pairs`,
  );
}
