/**
 * The one rule for a picture imported as a panel (src/core/strip/limits.ts panelSizeProblem, used
 * by the image worker's inspect for Strip and Colorize): a side under LIMITS.minSide (16 px) is
 * 'too-small', over the limits is 'too-large'; both have a ko and an en message.
 */
import { describe, it, expect } from 'vitest';
import { LIMITS, panelSizeProblem } from '../../src/core/strip/limits';
import { setLocale } from '../../src/app/i18n';
import { imageErrorMessage } from '../../src/app/image-errors';
import { StripError } from '../../src/bridge/image';

describe('panelSizeProblem', () => {
  it('refuses a side under 16 px', () => {
    expect(LIMITS.minSide).toBe(16);
    for (const [w, h] of [
      [1, 1],
      [15, 15],
      [800, 15],
      [15, 800],
      [0, 100],
    ])
      expect(panelSizeProblem(w, h)?.code, `${w}×${h}`).toBe('too-small');
    expect(panelSizeProblem(1, 1)?.detail).toBe('1×1 px: a side under 16 px');
  });

  it('accepts 16 px sides and ordinary panels', () => {
    for (const [w, h] of [
      [16, 16],
      [16, 32_000],
      [800, 1200],
      [16_384, 7000],
    ])
      expect(panelSizeProblem(w, h), `${w}×${h}`).toBeNull();
  });

  it('refuses too large first (the same detail as sizeProblem)', () => {
    expect(panelSizeProblem(100, 32_001)).toEqual({ code: 'too-large', detail: 'height 32001 > 32000' });
    expect(panelSizeProblem(16_385, 10)).toEqual({ code: 'too-large', detail: 'width 16385 > 16384' });
  });

  it('NaN sizes are refused, not accepted', () => {
    expect(panelSizeProblem(Number.NaN, 100)?.code).toBe('too-small');
  });
});

describe('too-small message', () => {
  it('names the file and the minimum in English and Korean', () => {
    const e = new StripError('too-small', '1×1 px: a side under 16 px');
    setLocale('en');
    expect(imageErrorMessage(e, 'dot.png')).toBe(
      'dot.png: the image is too small to be a panel (each side must be at least 16 px). It was not imported.',
    );
    setLocale('ko');
    expect(imageErrorMessage(e, 'dot.png')).toBe(
      'dot.png: 이미지가 너무 작아 컷으로 쓸 수 없습니다(가로·세로 모두 16px 이상이어야 합니다). 가져오지 않았습니다.',
    );
    setLocale('en');
  });
});
