/** English treatment templates: articles, plurals and verb agreement from english.ts. */
import { capitalize, englishIsPlural, englishList, englishNounPhrase } from './english';
import type { Relation, Treatment } from './types';

const PLACE = {
  none: '',
  room: 'in a room',
  street: 'on the street',
  park: 'in a park',
  beach: 'at the beach',
  sky: 'in the sky',
} as const;
const PLACE_DEF = {
  none: '',
  room: 'in the room',
  street: 'on the street',
  park: 'in the park',
  beach: 'at the beach',
  sky: 'in the sky',
} as const;
const TIME = { day: '', evening: 'in the evening', night: 'at night' } as const;
const TIME_LEAD = { day: '', evening: 'In the evening,', night: 'At night,' } as const;
const PREP = {
  under: 'under',
  above: 'above',
  next_to: 'next to',
  in_front_of: 'in front of',
  behind: 'behind',
} as const;

const join = (parts: string[]): string => parts.filter(Boolean).join(' ');

function relationText(r: Relation, definite: boolean, verb: 'participle' | 'singular' | 'plural'): string {
  const anchor = englishNounPhrase(r.anchor.en, 1, definite);
  if (r.type === 'looking_at')
    return `${{ participle: 'looking at', singular: 'looks at', plural: 'look at' }[verb]} ${anchor}`;
  if (r.type === 'toward')
    return `${{ participle: 'heading toward', singular: 'heads toward', plural: 'head toward' }[verb]} ${anchor}`;
  return `${PREP[r.type]} ${anchor}`;
}

export function englishCaption(t: Treatment): string {
  const definite = t.style === 'topic';
  const list = englishList(t.subjects.map((s) => englishNounPhrase(s.noun.en, s.count, definite)));
  const plural = t.subjects.length > 1 || englishIsPlural(t.subjects[0]!.noun.en, t.subjects[0]!.count);
  const r = t.relation;
  const place = definite ? PLACE_DEF[t.place] : PLACE[t.place];
  const isAction = r?.type === 'looking_at' || r?.type === 'toward';
  if (t.style === 'phrase') {
    return capitalize(join([list, r ? relationText(r, false, 'participle') : '', place, TIME[t.time]]));
  }
  const be = plural ? 'are' : 'is';
  let body: string;
  if (r && isAction) body = join([list, relationText(r, definite, plural ? 'plural' : 'singular'), place]);
  else if (r) body = join([list, be, relationText(r, definite, 'participle'), place]);
  else if (t.place !== 'none') body = join([list, be, place]);
  else body = definite ? join([list, be, 'here']) : join(['there', be, list]);
  if (definite) return `${capitalize(join([body, TIME[t.time]]))}.`;
  return `${join([TIME_LEAD[t.time], t.time === 'day' ? capitalize(body) : body])}.`;
}
