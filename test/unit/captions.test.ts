import { describe, expect, it } from 'vitest';
import {
  captions,
  englishNounPhrase,
  finalConsonant,
  indefiniteArticle,
  koreanList,
  koreanSubject,
  japaneseSubject,
  pluralLabel,
  STYLES,
  withParticle,
} from '../../src/core/captions';
import type { Noun, ParticlePair, Style, Subject, Treatment } from '../../src/core/captions';
// Nouns and composition patterns (labels as Emojibase spells them).
type ParticleCase = [string, ParticlePair, string];

const N = {
  cat: { en: 'cat', ko: '고양이', ja: 'ネコ', kind: 'animal' },
  dog: { en: 'dog', ko: '개', ja: 'イヌ', kind: 'animal' },
  tree: { en: 'tree', ko: '나무', ja: '木', kind: 'thing' },
  bear: { en: 'bear', ko: '곰', ja: 'クマ', kind: 'animal' },
  house: { en: 'house', ko: '집', ja: '家', kind: 'thing' },
  owl: { en: 'owl', ko: '부엉이', ja: 'フクロウ', kind: 'animal' },
  hotel: { en: 'hotel', ko: '호텔', ja: 'ホテル', kind: 'thing' },
  apple: { en: 'red apple', ko: '빨간 사과', ja: '赤いリンゴ', kind: 'thing' },
  bread: { en: 'bread', ko: '빵', ja: 'パン', kind: 'thing' },
  sparkles: { en: 'sparkles', ko: '반짝임', ja: 'キラキラ', kind: 'thing' },
  officer: { en: 'police officer', ko: '경찰관', ja: '警察官', kind: 'person' },
  hand: { en: 'waving hand: light skin tone', ko: '흔드는 손: 하얀 피부', ja: '手を振る: 明るい肌色', kind: 'thing' },
  umbrella: { en: 'umbrella', ko: '우산', ja: '傘', kind: 'thing' },
  ufo: { en: 'flying saucer', ko: '비행접시', ja: 'UFO', kind: 'thing' },
} satisfies Record<string, Noun>;

const S = (noun: Noun, count = 1): Subject => ({ noun, count });

const PATTERNS: Record<string, Omit<Treatment, 'style'>> = {
  'single, nothing else': { subjects: [S(N.cat)], place: 'none', time: 'day' },
  'count 2 animal, park, night': { subjects: [S(N.dog, 2)], place: 'park', time: 'night' },
  'pair under anchor at night': {
    subjects: [S(N.cat), S(N.dog)],
    relation: { type: 'under', anchor: N.tree },
    place: 'none',
    time: 'night',
  },
  'consonant-final first (과), next_to, room, evening': {
    subjects: [S(N.bear), S(N.owl)],
    relation: { type: 'next_to', anchor: N.house },
    place: 'room',
    time: 'evening',
  },
  'three subjects with count, in_front_of, street': {
    subjects: [S(N.officer, 3), S(N.cat), S(N.umbrella)],
    relation: { type: 'in_front_of', anchor: N.hotel },
    place: 'street',
    time: 'day',
  },
  'looking_at consonant anchor (을)': {
    subjects: [S(N.cat)],
    relation: { type: 'looking_at', anchor: N.bear },
    place: 'park',
    time: 'day',
  },
  'looking_at vowel anchor (를), plural': {
    subjects: [S(N.bear, 2)],
    relation: { type: 'looking_at', anchor: N.dog },
    place: 'none',
    time: 'night',
  },
  'toward ㄹ anchor (로)': {
    subjects: [S(N.owl)],
    relation: { type: 'toward', anchor: N.hotel },
    place: 'beach',
    time: 'evening',
  },
  'toward consonant anchor (으로)': {
    subjects: [S(N.officer), S(N.dog)],
    relation: { type: 'toward', anchor: N.house },
    place: 'none',
    time: 'day',
  },
  'things above, sky (ある)': {
    subjects: [S(N.apple), S(N.ufo)],
    relation: { type: 'above', anchor: N.house },
    place: 'sky',
    time: 'day',
  },
  'behind, beach, four subjects': {
    subjects: [S(N.cat), S(N.dog), S(N.bear), S(N.owl)],
    relation: { type: 'behind', anchor: N.umbrella },
    place: 'beach',
    time: 'night',
  },
  'mass and plural-only labels': { subjects: [S(N.bread), S(N.sparkles)], place: 'room', time: 'day' },
  'skin-tone label, count': { subjects: [S(N.hand, 2)], place: 'none', time: 'evening' },
};

// Every composition pattern × every style, exact strings in en / ko / ja.
const TABLE: [string, Style, string, string, string][] = [
  // single, nothing else
  ['single, nothing else', 'phrase', 'A cat', '고양이', 'ネコ'],
  ['single, nothing else', 'sentence', 'There is a cat.', '고양이가 있다.', 'ネコがいる。'],
  ['single, nothing else', 'topic', 'The cat is here.', '고양이는 여기에 있다.', 'ネコはここにいる。'],
  // count 2 animal, park, night
  [
    'count 2 animal, park, night',
    'phrase',
    'Two dogs in a park at night',
    '밤에 공원에 있는 개 두 마리',
    '夜に公園にいる二匹のイヌ',
  ],
  [
    'count 2 animal, park, night',
    'sentence',
    'At night, two dogs are in a park.',
    '밤에 개 두 마리가 공원에 있다.',
    '夜、二匹のイヌが公園にいる。',
  ],
  [
    'count 2 animal, park, night',
    'topic',
    'The two dogs are in the park at night.',
    '밤에 개 두 마리는 공원에 있다.',
    '夜、二匹のイヌは公園にいる。',
  ],
  // pair under anchor at night
  [
    'pair under anchor at night',
    'phrase',
    'A cat and a dog under a tree at night',
    '밤에 나무 아래에 있는 고양이와 개',
    '夜に木の下にいるネコとイヌ',
  ],
  [
    'pair under anchor at night',
    'sentence',
    'At night, a cat and a dog are under a tree.',
    '밤에 고양이와 개가 나무 아래에 있다.',
    '夜、ネコとイヌが木の下にいる。',
  ],
  [
    'pair under anchor at night',
    'topic',
    'The cat and the dog are under the tree at night.',
    '밤에 고양이와 개는 나무 아래에 있다.',
    '夜、ネコとイヌは木の下にいる。',
  ],
  // consonant-final first (과), next_to, room, evening
  [
    'consonant-final first (과), next_to, room, evening',
    'phrase',
    'A bear and an owl next to a house in a room in the evening',
    '저녁에 방 안의 집 옆에 있는 곰과 부엉이',
    '夕方に部屋の中の家の隣にいるクマとフクロウ',
  ],
  [
    'consonant-final first (과), next_to, room, evening',
    'sentence',
    'In the evening, a bear and an owl are next to a house in a room.',
    '저녁에 곰과 부엉이가 방 안의 집 옆에 있다.',
    '夕方、クマとフクロウが部屋の中の家の隣にいる。',
  ],
  [
    'consonant-final first (과), next_to, room, evening',
    'topic',
    'The bear and the owl are next to the house in the room in the evening.',
    '저녁에 곰과 부엉이는 방 안의 집 옆에 있다.',
    '夕方、クマとフクロウは部屋の中の家の隣にいる。',
  ],
  // three subjects with count, in_front_of, street
  [
    'three subjects with count, in_front_of, street',
    'phrase',
    'Three police officers, a cat, and an umbrella in front of a hotel on the street',
    '거리의 호텔 앞에 있는 경찰관 세 명, 고양이와 우산',
    '通りのホテルの前にいる三人の警察官とネコと傘',
  ],
  [
    'three subjects with count, in_front_of, street',
    'sentence',
    'Three police officers, a cat, and an umbrella are in front of a hotel on the street.',
    '경찰관 세 명, 고양이와 우산이 거리의 호텔 앞에 있다.',
    '三人の警察官とネコと傘が通りのホテルの前にいる。',
  ],
  [
    'three subjects with count, in_front_of, street',
    'topic',
    'The three police officers, the cat, and the umbrella are in front of the hotel on the street.',
    '경찰관 세 명, 고양이와 우산은 거리의 호텔 앞에 있다.',
    '三人の警察官とネコと傘は通りのホテルの前にいる。',
  ],
  // looking_at consonant anchor (을)
  [
    'looking_at consonant anchor (을)',
    'phrase',
    'A cat looking at a bear in a park',
    '공원에서 곰을 바라보는 고양이',
    '公園でクマを見ているネコ',
  ],
  [
    'looking_at consonant anchor (을)',
    'sentence',
    'A cat looks at a bear in a park.',
    '공원에서 고양이가 곰을 바라본다.',
    '公園でネコがクマを見ている。',
  ],
  [
    'looking_at consonant anchor (을)',
    'topic',
    'The cat looks at the bear in the park.',
    '공원에서 고양이는 곰을 바라본다.',
    '公園でネコはクマを見ている。',
  ],
  // looking_at vowel anchor (를), plural
  [
    'looking_at vowel anchor (를), plural',
    'phrase',
    'Two bears looking at a dog at night',
    '밤에 개를 바라보는 곰 두 마리',
    '夜にイヌを見ている二匹のクマ',
  ],
  [
    'looking_at vowel anchor (를), plural',
    'sentence',
    'At night, two bears look at a dog.',
    '밤에 곰 두 마리가 개를 바라본다.',
    '夜、二匹のクマがイヌを見ている。',
  ],
  [
    'looking_at vowel anchor (를), plural',
    'topic',
    'The two bears look at the dog at night.',
    '밤에 곰 두 마리는 개를 바라본다.',
    '夜、二匹のクマはイヌを見ている。',
  ],
  // toward ㄹ anchor (로)
  [
    'toward ㄹ anchor (로)',
    'phrase',
    'An owl heading toward a hotel at the beach in the evening',
    '저녁에 바닷가에서 호텔로 가는 부엉이',
    '夕方に海辺でホテルへ向かうフクロウ',
  ],
  [
    'toward ㄹ anchor (로)',
    'sentence',
    'In the evening, an owl heads toward a hotel at the beach.',
    '저녁에 바닷가에서 부엉이가 호텔로 간다.',
    '夕方、海辺でフクロウがホテルへ向かっている。',
  ],
  [
    'toward ㄹ anchor (로)',
    'topic',
    'The owl heads toward the hotel at the beach in the evening.',
    '저녁에 바닷가에서 부엉이는 호텔로 간다.',
    '夕方、海辺でフクロウはホテルへ向かっている。',
  ],
  // toward consonant anchor (으로)
  [
    'toward consonant anchor (으로)',
    'phrase',
    'A police officer and a dog heading toward a house',
    '집으로 가는 경찰관과 개',
    '家へ向かう警察官とイヌ',
  ],
  [
    'toward consonant anchor (으로)',
    'sentence',
    'A police officer and a dog head toward a house.',
    '경찰관과 개가 집으로 간다.',
    '警察官とイヌが家へ向かっている。',
  ],
  [
    'toward consonant anchor (으로)',
    'topic',
    'The police officer and the dog head toward the house.',
    '경찰관과 개는 집으로 간다.',
    '警察官とイヌは家へ向かっている。',
  ],
  // things above, sky (ある)
  [
    'things above, sky (ある)',
    'phrase',
    'A red apple and a flying saucer above a house in the sky',
    '하늘의 집 위에 있는 빨간 사과와 비행접시',
    '空の家の上にある赤いリンゴとUFO',
  ],
  [
    'things above, sky (ある)',
    'sentence',
    'A red apple and a flying saucer are above a house in the sky.',
    '빨간 사과와 비행접시가 하늘의 집 위에 있다.',
    '赤いリンゴとUFOが空の家の上にある。',
  ],
  [
    'things above, sky (ある)',
    'topic',
    'The red apple and the flying saucer are above the house in the sky.',
    '빨간 사과와 비행접시는 하늘의 집 위에 있다.',
    '赤いリンゴとUFOは空の家の上にある。',
  ],
  // behind, beach, four subjects
  [
    'behind, beach, four subjects',
    'phrase',
    'A cat, a dog, a bear, and an owl behind an umbrella at the beach at night',
    '밤에 바닷가의 우산 뒤에 있는 고양이, 개, 곰과 부엉이',
    '夜に海辺の傘の後ろにいるネコとイヌとクマとフクロウ',
  ],
  [
    'behind, beach, four subjects',
    'sentence',
    'At night, a cat, a dog, a bear, and an owl are behind an umbrella at the beach.',
    '밤에 고양이, 개, 곰과 부엉이가 바닷가의 우산 뒤에 있다.',
    '夜、ネコとイヌとクマとフクロウが海辺の傘の後ろにいる。',
  ],
  [
    'behind, beach, four subjects',
    'topic',
    'The cat, the dog, the bear, and the owl are behind the umbrella at the beach at night.',
    '밤에 고양이, 개, 곰과 부엉이는 바닷가의 우산 뒤에 있다.',
    '夜、ネコとイヌとクマとフクロウは海辺の傘の後ろにいる。',
  ],
  // mass and plural-only labels
  [
    'mass and plural-only labels',
    'phrase',
    'Some bread and sparkles in a room',
    '방 안에 있는 빵과 반짝임',
    '部屋の中にあるパンとキラキラ',
  ],
  [
    'mass and plural-only labels',
    'sentence',
    'Some bread and sparkles are in a room.',
    '빵과 반짝임이 방 안에 있다.',
    'パンとキラキラが部屋の中にある。',
  ],
  [
    'mass and plural-only labels',
    'topic',
    'The bread and the sparkles are in the room.',
    '빵과 반짝임은 방 안에 있다.',
    'パンとキラキラは部屋の中にある。',
  ],
  // skin-tone label, count
  [
    'skin-tone label, count',
    'phrase',
    'Two waving hands (light skin tone) in the evening',
    '저녁의 흔드는 손(하얀 피부) 두 개',
    '夕方の二つの手を振る（明るい肌色）',
  ],
  [
    'skin-tone label, count',
    'sentence',
    'In the evening, there are two waving hands (light skin tone).',
    '저녁에 흔드는 손(하얀 피부) 두 개가 있다.',
    '夕方、二つの手を振る（明るい肌色）がある。',
  ],
  [
    'skin-tone label, count',
    'topic',
    'The two waving hands (light skin tone) are here in the evening.',
    '저녁에 흔드는 손(하얀 피부) 두 개는 여기에 있다.',
    '夕方、二つの手を振る（明るい肌色）はここにある。',
  ],
];

describe('caption templates: every composition pattern, every style', () => {
  it('covers every pattern in every style', () => {
    for (const name of Object.keys(PATTERNS)) {
      for (const style of STYLES) expect(TABLE.some(([n, s]) => n === name && s === style)).toBe(true);
    }
  });
  it.each(TABLE)('%s (%s)', (name, style, en, ko, ja) => {
    const t: Treatment = { ...PATTERNS[name]!, style };
    expect(captions(t)).toEqual({ en, ko, ja });
  });
});

describe('Korean particles follow the final consonant', () => {
  const cases: ParticleCase[] = [
    ['고양이', '이/가', '고양이가'],
    ['곰', '이/가', '곰이'],
    ['책', '을/를', '책을'],
    ['개', '을/를', '개를'],
    ['사과', '와/과', '사과와'],
    ['빵', '와/과', '빵과'],
    ['나무', '은/는', '나무는'],
    ['집', '은/는', '집은'],
    ['집', '으로/로', '집으로'],
    ['바다', '으로/로', '바다로'],
    ['호텔', '으로/로', '호텔로'],
    ['서울', '으로/로', '서울로'],
    ['TV', '이/가', 'TV가'],
    ['DNA', '을/를', 'DNA를'],
    ['BGM', '이/가', 'BGM이'],
    ['URL', '으로/로', 'URL로'],
    ['3', '이/가', '3이'],
    ['2', '와/과', '2와'],
    ['1', '으로/로', '1로'],
    ['6', '으로/로', '6으로'],
    ['손(하얀 피부)', '이/가', '손(하얀 피부)이'],
    ['개 두 마리', '와/과', '개 두 마리와'],
    ['경찰관 세 명', '이/가', '경찰관 세 명이'],
  ];
  it.each(cases)('%s + %s → %s', (word, pair, expected) => {
    expect(withParticle(word, pair)).toBe(expected);
  });
  it('reads the final consonant index (ㄹ = 8, none = 0)', () => {
    expect(finalConsonant('서울')).toBe(8);
    expect(finalConsonant('나무')).toBe(0);
  });
});

describe('Korean and Japanese counters', () => {
  const cases: [Noun, number, string, string][] = [
    [N.cat, 1, '고양이', 'ネコ'],
    [N.cat, 2, '고양이 두 마리', '二匹のネコ'],
    [N.officer, 3, '경찰관 세 명', '三人の警察官'],
    [N.apple, 4, '빨간 사과 네 개', '四つの赤いリンゴ'],
  ];
  it.each(cases)('%j × %i', (noun, count, ko, ja) => {
    expect(koreanSubject(S(noun, count))).toBe(ko);
    expect(japaneseSubject(S(noun, count))).toBe(ja);
  });
  it('lists with 와/과 before the last item', () => {
    expect(koreanList(['곰', '고양이'])).toBe('곰과 고양이');
    expect(koreanList(['고양이', '곰', '개'])).toBe('고양이, 곰과 개');
  });
});

describe('English articles and plurals', () => {
  const articles: [string, 'a' | 'an'][] = [
    ['cat', 'a'],
    ['owl', 'an'],
    ['umbrella', 'an'],
    ['unicorn', 'a'],
    ['hourglass done', 'an'],
    ['UFO', 'a'],
    ['ATM sign', 'an'],
    ['OK hand', 'an'],
    ['one-piece swimsuit', 'a'],
    ['European castle', 'a'],
    ['ewe', 'a'],
    ['8-ball', 'an'],
    ['house', 'a'],
    ['elephant', 'an'],
    ['T-Rex', 'a'],
  ];
  it.each(articles)('%s → %s', (phrase, article) => expect(indefiniteArticle(phrase)).toBe(article));
  const plurals: [string, string][] = [
    ['cat', 'cats'],
    ['bus', 'buses'],
    ['fox', 'foxes'],
    ['peach', 'peaches'],
    ['baby', 'babies'],
    ['monkey', 'monkeys'],
    ['mouse', 'mice'],
    ['man', 'men'],
    ['sheep', 'sheep'],
    ['knife', 'knives'],
    ['tomato', 'tomatoes'],
    ['woman technologist', 'women technologists'],
    ['person lifting weights', 'people lifting weights'],
    ['face with tears of joy', 'faces with tears of joy'],
    ['grinning face', 'grinning faces'],
    ['office building', 'office buildings'],
    ['sheaf of rice', 'sheaves of rice'],
    ['waving hand: light skin tone', 'waving hands (light skin tone)'],
    ['sparkles', 'sparkles'],
  ];
  it.each(plurals)('%s → %s', (label, plural) => expect(pluralLabel(label)).toBe(plural));
  const phrases: [string, number, boolean, string][] = [
    ['cat', 1, false, 'a cat'],
    ['owl', 3, false, 'three owls'],
    ['bread', 1, false, 'some bread'],
    ['sparkles', 1, false, 'sparkles'],
    ['Santa Claus', 1, false, 'Santa Claus'],
    ['cat', 2, true, 'the two cats'],
    ['dog', 1, true, 'the dog'],
  ];
  it.each(phrases)('%s ×%i (definite %s) → %s', (label, count, def, out) => {
    expect(englishNounPhrase(label, count, def)).toBe(out);
  });
});

describe('bad treatments are refused', () => {
  it('rejects 0 or 5 subjects and counts outside 1..4', () => {
    expect(() => captions({ subjects: [], place: 'none', time: 'day', style: 'phrase' })).toThrow();
    expect(() => captions({ subjects: [S(N.cat, 5)], place: 'none', time: 'day', style: 'phrase' })).toThrow();
  });
});
