/** Treatment captions in Korean, English and Japanese from one structured description. */
import { englishCaption } from './en';
import { japaneseCaption } from './ja';
import { koreanCaption } from './ko';
import type { Captions, Lang, Treatment } from './types';

export * from './types';
export { withParticle, finalConsonant, hasFinalConsonant } from './hangul';
export type { ParticlePair } from './hangul';
export { englishNounPhrase, indefiniteArticle, pluralLabel, isMassLabel, isPluralLabel } from './english';
export { koreanNoun, koreanSubject, koreanList } from './ko';
export { japaneseNoun, japaneseSubject } from './ja';

export function caption(t: Treatment, lang: Lang): string {
  if (t.subjects.length < 1 || t.subjects.length > 4) throw new Error('captions: 1..4 subjects');
  for (const s of t.subjects) {
    if (!Number.isInteger(s.count) || s.count < 1 || s.count > 4) throw new Error('captions: count 1..4');
  }
  if (lang === 'ko') return koreanCaption(t);
  if (lang === 'ja') return japaneseCaption(t);
  return englishCaption(t);
}

export function captions(t: Treatment): Captions {
  return { en: caption(t, 'en'), ko: caption(t, 'ko'), ja: caption(t, 'ja') };
}
