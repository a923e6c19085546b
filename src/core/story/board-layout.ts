/**
 * Storyboard panel layout, pure: sizes, gutters, where characters stand and how big, where
 * bubbles and captions go, and fitting text into a bubble (with an injected text measure, so
 * the worker measures with the real font and tests measure with a fake one).
 *
 * Panel: 800 px wide (the WEBTOON upload width); height by shot: wide 600, medium 800, close 700.
 * Gutter after a panel (`gapAfter`, white): 160 px when the next panel changes place (a scene
 * change reads as a pause), 100 after a close-up, else 60; none after the last panel.
 * Characters (anchor = bottom centre, `scale` = figure height / panel height): 1 → x 0.5,
 * 2 → 0.28 / 0.72, n → evenly spaced; wide 0.38 standing at 0.92, medium 0.7 at 1.0, close 1.05
 * at 1.12 (cropped by the panel's bottom edge, as a close-up is).
 */
import type { BoardPlan, Shot } from './storyboard';

export const BOARD_WIDTH = 800;
export const SHOT_HEIGHT: Record<Shot, number> = { wide: 600, medium: 800, close: 700 };
const FIGURE: Record<Shot, { scale: number; bottom: number }> = {
  wide: { scale: 0.38, bottom: 0.92 },
  medium: { scale: 0.7, bottom: 1.0 },
  close: { scale: 1.05, bottom: 1.12 },
};
export const GAP_SCENE = 160;
export const GAP_CLOSE = 100;
export const GAP_BEAT = 60;

export interface LayoutCharacter {
  name: string;
  /** Bottom-centre anchor in panel pixels. */
  x: number;
  y: number;
  /** Figure height as a share of the panel height. */
  scale: number;
  /** Filled in by the worker: the drawn figure's box in panel pixels (for hit-testing in the editor). */
  box?: { x: number; y: number; w: number; h: number };
}

export interface LayoutBubble {
  kind: 'speech' | 'caption';
  text: string;
  speaker?: string;
  /** Box in panel pixels (the worker grows `h` when text needs it). */
  x: number;
  y: number;
  w: number;
  h: number;
  /** Filled in by the worker: lines as lettered, font size, and whether the text overflowed. */
  lines?: string[];
  fontSize?: number;
  overflow?: boolean;
}

export interface LayoutBackground {
  /** Library reference (absent for a generated placeholder or none). */
  refId?: string;
  name: string;
  blobId: string;
  score?: number;
  /** Which library hit (0 = best) — "Next background" steps through them. */
  rank: number;
  /** Drawn by the diffusion model because the library had no match (shown as a placeholder). */
  generated?: boolean;
}

export interface PanelLayout {
  width: number;
  height: number;
  shot: Shot;
  background?: LayoutBackground;
  characters: LayoutCharacter[];
  bubbles: LayoutBubble[];
}

export function panelHeight(shot: Shot): number {
  return SHOT_HEIGHT[shot];
}

export function gapAfter(plans: readonly Pick<BoardPlan, 'place' | 'shot'>[], i: number): number {
  const next = plans[i + 1];
  if (!next) return 0;
  if (next.place && next.place !== plans[i].place) return GAP_SCENE;
  return plans[i].shot === 'close' ? GAP_CLOSE : GAP_BEAT;
}

export function placeCharacters(
  names: readonly string[],
  shot: Shot,
  width = BOARD_WIDTH,
  height = SHOT_HEIGHT[shot],
): LayoutCharacter[] {
  const f = FIGURE[shot];
  const n = names.length;
  return names.map((name, i) => {
    const fx = n === 1 ? 0.5 : n === 2 ? (i === 0 ? 0.28 : 0.72) : (i + 0.5) / n;
    return {
      name,
      x: Math.round(fx * width),
      y: Math.round(f.bottom * height),
      scale: n > 2 ? f.scale * 0.8 : f.scale,
    };
  });
}

/** Bubble and caption boxes: captions across the top-left, each speech bubble above its speaker (else alternating sides). */
export function placeBubbles(
  plan: Pick<BoardPlan, 'bubbles' | 'captions'>,
  chars: readonly LayoutCharacter[],
  width: number,
  height: number,
): LayoutBubble[] {
  const out: LayoutBubble[] = [];
  let top = 24;
  for (const text of plan.captions) {
    const h = 90;
    out.push({ kind: 'caption', text, x: 24, y: top, w: Math.round(width * 0.62), h });
    top += h + 16;
  }
  const w = Math.round(width * 0.4);
  const h = 150;
  plan.bubbles.forEach((b, i) => {
    const who = b.speaker ? chars.find((c) => c.name === b.speaker) : undefined;
    const cx = who ? who.x : i % 2 === 0 ? width * 0.3 : width * 0.7;
    const x = Math.round(Math.min(Math.max(cx - w / 2, 16), width - w - 16));
    const y = Math.min(top + i * 24, Math.round(height * 0.45));
    out.push({ kind: 'speech', text: b.text, ...(b.speaker ? { speaker: b.speaker } : {}), x, y, w, h });
  });
  return out;
}

/**
 * Layout bubble `i` (a speech bubble) given to `speaker` (a character of the panel), or to no one
 * (''): its tail then points at that character, and it moves over them (as placeBubbles puts it).
 */
export function respeak(layout: PanelLayout, i: number, speaker: string): PanelLayout {
  const b = layout.bubbles[i];
  if (b?.kind !== 'speech') return layout;
  const who = layout.characters.find((c) => c.name === speaker);
  const { speaker: _old, ...rest } = b;
  const x = who ? Math.round(Math.min(Math.max(who.x - b.w / 2, 16), layout.width - b.w - 16)) : b.x;
  const bubbles = layout.bubbles.map((o, j) => (j === i ? { ...rest, x, ...(who ? { speaker: who.name } : {}) } : o));
  return { ...layout, bubbles };
}

export function layoutPanel(plan: BoardPlan): PanelLayout {
  const height = panelHeight(plan.shot);
  const characters = placeCharacters(plan.characters, plan.shot, BOARD_WIDTH, height);
  return {
    width: BOARD_WIDTH,
    height,
    shot: plan.shot,
    characters,
    bubbles: placeBubbles(plan, characters, BOARD_WIDTH, height),
  };
}

/** Lays a panel out again for a new shot, keeping its background and texts (characters re-placed). */
export function reshoot(layout: PanelLayout, shot: Shot, plan: BoardPlan): PanelLayout {
  const next = layoutPanel({ ...plan, shot, bubbles: [], captions: [] });
  let s = 0;
  let c = 0;
  const bubbles = layoutPanel({ ...plan, shot }).bubbles.map((b) => {
    const old =
      b.kind === 'speech'
        ? layout.bubbles.filter((x) => x.kind === 'speech')[s++]
        : layout.bubbles.filter((x) => x.kind === 'caption')[c++];
    return old ? { ...b, text: old.text } : b;
  });
  return { ...next, ...(layout.background ? { background: layout.background } : {}), bubbles };
}

export type Measure = (text: string, fontSize: number) => number;

export interface Fitted {
  lines: string[];
  fontSize: number;
  /** Height the lines need (line height 1.3 × size) plus padding. */
  height: number;
  overflow: boolean;
}

const SIZES = [30, 28, 26, 24, 22, 20, 18, 16, 15, 14];
const PAD = 18;

/** Greedy wrap at spaces; a word wider than the line is broken between characters (Hangul wraps anywhere). */
export function wrapText(text: string, maxW: number, size: number, measure: Measure): string[] {
  const lines: string[] = [];
  let cur = '';
  const push = (word: string): void => {
    const tryLine = cur ? `${cur} ${word}` : word;
    if (measure(tryLine, size) <= maxW) {
      cur = tryLine;
      return;
    }
    if (cur) lines.push(cur);
    cur = '';
    if (measure(word, size) <= maxW) {
      cur = word;
      return;
    }
    for (const ch of Array.from(word)) {
      if (cur && measure(cur + ch, size) > maxW) {
        lines.push(cur);
        cur = '';
      }
      cur += ch;
    }
  };
  for (const word of text.split(/\s+/u).filter(Boolean)) push(word);
  if (cur) lines.push(cur);
  return lines;
}

/**
 * Fits `text` in a box of width `w`: the largest size whose lines fit in `h`; if none does, the
 * box may grow up to `maxH` at the smallest size; beyond that the text is cut with "…" and
 * `overflow` is true.
 */
export function fitText(text: string, w: number, h: number, maxH: number, measure: Measure): Fitted {
  const inner = w - 2 * PAD;
  const need = (n: number, size: number): number => Math.ceil(n * size * 1.3) + 2 * PAD;
  for (const size of SIZES) {
    const lines = wrapText(text, inner, size, measure);
    if (need(lines.length, size) <= h) return { lines, fontSize: size, height: h, overflow: false };
  }
  const size = SIZES[SIZES.length - 1];
  const lines = wrapText(text, inner, size, measure);
  if (need(lines.length, size) <= maxH)
    return { lines, fontSize: size, height: need(lines.length, size), overflow: false };
  const room = Math.max(1, Math.floor((maxH - 2 * PAD) / (size * 1.3)));
  const kept = lines.slice(0, room);
  kept[room - 1] = `${kept[room - 1].slice(0, Math.max(0, kept[room - 1].length - 1))}…`;
  return { lines: kept, fontSize: size, height: need(room, size), overflow: true };
}
