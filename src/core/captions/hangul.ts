/** Korean particles chosen by the final consonant (받침) of the word before them. */

export type ParticlePair = '이/가' | '을/를' | '와/과' | '은/는' | '으로/로';

/** [form after a final consonant, form after a vowel]. */
const FORMS: Record<ParticlePair, [string, string]> = {
  '이/가': ['이', '가'],
  '을/를': ['을', '를'],
  '와/과': ['과', '와'],
  '은/는': ['은', '는'],
  '으로/로': ['으로', '로'],
};

const HANGUL_FIRST = 0xac00;
const HANGUL_LAST = 0xd7a3;
/** Jongseong index of ㄹ in a precomposed syllable. */
const RIEUL = 8;

/** How Latin letters are read in Korean: true when the reading ends in a consonant
 * (엘, 엠, 엔, 알 …: L M N R), else it ends in a vowel (에이, 비, 씨 …). */
const LATIN_FINAL: Record<string, number> = { l: RIEUL, m: 16, n: 4, r: RIEUL };
/** Sino-Korean digit readings: 영 일 이 삼 사 오 육 칠 팔 구 → final consonant index (0 = none). */
const DIGIT_FINAL = [21, RIEUL, 0, 16, 0, 0, 1, RIEUL, RIEUL, 0];

/** Final consonant index (0 = none) of the last pronounced character of `word`, ignoring a
 * trailing parenthetical ("손(하얀 피부)" → 손) and punctuation. */
export function finalConsonant(word: string): number {
  const bare = word.replace(/\s*[(（][^)）]*[)）]\s*$/u, '').trim();
  for (let i = bare.length - 1; i >= 0; i--) {
    const ch = bare[i]!;
    const code = ch.charCodeAt(0);
    if (code >= HANGUL_FIRST && code <= HANGUL_LAST) return (code - HANGUL_FIRST) % 28;
    if (/[0-9]/.test(ch)) return DIGIT_FINAL[Number(ch)]!;
    if (/[a-z]/i.test(ch)) return LATIN_FINAL[ch.toLowerCase()] ?? 0;
  }
  return 0;
}

export function hasFinalConsonant(word: string): boolean {
  return finalConsonant(word) !== 0;
}

/** `word` + the right form of the particle (으로/로: 로 also after ㄹ, as in 서울로). */
export function withParticle(word: string, pair: ParticlePair): string {
  const fc = finalConsonant(word);
  const [afterConsonant, afterVowel] = FORMS[pair];
  if (pair === '으로/로') return word + (fc === 0 || fc === RIEUL ? afterVowel : afterConsonant);
  return word + (fc === 0 ? afterVowel : afterConsonant);
}
