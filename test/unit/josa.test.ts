// Korean particles chosen by the parameter's last sound (src/app/josa.ts) and their `{을:name}`
// tokens in t() (src/app/i18n.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { particleFor } from '../../src/app/josa';
import { registerMessages, setLocale, t } from '../../src/app/i18n';

describe('particleFor', () => {
  it('follows the final consonant of a Hangul syllable (ㄹ takes 로)', () => {
    expect(particleFor('고양이', '을')).toBe('를');
    expect(particleFor('동물', '을')).toBe('을');
    expect(particleFor('미나', '으로')).toBe('로');
    expect(particleFor('준호', '와')).toBe('와');
    expect(particleFor('하늘', '으로')).toBe('로');
    expect(particleFor('강', '으로')).toBe('으로');
    expect(particleFor('강', '과')).toBe('과');
    expect(particleFor('집', '이')).toBe('이');
    expect(particleFor('나무', '가')).toBe('가');
    expect(particleFor('책 ', '은')).toBe('은');
    expect(particleFor('미나', '이라')).toBe('라');
    expect(particleFor('준', '이라')).toBe('이라');
  });

  it('reads digits in Sino-Korean (128 → 팔: 로; 512 → 이: 로; 96 → 육: 으로)', () => {
    expect(particleFor('128', '으로')).toBe('로');
    expect(particleFor('512', '으로')).toBe('로');
    expect(particleFor('96', '으로')).toBe('으로');
    expect(particleFor('64', '이')).toBe('가');
    expect(particleFor('10', '이')).toBe('이');
  });

  it('writes both forms when the reading is unknown (Latin, symbols, empty)', () => {
    expect(particleFor('episode-01.png', '을')).toBe('을(를)');
    expect(particleFor('WASM', '으로')).toBe('(으)로');
    expect(particleFor('', '이')).toBe('이(가)');
    expect(particleFor('x', '다')).toBe('다');
    expect(particleFor('Mina', '이라')).toBe('(이)라');
  });
});

describe('t() particle tokens', () => {
  afterEach(() => setLocale('en'));
  it('puts the particle after quotes and leaves unknown tokens as written', () => {
    registerMessages({
      ko: {
        'test.josa.renamed': '"{from}"{을:from} "{to}"{으로:to} 바꿨습니다.',
        'test.josa.unknown': '{name}{다:name}',
      },
    });
    setLocale('ko');
    expect(t('test.josa.renamed', { from: '동물', to: '고양이' })).toBe('"동물"을 "고양이"로 바꿨습니다.');
    expect(t('test.josa.renamed', { from: 'Animals', to: '숲' })).toBe('"Animals"을(를) "숲"으로 바꿨습니다.');
    expect(t('test.josa.unknown', { name: '미나' })).toBe('미나{다:name}');
    expect(t('test.josa.renamed', { from: '개' })).toBe('"개"를 "{to}"{으로:to} 바꿨습니다.');
  });
});
