/** Korean treatment templates. Particles follow the final consonant (hangul.ts). */
import { withParticle } from './hangul';
import type { Noun, Relation, Subject, Treatment } from './types';

const NATIVE = ['', '한', '두', '세', '네'];
const COUNTER = { animal: '마리', person: '명', thing: '개' } as const;

const PLACE_AT = { room: '방 안에', street: '거리에', park: '공원에', beach: '바닷가에', sky: '하늘에' } as const;
const PLACE_OF = { room: '방 안의', street: '거리의', park: '공원의', beach: '바닷가의', sky: '하늘의' } as const;
const PLACE_IN = {
  room: '방 안에서',
  street: '거리에서',
  park: '공원에서',
  beach: '바닷가에서',
  sky: '하늘에서',
} as const;
const TIME_AT = { day: '', evening: '저녁에', night: '밤에' } as const;
const TIME_OF = { day: '', evening: '저녁의', night: '밤의' } as const;
const WHERE = { under: '아래에', above: '위에', next_to: '옆에', in_front_of: '앞에', behind: '뒤에' } as const;

/** "흔드는 손: 하얀 피부" → "흔드는 손(하얀 피부)". */
export function koreanNoun(n: Noun): string {
  const i = n.ko.indexOf(':');
  return i < 0 ? n.ko.trim() : `${n.ko.slice(0, i).trim()}(${n.ko.slice(i + 1).trim()})`;
}

/** "고양이", "고양이 두 마리", "경찰관 세 명", "사과 네 개". */
export function koreanSubject(s: Subject): string {
  const name = koreanNoun(s.noun);
  return s.count > 1 ? `${name} ${NATIVE[s.count]} ${COUNTER[s.noun.kind]}` : name;
}

/** "고양이", "고양이와 개", "고양이, 개와 새". */
export function koreanList(items: string[]): string {
  if (items.length === 1) return items[0]!;
  const head = items.slice(0, -2);
  const pair = `${withParticle(items[items.length - 2]!, '와/과')} ${items[items.length - 1]}`;
  return head.length ? `${head.join(', ')}, ${pair}` : pair;
}

const join = (parts: string[]): string => parts.filter(Boolean).join(' ');

function isAction(r: Relation | undefined): r is Relation & { type: 'looking_at' | 'toward' } {
  return r?.type === 'looking_at' || r?.type === 'toward';
}

/** Action verb, as a modifier ("개를 바라보는") or a predicate ("개를 바라본다"). */
function action(r: Relation, predicate: boolean): string {
  const anchor = koreanNoun(r.anchor);
  if (r.type === 'looking_at') return `${withParticle(anchor, '을/를')} ${predicate ? '바라본다' : '바라보는'}`;
  return `${withParticle(anchor, '으로/로')} ${predicate ? '간다' : '가는'}`;
}

export function koreanCaption(t: Treatment): string {
  const list = koreanList(t.subjects.map(koreanSubject));
  const time = TIME_AT[t.time];
  const r = t.relation;
  if (t.style === 'phrase') {
    if (isAction(r)) return join([time, t.place === 'none' ? '' : PLACE_IN[t.place], action(r, false), list]);
    if (r)
      return join([
        time,
        t.place === 'none' ? '' : PLACE_OF[t.place],
        `${koreanNoun(r.anchor)} ${WHERE[r.type as keyof typeof WHERE]}`,
        '있는',
        list,
      ]);
    if (t.place !== 'none') return join([time, PLACE_AT[t.place], '있는', list]);
    return join([TIME_OF[t.time], list]);
  }
  const subject = withParticle(list, t.style === 'topic' ? '은/는' : '이/가');
  let body: string;
  if (isAction(r)) body = join([time, t.place === 'none' ? '' : PLACE_IN[t.place], subject, action(r, true)]);
  else if (r)
    body = join([
      time,
      subject,
      t.place === 'none' ? '' : PLACE_OF[t.place],
      `${koreanNoun(r.anchor)} ${WHERE[r.type as keyof typeof WHERE]}`,
      '있다',
    ]);
  else if (t.place !== 'none') body = join([time, subject, PLACE_AT[t.place], '있다']);
  else body = join([time, subject, t.style === 'topic' ? '여기에 있다' : '있다']);
  return `${body}.`;
}
