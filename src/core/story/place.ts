/**
 * A panel's place text (pure): what the storyboard's library search gets for a panel — its
 * narration without names and speech tags. A trial's story put a blurry placeholder called
 * "바라보았다." behind three panels and a house behind "늦은 밤거리, 혼자 집으로 걸어간다.", so:
 * - narration in which no word can name a place — Korean predicates ("바라보았다"), connective verb
 *   forms ("놀라서", "웃으며"; not -에서, the place particle), time and manner adverbs and bare
 *   relative positions ("그때", "혼자", "뒤에서") — gives '' and the panel keeps the previous place;
 * - a destination ("집으로") is dropped when the narration names its setting ("늦은 밤거리,",
 *   "학교에서"); "어두운 지하 통로로 달려간다" keeps its only place.
 * Otherwise the text is kept whole (verbs included): dropping every non-place word lost on the
 * validation stories (place-match accuracy 0.948 → 0.931 at the shipped threshold); these two
 * rules keep it at 0.948 (test/model/storyboard-threshold.mjs).
 */
/** A word without the punctuation around it. */
export const bare = (w: string): string => w.replace(/^[\p{P}\s]+|[\p{P}\s]+$/gu, '');

/** A Hangul syllable's vowel and final consonant indexes, or null for anything else. */
function jamo(syllable: string): { vowel: number; final: number } | null {
  const c = syllable.charCodeAt(0) - 0xac00;
  return c >= 0 && c <= 11171 ? { vowel: Math.floor((c % 588) / 28), final: c % 28 } : null;
}
const FINAL_N = 4;
const FINAL_SS = 20;
const FINAL_BS = 18;

/**
 * A Hangul predicate: -다 / -요 after a syllable closed by ㄴ, ㅆ or ㅄ (걷는다, 걸어간다, 있다,
 * 바라보았다, 없다) — 바다, 밤바다 and 캐나다 end in an open syllable and stay places.
 */
function isPredicate(w: string): boolean {
  if (w.length < 2 || !/[다요]$/u.test(w)) return false;
  const f = jamo(w[w.length - 2])?.final;
  return f === FINAL_N || f === FINAL_SS || f === FINAL_BS;
}

/**
 * A connective verb form: -며 / -면서 (웃으며), -니까, -자마자, and -서 after an open 아/어-form
 * syllable (놀라서, 먹어서, 해서, 와서) — not 경찰서 or 소방서, whose 서 follows a closed syllable.
 */
function isConnective(w: string): boolean {
  if (/^[가-힣]+(?:며|면서|니까|자마자)$/u.test(w)) return true;
  if (w.length < 2 || !w.endsWith('서') || w.endsWith('에서')) return false;
  const j = jamo(w[w.length - 2]);
  return !!j && j.final === 0 && [0, 1, 4, 6, 9, 14].includes(j.vowel); // ㅏ ㅐ ㅓ ㅕ ㅘ ㅝ
}

/** Time, manner and sequence words, and relative positions standing alone. */
const NOT_PLACE =
  /^(?:그때|그러자|그리고|그러나|하지만|그런데|그래서|혼자|함께|같이|다시|또|갑자기|문득|천천히|빨리|조용히|이미|벌써|지금|곧|잠시|오늘|내일|어제|뒤에서|앞에서|옆에서|뒤로|앞으로|옆으로|여기서|거기서|저기서)$/u;
/** A destination: a noun with -으로, or -로 after at least two syllables (학교로; not 통로, 도로). */
const DESTINATION = /^[가-힣]+으로$|^[가-힣]{2,}로$/u;

function isPlaceWord(w: string): boolean {
  const b = bare(w);
  return !!b && !isPredicate(b) && !isConnective(b) && !NOT_PLACE.test(b);
}

/** A setting named as such: "늦은 밤거리," (a phrase closed by a comma) or "학교에서". */
function isSetting(w: string): boolean {
  const b = bare(w);
  return isPlaceWord(w) && !DESTINATION.test(b) && (/,$/u.test(w) || /에서$/u.test(b));
}

/**
 * The place text of `narration` whose names are already removed and whose speech tags are `isTag`:
 * the narration without its speech tags (and without a destination when another place word is
 * left), or '' when no word of it can name a place.
 */
export function placeWords(narration: string, isTag: (word: string) => boolean): string {
  let words = narration.split(/\s+/u).filter((w) => !isTag(bare(w)));
  if (!words.some(isPlaceWord)) return '';
  if (words.some(isSetting)) words = words.filter((w) => !DESTINATION.test(bare(w)));
  return words
    .join(' ')
    .replace(/^[\p{P}\s]+|[\s,;:]+$/gu, '')
    .trim();
}
