/**
 * Story → storyboard (콘티) panel plan, pure. Each panel text (splitStory: paragraphs, else
 * sentences) becomes a panel with:
 * - `characters`: the sheet names it mentions (matchCharacters: Korean particles attach);
 * - `bubbles`: quoted dialogue (“…” "…" 「…」 『…』 ‘…’) in order, each with its `speaker` — the last
 *   name before the quote (after the previous quote) that is not spoken to (준에게, 준을, "to Joon"), else the first name right after it
 *   ("…," said Mina), else the only character the narration names; names only inside quotes
 *   count as characters; one the quote calls by name ("준, 안녕?", "미나야, …") is never its speaker,
 *   even when the narration names them too ("미나는 창가에 있었다. 준이 들어왔다. "미나야,
 *   기다렸지?"": no speaker when 준 has no sheet, rather than 미나 greeting herself);
 * - `captions`: the narration (text outside quotes) as one caption box — with dialogue, its trailing
 *   speech tag is dropped ("… 하고 외쳤다."), and a narration that is only a speech tag ("Mina
 *   said.", "미나가 말했다.") gives no caption;
 * - `shot`: 'wide' (멀리/전경/풍경/wide/establishing/distance…), 'close' (얼굴/눈물/눈빛/close-up/face/
 *   eyes…), else 'medium';
 * - `place`: the narration with names, quotes and speech tags removed (what the library search
 *   gets); a panel with no place text (only dialogue) keeps the previous panel's place
 *   (`placeFrom` = that panel's index).
 */
import { matchCharacters, nameSpans, type NamedCharacter } from './characters';
import { bare, placeWords } from './place';
import { splitStory } from './split';

export type Shot = 'wide' | 'medium' | 'close';
export const SHOTS: readonly Shot[] = ['wide', 'medium', 'close'];

export interface BoardLine {
  text: string;
  speaker?: string;
}

export interface BoardPlan {
  index: number;
  text: string;
  characters: string[];
  bubbles: BoardLine[];
  captions: string[];
  shot: Shot;
  place: string;
  /** Index of the earlier panel whose place this one keeps (it names none of its own). */
  placeFrom?: number;
}

const QUOTE = /“([^”]*)”?|"([^"]*)"?|「([^」]*)」?|『([^』]*)』?|‘([^’]*)’?/gu;

const WIDE =
  /멀리|전경|풍경|광경|전체|하늘 아래|\b(?:wide|establishing|far away|in the distance|distant|panorama|skyline|landscape)\b/iu;
const CLOSE = /얼굴|눈물|눈빛|눈동자|두 눈|클로즈업|입술|\b(?:close[- ]?ups?|close|face|eyes|tears?|lips)\b/iu;

/** Speech verbs: narration made only of these (plus names and particles) is a speech tag. */
const TAG_WORDS =
  /^(?:said|says|say|asked|asks|shouted|shouts|yelled|whispered|whispers|replied|replies|answered|cried|called|laughed|muttered|and|then|to|her|him|them|softly|quietly|loudly|말했다|말한다|말했어요|물었다|묻는다|외쳤다|외친다|소리쳤다|속삭였다|속삭인다|대답했다|대답한다|중얼거렸다|웃었다|하고|라고|이라고|고|했다|한다|말하다|조용히|크게)$/iu;

export function shotOf(text: string): Shot {
  if (CLOSE.test(text)) return 'close';
  if (WIDE.test(text)) return 'wide';
  return 'medium';
}

interface Split {
  quotes: { text: string; start: number; end: number }[];
  narration: string;
}

function splitQuotes(text: string): Split {
  const quotes: Split['quotes'] = [];
  let narration = '';
  let last = 0;
  for (const m of text.matchAll(QUOTE)) {
    const inner = (m.slice(1).find((g) => g !== undefined) ?? '').trim();
    const start = m.index ?? 0;
    narration += `${text.slice(last, start)} `;
    last = start + m[0].length;
    if (inner) quotes.push({ text: inner, start, end: last });
  }
  narration += text.slice(last);
  return { quotes, narration: narration.replace(/\s+/gu, ' ').trim() };
}

function removeNames(text: string, names: string[]): string {
  let out = text;
  for (const n of [...names].sort((a, b) => b.length - a.length)) {
    const esc = n.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
    // A Hangul name takes its particle with it (미나가, 준은, 미나와).
    out = out.replace(
      new RegExp(`${esc}(?:이가|이는|이와|이랑|가|는|은|이|와|과|를|을|의|에게|랑|도|야|아)?`, 'giu'),
      ' ',
    );
  }
  return out.replace(/\s+/gu, ' ').trim();
}

function isSpeechTag(narration: string, names: string[]): boolean {
  const rest = removeNames(narration, names);
  const words = rest.split(/\s+/u).map(bare).filter(Boolean);
  return words.length === 0 || words.every((w) => TAG_WORDS.test(w));
}

/**
 * "준이 학교 앞에서 하고 외쳤다." → "준이 학교 앞에서" (the speech tag belongs to the bubble), and
 * "…걸어간다. 미나가 \"…\"라고 중얼거렸다." → "…걸어간다." (a name left alone after a sentence is the
 * quote's speaker, said by the bubble: a trial's captions ended in a dangling "미나가").
 */
function dropTrailingTags(narration: string, names: string[]): string {
  const words = narration.split(/\s+/u);
  const speaker = (w: string) => names.some((n) => removeNames(bare(w), [n]) === '');
  for (;;) {
    const last = words[words.length - 1];
    if (last === undefined) break;
    if (TAG_WORDS.test(bare(last))) words.pop();
    else if (speaker(last) && (words.length === 1 || /[.!?。！？…]$/u.test(words[words.length - 2]))) words.pop();
    else break;
  }
  return words.join(' ').replace(/[\s,;:]+$/u, '');
}

function placeText(narration: string, names: string[]): string {
  return placeWords(removeNames(narration, names), (w) => TAG_WORDS.test(w));
}

/** After a name: spoken to or about (준에게, 준이한테, 준을; 께 but not the honorific subject 께서). */
const ADDRESSEE_AFTER = /^이?(?:에게|한테|께(?!서)|더러|보고|을|를)/u;
/** Before a name: "… said to Joon", "smiled at Joon", "asked Joon" (the text is lowercased). */
const ADDRESSEE_BEFORE = /\b(?:to|at|towards?|asked|told|called)\s+$/u;
/** After a name inside a quote: called by it ("미나야,", "준!", "Mina,", "민수 씨?"), so spoken to. */
const VOCATIVE = /^(?:이?야|아|\s?씨|\s?님)?\s*(?:[,!?…~]|$)/u;

function speakerOf<C extends NamedCharacter>(
  text: string,
  q: Split['quotes'][number],
  prevEnd: number,
  nextStart: number,
  cast: readonly C[],
  inPanel: C[],
): string | undefined {
  // Whom the quote calls by name ("미나야, 기다렸지?") is spoken to, not speaking.
  const called = new Set(
    nameSpans(q.text, cast)
      .filter((s) => VOCATIVE.test(q.text.slice(s.end)))
      .map((s) => s.c),
  );
  cast = cast.filter((c) => !called.has(c));
  inPanel = inPanel.filter((c) => !called.has(c));
  // The name nearest before the quote that may be its subject (not 준에게 / 준을 / "to Joon").
  const seg = text.slice(prevEnd, q.start);
  const low = seg.toLocaleLowerCase();
  const subject = nameSpans(seg, cast)
    .filter((s) => !ADDRESSEE_AFTER.test(seg.slice(s.end)) && !ADDRESSEE_BEFORE.test(low.slice(0, s.at)))
    .pop();
  if (subject) return subject.c.name.trim();
  const after = matchCharacters(text.slice(q.end, nextStart), cast);
  if (after.length) return after[0].name.trim();
  return inPanel.length === 1 ? inPanel[0].name.trim() : undefined;
}

/** One panel's plan (no place inheritance: see planStoryboard). */
export function planPanel<C extends NamedCharacter>(text: string, cast: readonly C[], index = 0): BoardPlan {
  const { quotes, narration } = splitQuotes(text);
  const named = matchCharacters(text, cast);
  const narrated = matchCharacters(narration, cast);
  const bubbles: BoardLine[] = quotes.map((q, i) => {
    const speaker = speakerOf(
      text,
      q,
      i > 0 ? quotes[i - 1].end : 0,
      quotes[i + 1]?.start ?? text.length,
      cast,
      narrated,
    );
    return { text: q.text, ...(speaker ? { speaker } : {}) };
  });
  const names = named.map((c) => c.name.trim());
  const caption = bubbles.length ? dropTrailingTags(narration, names) : narration;
  const captions = caption && !(bubbles.length && isSpeechTag(narration, names)) ? [caption] : [];
  return {
    index,
    text,
    characters: names,
    bubbles,
    captions,
    shot: shotOf(narration || text),
    place: bubbles.length && isSpeechTag(narration, names) ? '' : placeText(narration, names),
  };
}

/**
 * splitStory, then a piece that starts with a speech tag ("하고 물었다.", "said Joon.") goes back
 * to the quote before it: `“누구야?” 하고 물었다.` is one panel.
 */
export function boardTexts(story: string): string[] {
  const out: string[] = [];
  for (const piece of splitStory(story)) {
    const first = bare(piece.split(/\s+/u)[0] ?? '');
    if (out.length && /["”」』’]$/u.test(out[out.length - 1]) && TAG_WORDS.test(first))
      out[out.length - 1] += ` ${piece}`;
    else out.push(piece);
  }
  return out;
}

/** The people of the panel before stay in the shot, after the ones this panel names. */
function keepCast(p: BoardPlan, prev: BoardPlan): void {
  p.characters = [...p.characters, ...prev.characters.filter((c) => !p.characters.includes(c))];
}

/** Narration about the group on stage ("두 사람은", "둘이", "both", "the two"): they stay in the shot. */
const GROUP = /두\s*사람|둘이|둘은|둘 다|\bboth\b|\bthe two\b/iu;

/**
 * A panel of dialogue only ("정말?" 미나가 물었다. / "그럼 내일 또 오자.") continues the panel before
 * it: those characters stay in the shot (after the ones it names). When it is nothing but quotes, a
 * line nobody is named for goes to the one person there it does not call by name, else to the one
 * who did not speak last (two people take turns).
 */
function continueConversation(p: BoardPlan, prev: BoardPlan): void {
  keepCast(p, prev);
  if (splitQuotes(p.text).narration) return; // a speech tag ("미나가 물었다"): its speaker is named
  let last = [...prev.bubbles].reverse().find((b) => b.speaker)?.speaker;
  for (const b of p.bubbles) {
    if (!b.speaker) {
      const called = new Set(
        nameSpans(
          b.text,
          p.characters.map((name) => ({ name })),
        )
          .filter((sp) => VOCATIVE.test(b.text.slice(sp.end)))
          .map((sp) => sp.c.name),
      );
      const may = p.characters.filter((c) => !called.has(c));
      const turn = may.filter((c) => c !== last);
      if (may.length === 1) b.speaker = may[0];
      else if (last && turn.length === 1) b.speaker = turn[0];
    }
    last = b.speaker ?? last;
  }
}

export function planStoryboard<C extends NamedCharacter>(story: string, cast: readonly C[]): BoardPlan[] {
  const out: BoardPlan[] = [];
  for (const [i, text] of boardTexts(story).entries()) {
    const p = planPanel(text, cast, i);
    const prev = out[i - 1];
    if (!p.place && prev) {
      p.place = prev.place;
      p.placeFrom = prev.placeFrom ?? prev.index;
    }
    if (prev && p.bubbles.length && !p.captions.length) continueConversation(p, prev);
    else if (prev && GROUP.test(splitQuotes(p.text).narration)) keepCast(p, prev);
    out.push(p);
  }
  return out;
}
