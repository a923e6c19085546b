/**
 * Which characters a panel text names. A name matches where it is not inside a longer word:
 * the character before it must not be a letter or digit; after a Latin name no letter/digit may
 * follow ("Ann" does not match "Anna"), while a Hangul/CJK name may be followed by anything
 * (Korean particles attach to the name: "민수가", "민수는"). Latin matching ignores case.
 * Longer names win where names overlap ("Minsu" before "Min"); each name is reported once, in
 * order of first appearance.
 */

const WORD = /[\p{L}\p{N}]/u;
const CJK = /[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u;

export interface NamedCharacter {
  name: string;
}

function occurrences(text: string, name: string): number[] {
  const hay = text.toLocaleLowerCase();
  const needle = name.toLocaleLowerCase();
  const cjkEnd = CJK.test(name);
  const at: number[] = [];
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) {
    const before = i > 0 ? hay[i - 1] : '';
    const after = hay.slice(i + needle.length, i + needle.length + 1);
    if (before && WORD.test(before)) continue;
    if (!cjkEnd && after && WORD.test(after)) continue;
    at.push(i);
  }
  return at;
}

/** Every place `text` names a character (same rules; longer names win overlaps), in text order. */
export function nameSpans<C extends NamedCharacter>(
  text: string,
  characters: readonly C[],
): { c: C; at: number; end: number }[] {
  const byLength = characters
    .map((c) => ({ c, name: c.name.trim() }))
    .filter((x) => x.name.length > 0)
    .sort((a, b) => b.name.length - a.name.length);
  const spans: { c: C; at: number; end: number }[] = [];
  for (const { c, name } of byLength) {
    for (const i of occurrences(text, name))
      if (!spans.some((s) => i < s.end && i + name.length > s.at)) spans.push({ c, at: i, end: i + name.length });
  }
  return spans.sort((a, b) => a.at - b.at);
}

/** Characters named in `text`, in order of first appearance (names trimmed; empty names ignored). */
export function matchCharacters<C extends NamedCharacter>(text: string, characters: readonly C[]): C[] {
  const out: C[] = [];
  for (const { c } of nameSpans(text, characters)) if (!out.includes(c)) out.push(c);
  return out;
}
