/**
 * Place words shared by a storyboard place and a library reference (pure, DOM-free): the text part
 * of the storyboard's background match (src/services/library-search.ts adds TEXT_BONUS per shared
 * word to the CLIP cosine). Words and stems come from tokens.ts, as the References search uses:
 * Korean particles and endings come off ("집에서" → 집, "바닷가에서" → 바닷가), English plurals and
 * -ing/-ed forms meet their stem. One-letter Latin words are dropped; a one-syllable Hangul word
 * is kept (집 house, 산 mountain, 숲 forest, 비 rain are whole places). A Hangul reference word of
 * two or more syllables also matches the start of a query word (stacked particles: "바닷가에서는").
 */
import { nameWords, variants, words } from './tokens';

const HANGUL = /\p{Script=Hangul}/u;

/** Each kept word with its stems (the word itself first). */
function terms(ws: string[]): string[][] {
  return [...new Set(ws)].filter((w) => w.length >= 2 || HANGUL.test(w)).map((w) => variants(w));
}

/** A query's terms, made once per query. */
export function queryTerms(query: string): Set<string> {
  return new Set(terms(words(query)).flat());
}

/** How many words of the reference's name and tags the query shares (not capped). */
export function sharedPlaceWords(query: Set<string>, name: string, tags: readonly string[] = []): number {
  const ref = terms([...nameWords(name), ...tags.flatMap((t) => words(t))]);
  let n = 0;
  for (const [word, ...stems] of ref) {
    const prefix = word.length >= 2 && HANGUL.test(word) && [...query].some((x) => x.startsWith(word));
    if (prefix || query.has(word) || stems.some((x) => query.has(x))) n++;
  }
  return n;
}
