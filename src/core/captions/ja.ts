/** Japanese treatment templates: counters 匹/人/つ, いる (animate) vs ある (inanimate). */
import type { Noun, Relation, Subject, Treatment } from './types';

const KANJI = ['', '一', '二', '三', '四'];
const PLACE_AT = { room: '部屋の中に', street: '通りに', park: '公園に', beach: '海辺に', sky: '空に' } as const;
const PLACE_OF = { room: '部屋の中の', street: '通りの', park: '公園の', beach: '海辺の', sky: '空の' } as const;
const PLACE_IN = { room: '部屋の中で', street: '通りで', park: '公園で', beach: '海辺で', sky: '空で' } as const;
const TIME_AT = { day: '', evening: '夕方に', night: '夜に' } as const;
const TIME_OF = { day: '', evening: '夕方の', night: '夜の' } as const;
const TIME_LEAD = { day: '', evening: '夕方、', night: '夜、' } as const;
const WHERE = {
  under: 'の下に',
  above: 'の上に',
  next_to: 'の隣に',
  in_front_of: 'の前に',
  behind: 'の後ろに',
} as const;

/** "手を振る: 明るい肌色" → "手を振る（明るい肌色）". */
export function japaneseNoun(n: Noun): string {
  const i = n.ja.indexOf(':');
  return i < 0 ? n.ja.trim() : `${n.ja.slice(0, i).trim()}（${n.ja.slice(i + 1).trim()}）`;
}

/** "ネコ", "二匹のネコ", "三人の警察官", "四つのリンゴ". */
export function japaneseSubject(s: Subject): string {
  const name = japaneseNoun(s.noun);
  if (s.count <= 1) return name;
  const counter = s.noun.kind === 'animal' ? '匹' : s.noun.kind === 'person' ? '人' : 'つ';
  return `${KANJI[s.count]}${counter}の${name}`;
}

function action(r: Relation, predicate: boolean): string {
  const anchor = japaneseNoun(r.anchor);
  if (r.type === 'looking_at') return `${anchor}を見ている`;
  return `${anchor}へ${predicate ? '向かっている' : '向かう'}`;
}

export function japaneseCaption(t: Treatment): string {
  const list = t.subjects.map(japaneseSubject).join('と');
  const animate = t.subjects.some((s) => s.noun.kind !== 'thing');
  const exist = animate ? 'いる' : 'ある';
  const r = t.relation;
  const isAction = r?.type === 'looking_at' || r?.type === 'toward';
  const placeIn = t.place === 'none' ? '' : PLACE_IN[t.place];
  const placeOf = t.place === 'none' ? '' : PLACE_OF[t.place];
  if (t.style === 'phrase') {
    if (r && isAction) return `${TIME_AT[t.time]}${placeIn}${action(r, false)}${list}`;
    if (r)
      return `${TIME_AT[t.time]}${placeOf}${japaneseNoun(r.anchor)}${WHERE[r.type as keyof typeof WHERE]}${exist}${list}`;
    if (t.place !== 'none') return `${TIME_AT[t.time]}${PLACE_AT[t.place]}${exist}${list}`;
    return `${TIME_OF[t.time]}${list}`;
  }
  const subject = `${list}${t.style === 'topic' ? 'は' : 'が'}`;
  const lead = TIME_LEAD[t.time];
  if (r && isAction) return `${lead}${placeIn}${subject}${action(r, true)}。`;
  if (r) return `${lead}${subject}${placeOf}${japaneseNoun(r.anchor)}${WHERE[r.type as keyof typeof WHERE]}${exist}。`;
  if (t.place !== 'none') return `${lead}${subject}${PLACE_AT[t.place]}${exist}。`;
  return `${lead}${subject}${t.style === 'topic' ? 'ここに' : ''}${exist}。`;
}
