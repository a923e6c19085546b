// A panel over Colorize's size limit is described in the UI's language with its own size (a trial
// saw "9000×9000 > 40000000 pixels" inside the Korean message). The worker's failure carries the
// width and height; the message is made from them, not read out of the English detail.
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../src/app/i18n';
import { ColorizeError } from '../../src/bridge/colorize';
import { colorizeErrorMessage } from '../../src/features/colorize/errors';
import { tooLargeFailure } from '../../workers/colorize/limits';
import '../../src/features/colorize/messages';

afterEach(() => setLocale('en'));

describe('colorize size failure message', () => {
  const e = new ColorizeError('too-large', '9000×9000 > 40000000 pixels', [9000, 9000]);

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

  it('states the size for every limit the worker names (here the width), from the size it sends', () => {
    setLocale('ko');
    const failure = tooLargeFailure(20000, 100);
    expect(failure?.size).toEqual([20000, 100]);
    const m = colorizeErrorMessage(new ColorizeError('too-large', failure?.detail ?? '', failure?.size));
    expect(m).toContain('20,000 × 100 px');
    expect(m).not.toMatch(/width|16384/);
    expect(tooLargeFailure(4000, 4000)).toBeNull();
  });

  it('keeps the detail of a failure that carries no size', () => {
    setLocale('en');
    expect(colorizeErrorMessage(new ColorizeError('too-large', 'width 20000 > 16384'))).toContain(
      'width 20000 > 16384',
    );
  });
});
