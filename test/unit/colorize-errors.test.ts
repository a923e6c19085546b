// A panel over Colorize's size limit is described in the UI's language with its own size (a trial
// saw "9000×9000 > 40000000 pixels" inside the Korean message).
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../src/app/i18n';
import { ColorizeError } from '../../src/bridge/colorize';
import { colorizeErrorMessage } from '../../src/features/colorize/errors';
import '../../src/features/colorize/messages';

afterEach(() => setLocale('en'));

describe('colorize size failure message', () => {
  const e = new ColorizeError('too-large', '9000×9000 > 40000000 pixels');

  it('states the size in Korean numbers and words, with what to do', () => {
    setLocale('ko');
    const m = colorizeErrorMessage(e);
    expect(m).toContain('9,000 × 9,000 px(8,100만 화소)');
    expect(m).toContain('스트립 화면에서');
    expect(m).not.toMatch(/pixels|40000000/);
  });

  it('and in English', () => {
    setLocale('en');
    const m = colorizeErrorMessage(e);
    expect(m).toContain('9,000 × 9,000 px (81 megapixels)');
    expect(m).not.toContain('40000000');
  });

  it('keeps the detail for a limit given without a size', () => {
    setLocale('en');
    expect(colorizeErrorMessage(new ColorizeError('too-large', 'width 20000 > 16384'))).toContain(
      'width 20000 > 16384',
    );
  });
});
