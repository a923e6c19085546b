/** Treatment captions: the structured description of a panel that the templates turn into
 * Korean, English and Japanese text. Pure data, DOM-free. */

export type Lang = 'en' | 'ko' | 'ja';
export const LANGS: readonly Lang[] = ['en', 'ko', 'ja'];

/** animal / person / thing: chooses counters (마리/명/개, 匹/人/つ) and いる/ある. */
export type Kind = 'animal' | 'person' | 'thing';

/** One object name in every language, as Emojibase labels it (e.g. "cat" / "고양이" / "ネコ").
 * Labels with a colon ("waving hand: light skin tone") are handled by the templates. */
export interface Noun {
  en: string;
  ko: string;
  ja: string;
  kind: Kind;
}

/** One or more of the same object: count 1..4. */
export interface Subject {
  noun: Noun;
  count: number;
}

export type RelationType = 'under' | 'above' | 'next_to' | 'in_front_of' | 'behind' | 'looking_at' | 'toward';
export const RELATIONS: readonly RelationType[] = [
  'under',
  'above',
  'next_to',
  'in_front_of',
  'behind',
  'looking_at',
  'toward',
];

export interface Relation {
  type: RelationType;
  anchor: Noun;
}

export type Place = 'none' | 'room' | 'street' | 'park' | 'beach' | 'sky';
export const PLACES: readonly Place[] = ['none', 'room', 'street', 'park', 'beach', 'sky'];

export type Time = 'day' | 'evening' | 'night';
export const TIMES: readonly Time[] = ['day', 'evening', 'night'];

/** phrase: noun phrase ("A cat under a tree at night" / "밤에 나무 아래에 있는 고양이");
 * sentence: "At night, a cat is under a tree." / "밤에 고양이가 나무 아래에 있다.";
 * topic: definite / topic-marked ("The cat is under the tree." / "고양이는 나무 아래에 있다."). */
export type Style = 'phrase' | 'sentence' | 'topic';
export const STYLES: readonly Style[] = ['phrase', 'sentence', 'topic'];

export interface Treatment {
  /** 1..4 subjects (distinct nouns), each with a count. */
  subjects: Subject[];
  relation?: Relation;
  place: Place;
  time: Time;
  style: Style;
}

export type Captions = Record<Lang, string>;
