/**
 * Text → search terms (pure, DOM-free; used by the text index and its tests).
 *
 * - `words(text)`: Intl.Segmenter words (any script), then split again at camelCase, snake_case,
 *   hyphens, dots, digit runs and Hangul/Latin boundaries; NFKC + lowercase. Emoji and
 *   punctuation are not words.
 * - `variants(word)`: the word and its stems — Korean: one particle (josa) or verb ending
 *   stripped ("고양이가" → "고양이", "웃는" → "웃", "노래하는" → "노래", "예쁜" → "예쁘"), and the plural
 *   들 after a stem of ≥ 2 syllables ("동물들", "동물들이" → "동물"; not "아들");
 * - `compoundHeads(word)`: the head of a 사이시옷 compound ("바닷가" → "바다", "나뭇잎" → "나무"),
 *   indexed for documents only (text-index.ts, at a lower weight);
 *   English: light stemming (cats → cat, boxes → box, puppies → puppy, running → run,
 *   smiled → smile/smil).
 * - `grams(text)`: Hangul syllable bigrams over the text with spaces removed, so "비오는밤" and
 *   "비 오는 밤" share 비오/오는/는밤 and "양이" finds "고양이".
 */

const HANGUL = /[\uac00-\ud7a3]/;
const HANGUL_RUN = /[\uac00-\ud7a3]+/g;

/** Josa and endings, longest first (so "에서" wins over "서"/"에"). */
const KO_SUFFIXES = [
  '으로부터',
  '에서부터',
  '이라고',
  '에게서',
  '한테서',
  '에서',
  '에게',
  '한테',
  '으로',
  '까지',
  '부터',
  '처럼',
  '하고',
  '이랑',
  '이나',
  '보다',
  '하는',
  '하던',
  '하게',
  '하다',
  '했던',
  '해서',
  '스런',
  '스러운',
  '이',
  '가',
  '은',
  '는',
  '을',
  '를',
  '의',
  '에',
  '로',
  '와',
  '과',
  '도',
  '만',
  '랑',
  '나',
  '던',
  '고',
  '다',
  '한',
].sort((a, b) => b.length - a.length);

/** Hangul syllable with a final ㄴ (jongseong index 4), e.g. 큰 = 크 + ㄴ. */
function dropFinalN(syl: string): string | null {
  const c = syl.charCodeAt(0) - 0xac00;
  if (c < 0 || c > 11171 || c % 28 !== 4) return null;
  return String.fromCharCode(0xac00 + c - 4);
}

/**
 * The first element of a compound joined by a 사이시옷: 바닷가 → 바다, 나뭇잎 → 나무, 혼잣말 → 혼자.
 * Only where that element has ≥ 2 syllables (햇빛 → 해, 옷가게 → 오 and 웃음 → 우 would mostly be
 * wrong); a non-compound may give a made-up word (다섯째 → 다서), which no one searches for, or a
 * word of another meaning (시냇물 → 시내, 고깃배 → 고기): text-index.ts gives heads half a match.
 */
export function compoundHeads(word: string): string[] {
  const out: string[] = [];
  for (let i = 1; i + 1 < word.length; i++) {
    const c = word.charCodeAt(i) - 0xac00;
    if (c >= 0 && c <= 11171 && c % 28 === 19) out.push(word.slice(0, i) + String.fromCharCode(0xac00 + c - 19));
  }
  return out;
}

let segmenter: Intl.Segmenter | null | undefined;
function segments(text: string): string[] {
  if (segmenter === undefined)
    segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter('ko', { granularity: 'word' }) : null;
  if (!segmenter) return text.split(/[^\p{L}\p{N}_]+/u).filter(Boolean);
  const out: string[] = [];
  for (const s of segmenter.segment(text)) if (s.isWordLike) out.push(s.segment);
  return out;
}

export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Splits a segment at camelCase, _, -, ., digits and script changes (before lowercasing). */
function splitSegment(seg: string): string[] {
  return seg
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .replace(/(\p{N})(\p{L})|(\p{L})(\p{N})/gu, (_m, a, b, c, d) => (a ? `${a} ${b}` : `${c} ${d}`))
    .replace(/([\uac00-\ud7a3])([^\uac00-\ud7a3\s])|([^\uac00-\ud7a3\s])([\uac00-\ud7a3])/g, (_m, a, b, c, d) =>
      a ? `${a} ${b}` : `${c} ${d}`,
    )
    .split(/[\s_\-.·,/\\]+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w));
}

/** Words of a text, lowercased (see file comment). */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const seg of segments(text.normalize('NFKC'))) for (const w of splitSegment(seg)) out.push(w.toLowerCase());
  return out;
}

/** Words of a file name (extension dropped). */
export function nameWords(name: string): string[] {
  return words(name.replace(/\.[a-z0-9]{1,5}$/i, ''));
}

/** Korean stems of a Hangul word: one suffix stripped (and a final ㄴ of a verb form dropped). */
export function koStems(word: string): string[] {
  // the plural 들 after a stem of ≥ 2 syllables, before or after a particle: 동물들 / 동물들이 → 동물
  // (not 아들 → 아)
  const plural = (w: string) => (w.length >= 3 && w.endsWith('들') ? [w.slice(0, -1)] : []);
  const suf = KO_SUFFIXES.find((x) => word.length > x.length && word.endsWith(x));
  if (suf) return [word.slice(0, -suf.length), ...plural(word.slice(0, -suf.length))];
  if (plural(word).length) return plural(word);
  // A verb form ending in a final ㄴ: 예쁜 → 예쁘, 큰 → 크.
  const noN = dropFinalN(word[word.length - 1]);
  return noN ? [word.slice(0, -1) + noN] : [];
}

/** Light English stemming (one rule). */
export function enStem(w: string): string | null {
  if (w.length <= 3 || !/^[a-z]+$/.test(w)) return null;
  if (w.endsWith('ies') && w.length > 4) return w.slice(0, -3) + 'y';
  if (/(ss|x|z|ch|sh)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('ing') && w.length > 5) {
    const s = w.slice(0, -3);
    return /([^aeiou])\1$/.test(s) && !/(ll|ss|zz)$/.test(s) ? s.slice(0, -1) : s;
  }
  if (w.endsWith('ed') && w.length > 4) {
    const s = w.slice(0, -2);
    return /([^aeiou])\1$/.test(s) && !/(ll|ss|zz)$/.test(s) ? s.slice(0, -1) : s;
  }
  if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) return w.slice(0, -1);
  return null;
}

/** A word and its stems (Korean suffixes, English stem; -ed/-ing forms also as stem + e). */
export function variants(word: string): string[] {
  const out = new Set([word]);
  if (HANGUL.test(word)) for (const s of koStems(word)) out.add(s);
  const en = enStem(word);
  if (en) {
    out.add(en);
    if (/(ed|ing)$/.test(word) && !en.endsWith('e')) out.add(`${en}e`);
  }
  // "smile" indexed as its own stem too, so "smiled"/"smiling" (→ smil + e) meet it.
  if (/^[a-z]{4,}e$/.test(word)) out.add(word.slice(0, -1));
  return [...out];
}

/** Hangul syllable bigrams of each Hangul run of the text once its spaces are removed. */
export function grams(text: string): string[] {
  const joined = normalize(text).replace(/\s+/g, '').match(HANGUL_RUN) ?? [];
  const out: string[] = [];
  for (const run of joined) for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  return out;
}
