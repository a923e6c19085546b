/**
 * The notifier's rules (src/app/notifier.ts): identical messages merge into one notice with a
 * count (moved to the newest place, timeout restarted), notices with an action never merge, at
 * most MAX_KEPT are kept, a message given as a function follows a language switch, dismissAll.
 */
import { describe, it, expect, vi, afterEach } from 'vitest';
import { registerMessages, setLocale, t } from '../../src/app/i18n';
import { notify, dismiss, dismissAll, getNotices, textOf, MAX_KEPT, MAX_SHOWN } from '../../src/app/notifier';
import { imageErrorMessage } from '../../src/app/image-errors';
import { StripError } from '../../src/bridge/image';

registerMessages({
  en: { 'test.bad': '{name}: not a picture' },
  ko: { 'test.bad': '{name}: 그림이 아닙니다' },
});

afterEach(() => {
  dismissAll();
  setLocale('en');
  vi.useRealTimers();
});

const texts = () => getNotices().map((n) => `${textOf(n.message)}${n.count > 1 ? ` ×${n.count}` : ''}`);

describe('notifier', () => {
  it('merges an identical message into the shown notice, counts it and moves it to the newest place', () => {
    const a = notify({ kind: 'error', message: 'a.png: empty' });
    notify({ kind: 'error', message: 'b.png: not an image' });
    const again = notify({ kind: 'error', message: 'a.png: empty' });
    expect(again).toBe(a);
    expect(texts()).toEqual(['b.png: not an image', 'a.png: empty ×2']);
    // same text, other kind: a separate notice
    notify({ kind: 'info', message: 'a.png: empty' });
    expect(getNotices().map((n) => n.kind)).toEqual(['error', 'error', 'info']);
  });

  it('merges by the text in the current language, whether given as a string or a function', () => {
    notify({ kind: 'error', message: () => t('test.bad', { name: 'x.png' }) });
    notify({ kind: 'error', message: 'x.png: not a picture' });
    expect(texts()).toEqual(['x.png: not a picture ×2']);
  });

  it('never merges notices that carry an action', () => {
    const run = () => undefined;
    notify({ kind: 'info', message: 'Deleted', action: { label: 'Undo', run } });
    notify({ kind: 'info', message: 'Deleted', action: { label: 'Undo', run } });
    expect(getNotices()).toHaveLength(2);
  });

  it('restarts the timeout of a merged info notice', () => {
    vi.useFakeTimers();
    notify({ kind: 'info', message: 'saved', timeoutMs: 1000 });
    vi.advanceTimersByTime(800);
    notify({ kind: 'info', message: 'saved', timeoutMs: 1000 });
    vi.advanceTimersByTime(800);
    expect(texts()).toEqual(['saved ×2']);
    vi.advanceTimersByTime(201);
    expect(getNotices()).toEqual([]);
  });

  it('keeps the newest MAX_KEPT notices and shows fewer than it keeps', () => {
    expect(MAX_SHOWN).toBeLessThan(MAX_KEPT);
    for (let i = 0; i < MAX_KEPT + 3; i++) notify({ kind: 'error', message: `e${i}` });
    expect(texts()).toEqual(Array.from({ length: MAX_KEPT }, (_, i) => `e${i + 3}`));
  });

  it('re-translates a function message after a language switch; a plain string stays', () => {
    notify({ kind: 'error', message: () => t('test.bad', { name: 'q.png' }) });
    notify({ kind: 'info', message: 'written once' });
    setLocale('ko');
    expect(texts()).toEqual(['q.png: 그림이 아닙니다', 'written once']);
    setLocale('en');
    expect(texts()[0]).toBe('q.png: not a picture');
  });

  it('a refused import reads in the current language (imageErrorMessage as a function)', () => {
    const e = new StripError('too-small', '1×1 px');
    notify({ kind: 'error', message: () => imageErrorMessage(e, 'dot.png') });
    expect(texts()[0]).toBe(
      'dot.png: the image is too small to be a panel (each side must be at least 16 px). It was not imported.',
    );
    setLocale('ko');
    expect(texts()[0]).toBe(
      'dot.png: 이미지가 너무 작아 컷으로 쓸 수 없습니다(가로·세로 모두 16px 이상이어야 합니다). 가져오지 않았습니다.',
    );
  });

  it('dismiss removes one notice and cancels its timer; dismissAll removes every one', () => {
    vi.useFakeTimers();
    const i = notify({ kind: 'info', message: 'one', timeoutMs: 500 });
    notify({ kind: 'error', message: 'two' });
    notify({ kind: 'error', message: 'three' });
    dismiss(i);
    expect(texts()).toEqual(['two', 'three']);
    vi.advanceTimersByTime(1000);
    expect(texts()).toEqual(['two', 'three']);
    dismissAll();
    expect(getNotices()).toEqual([]);
  });
});
