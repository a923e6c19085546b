/**
 * Place words shared by a storyboard place and a library reference (pure, DOM-free): the text part
 * of the storyboard's background match (src/services/library-search.ts adds TEXT_BONUS per shared
 * word to the CLIP cosine). Words and stems come from tokens.ts, as the References search uses:
 * Korean particles and endings come off ("집에서" → 집, "바닷가에서" → 바닷가), English plurals and
 * -ing/-ed forms meet their stem; stems of one character are not used. One-letter Latin words are
 * dropped; a one-syllable Hangul place (집 house, 산 mountain, 숲 forest, 비 rain) matches only as
 * itself plus a particle or spatial noun (ONE_SYLLABLE_TAIL). A Hangul reference word of two or
 * more syllables also matches the start of a query word (stacked particles: "바닷가에서는").
 * Translations (lexicon.ts) count where the query's own words do not: "집에서" finds house.png.
 */
import { translationsOf } from './lexicon';
import { nameWords, variants, words } from './tokens';

const HANGUL = /\p{Script=Hangul}/u;

/**
 * A one-syllable Hangul place (집, 산, 숲, 비, 눈) matches a query word only as itself, with a
 * spatial noun (숲속, 집앞) and/or a particle (집에서, 산속에서, 비가) — never through a verb ending
 * or a stem ("사는"/"산다" are not 산, "누가" is not 눈), which one syllable makes too ambiguous.
 */
const ONE_SYLLABLE_TAIL =
  /^(?:속|앞|안|밖|뒤|위|옆)?(?:에서|에게|에|의|은|는|이|가|을|를|으로|로|와|과|도|만|까지|부터|처럼|이나|나|랑|이랑)?$/u;

/** Each kept word with its stems of two or more characters (the word itself first). */
function terms(ws: string[]): string[][] {
  return [...new Set(ws)]
    .filter((w) => w.length >= 2)
    .map((w) => [w, ...variants(w).filter((v) => v !== w && v.length >= 2)]);
}

/** A query's words and their terms, made once per query; `translated`: their Korean ↔ English translations (lexicon.ts). */
export interface QueryTerms {
  words: string[];
  terms: Set<string>;
  translated: Set<string>;
}

export function queryTerms(query: string): QueryTerms {
  const ws = words(query);
  const own = terms(ws).flat();
  // translated through the same terms (two or more characters), and a one-syllable Hangul place
  // only with its particle or spatial noun (집에서 → 집 → house; never 산다 → 산)
  const single = ws.filter((w) => HANGUL.test(w[0] ?? '') && ONE_SYLLABLE_TAIL.test(w.slice(1))).map((w) => w[0]);
  return { words: ws, terms: new Set(own), translated: new Set([...own, ...single].flatMap((w) => translationsOf(w))) };
}

/** A reference's words made once (its name and tags): single Hangul syllables and longer terms. */
export interface RefTerms {
  syllables: string[];
  terms: string[][];
}

export function refTerms(name: string, tags: readonly string[] = []): RefTerms {
  const ref = [...new Set([...nameWords(name), ...tags.flatMap((t) => words(t))])];
  return { syllables: ref.filter((x) => x.length === 1 && HANGUL.test(x)), terms: terms(ref) };
}

/**
 * The words of a reference (its `refTerms`, as the reference writes them) that the query shares:
 * in the query's own words, or else through their translations — whichever list is longer, so
 * that a name in both languages ("바닷가 beach.png") counts once, as before, and an English-only
 * name still answers a Korean story ("집에서" → house.png).
 */
function sharedWords(query: QueryTerms, ref: RefTerms): string[] {
  const own: string[] = [];
  const viaTranslation: string[] = [];
  for (const w of ref.syllables) {
    if (query.words.some((q) => q.startsWith(w) && ONE_SYLLABLE_TAIL.test(q.slice(1)))) own.push(w);
    else if (query.translated.has(w)) viaTranslation.push(w);
  }
  for (const [word, ...stems] of ref.terms) {
    const prefix = HANGUL.test(word) && [...query.terms].some((x) => x.startsWith(word));
    if (prefix || query.terms.has(word) || stems.some((x) => query.terms.has(x))) own.push(word);
    else if ([word, ...stems].some((x) => query.translated.has(x))) viaTranslation.push(word);
  }
  return viaTranslation.length > own.length ? viaTranslation : own;
}

/** How many words of a reference the query shares (not capped; see sharedWords). */
export function sharedTerms(query: QueryTerms, ref: RefTerms): number {
  return sharedWords(query, ref).length;
}

/** How many words of the reference's name and tags the query shares (not capped). */
export function sharedPlaceWords(query: QueryTerms, name: string, tags: readonly string[] = []): number {
  return sharedTerms(query, refTerms(name, tags));
}
