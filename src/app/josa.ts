/**
 * Korean particles that depend on the word before them (pure): 을/를, 이/가 (the subject particle),
 * 은/는, 과/와, 으로/로, and the copula stem 이라/라 ("{name}{이라:name}는" → 미나라는, 준이라는).
 * Messages write `{을:name}` after the `{name}` it follows (quotes may stand between them:
 * `"{from}"{을:from}`); `t()` (i18n.ts) replaces it by the form the parameter's last sound takes.
 * Decided from a Hangul syllable (its final consonant; ㄹ takes 로) or a digit (as read in
 * Sino-Korean: 0 영, 1 일, 3 삼, 6 육, 7 칠, 8 팔 end in a consonant); after anything else — a Latin
 * word, a file extension — the reading is unknown, so both forms are written, "을(를)".
 */

/** [after a final consonant, after a vowel] for every spelling a message may use. */
const PAIRS: Record<string, [string, string]> = {
  을: ['을', '를'],
  를: ['을', '를'],
  이: ['이', '가'],
  가: ['이', '가'],
  은: ['은', '는'],
  는: ['은', '는'],
  과: ['과', '와'],
  와: ['과', '와'],
  으로: ['으로', '로'],
  로: ['으로', '로'],
  이라: ['이라', '라'],
  라: ['이라', '라'],
};

/** True when `particle` is one this module knows. */
export function isParticle(particle: string): boolean {
  return particle in PAIRS;
}

/** 'consonant' | 'rieul' (ㄹ) | 'vowel' for the last character of `word`, or null when unknown. */
function lastSound(word: string): 'consonant' | 'rieul' | 'vowel' | null {
  const ch = word.trimEnd().slice(-1);
  if (!ch) return null;
  const c = ch.charCodeAt(0);
  if (c >= 0xac00 && c <= 0xd7a3) {
    const final = (c - 0xac00) % 28;
    return final === 0 ? 'vowel' : final === 8 ? 'rieul' : 'consonant';
  }
  if (ch >= '0' && ch <= '9') return '178'.includes(ch) ? 'rieul' : '036'.includes(ch) ? 'consonant' : 'vowel';
  return null;
}

/** The form of `particle` that follows `word` ("을(를)"-style both forms when the sound is unknown). */
export function particleFor(word: string, particle: string): string {
  const pair = PAIRS[particle];
  if (!pair) return particle;
  const [afterConsonant, afterVowel] = pair;
  const sound = lastSound(word);
  if (sound === null)
    return afterConsonant.endsWith(afterVowel) // 으로 / 로, 이라 / 라: "(으)로", "(이)라"
      ? `(${afterConsonant.slice(0, -afterVowel.length)})${afterVowel}`
      : `${afterConsonant}(${afterVowel})`;
  if (afterConsonant === '으로') return sound === 'consonant' ? '으로' : '로';
  return sound === 'vowel' ? afterVowel : afterConsonant;
}
