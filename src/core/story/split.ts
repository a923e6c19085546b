/**
 * Story → panel texts. Blank lines separate paragraphs: when the story has more than one
 * paragraph, each paragraph is one panel. Otherwise the text is split into sentences, Korean or
 * English: a sentence ends at . ! ? … 。 ！ ？ (runs of them, plus closing quotes/brackets) followed
 * by whitespace or the end. Decimal numbers ("3.5") and abbreviations without a following space
 * stay whole. Whitespace inside a panel text is collapsed to single spaces.
 */

const END = /[.!?…。！？]+["'”’)\]」』]*(?=\s|$)/gu;

const clean = (s: string): string => s.replace(/\s+/gu, ' ').trim();

export function splitSentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (const m of text.matchAll(END)) {
    const end = (m.index ?? 0) + m[0].length;
    const s = clean(text.slice(start, end));
    if (s) out.push(s);
    start = end;
  }
  const rest = clean(text.slice(start));
  if (rest) out.push(rest);
  return out;
}

export function splitStory(text: string): string[] {
  const paragraphs = text
    .replace(/\r\n?/gu, '\n')
    .split(/\n[ \t\u3000]*\n/u)
    .map(clean)
    .filter(Boolean);
  if (paragraphs.length > 1) return paragraphs;
  return splitSentences(paragraphs[0] ?? '');
}
