/**
 * A panel's place text (pure): what the storyboard's library search gets for a panel — its
 * narration without names and speech tags. A trial's story put a blurry placeholder called
 * "바라보았다." behind three panels and a house behind "늦은 밤거리, 혼자 집으로 걸어간다.", so:
 * - narration in which no word can name a place — Korean predicates ("바라보았다"), connective verb
 *   forms ("놀라서", "웃으며"; not -에서, the place particle), time and manner adverbs and bare
 *   relative positions ("그때", "혼자", "뒤에서") — gives '' and the panel keeps the previous place;
 * - a destination ("집으로") is dropped when another place word is left ("늦은 밤거리").
 * Otherwise the text is kept whole (verbs included): dropping every non-place word lost on the
 * validation stories (place-match accuracy 0.948 → 0.931 at the shipped threshold); these two
 * rules keep it at 0.948 (test/model/storyboard-threshold.mjs).
 */
const bare = (w: string): string => w.replace(/^[\p{P}\s]+|[\p{P}\s]+$/gu, '');

/** A Hangul predicate: three or more syllables ending in 다 / 요 (바다 and 동네 stay places). */
const PREDICATE = /^[가-힣]{2,}(?:다|요)$/u;
/** A connective verb form: -며 / -면서 / -서 (not 에서) / -고 / -니까 / -자마자. */
const CONNECTIVE = /^[가-힣]+(?:며|면서|(?<!에)서|고|니까|자마자)$/u;
/** Time, manner and sequence words, and relative positions standing alone. */
const NOT_PLACE =
  /^(?:그때|그러자|그리고|그러나|하지만|그런데|그래서|혼자|함께|같이|다시|또|갑자기|문득|천천히|빨리|조용히|이미|벌써|지금|곧|잠시|오늘|내일|어제|뒤에서|앞에서|옆에서|뒤로|앞으로|옆으로|여기서|거기서|저기서)$/u;
/** A destination: a noun with -(으)로. */
const DESTINATION = /^[가-힣]+(?:으로|로)$/u;

function isPlaceWord(w: string): boolean {
  const b = bare(w);
  return !!b && !PREDICATE.test(b) && !CONNECTIVE.test(b) && !NOT_PLACE.test(b);
}

/**
 * The place text of `narration` whose names are already removed and whose speech tags are `isTag`:
 * the narration without its speech tags (and without a destination when another place word is
 * left), or '' when no word of it can name a place.
 */
export function placeWords(narration: string, isTag: (word: string) => boolean): string {
  let words = narration.split(/\s+/u).filter((w) => !isTag(bare(w)));
  if (!words.some(isPlaceWord)) return '';
  const places = words.filter(isPlaceWord);
  if (places.some((w) => !DESTINATION.test(bare(w)))) words = words.filter((w) => !DESTINATION.test(bare(w)));
  return words
    .join(' ')
    .replace(/^[\p{P}\s]+|[\s,;:]+$/gu, '')
    .trim();
}
