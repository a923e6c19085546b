/**
 * Korean ↔ English word translations for the reference search (pure): a Korean query word finds
 * references named or tagged in English and the other way round ("고양이가" → cat, "rain" → 비).
 * The pairs (lexicon-data.ts) are aligned from emojibase-data's en/ko annotations and reviewed,
 * plus hand-written comic and scene words (scripts/search/make-lexicon.mjs). A query word is
 * looked up through itself and its variants (tokens.ts: particles off, English stem); English
 * results are stems, which match documents because the index holds each word's stem too
 * (tokens.ts `variants`: "smiling" and "smile" are also indexed as "smil").
 */
import { LEXICON_PAIRS } from './lexicon-data';
import { variants } from './tokens';

/** The "en<TAB>ko" pairs of a list (lexicon-data.ts packs ten to a line, joined by ";"). */
export function pairsOf(text: string): string[] {
  return text.split(/[\n;]/).filter((p) => p.includes('\t'));
}

/** Both directions of a list of "en<TAB>ko" pairs. */
function table(pairs: string): Map<string, string[]> {
  const lex = new Map<string, string[]>();
  const add = (a: string, b: string) => {
    const list = lex.get(a);
    if (!list) lex.set(a, [b]);
    else if (!list.includes(b)) list.push(b);
  };
  for (const pair of pairsOf(pairs)) {
    const [en, ko] = pair.split('\t');
    if (!en || !ko) continue;
    add(en, ko);
    add(ko, en);
  }
  return lex;
}

/** A translator over other pairs ("en<TAB>ko" lines): scripts/search/choose-fusion.mjs measures subsets. */
export function translator(pairs: string): (word: string) => string[] {
  const lex = table(pairs);
  return (word) => lookUp(lex, word);
}

let shipped: Map<string, string[]> | undefined;

/** Words of the other language for `word` (lower-case, as tokens.ts `words` gives), no duplicates. */
export function translations(word: string): string[] {
  shipped ??= table(LEXICON_PAIRS);
  return lookUp(shipped, word);
}

/** Translations of `word` exactly as given (no variants): callers that chose the stems themselves. */
export function translationsOf(word: string): readonly string[] {
  shipped ??= table(LEXICON_PAIRS);
  return shipped.get(word) ?? [];
}

function lookUp(lex: Map<string, string[]>, word: string): string[] {
  const out = new Set<string>();
  for (const v of variants(word)) for (const t of lex.get(v) ?? []) out.add(t);
  return [...out];
}

/** Number of pairs (tests, the folder README). */
export function lexiconSize(): number {
  return pairsOf(LEXICON_PAIRS).length;
}
