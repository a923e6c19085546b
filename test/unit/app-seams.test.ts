/**
 * Shell seams in Node: i18n (tables, fallback, params, locale switch + listeners), the notifier
 * (timeouts, dismiss, cap) and runTask (progress reports, cancel → AbortError + notice, errors
 * → notifier and re-thrown, outer signal).
 */
import { describe, it, expect, vi, afterEach } from 'vitest';
import { t, registerMessages, setLocale, getLocale, onLocaleChange, hasMessage } from '../../src/app/i18n';
import { notify, dismiss, getNotices, onNotices } from '../../src/app/notifier';
import { runTask, getTasks, onTasks, isAbortError, labelText, type TaskState } from '../../src/app/progress';
import '../../src/app/messages';

afterEach(() => {
  for (const n of getNotices()) dismiss(n.id);
  setLocale('en');
});

describe('i18n', () => {
  registerMessages({
    en: { 'test.hello': 'Hello {name}, {n} panels', 'test.onlyEn': 'English only' },
    ko: { 'test.hello': '{name}님, 패널 {n}개' },
  });

  it('translates with params, formats numbers for the locale, falls back to English then the key', () => {
    setLocale('en');
    expect(t('test.hello', { name: 'Mina', n: 1200 })).toBe('Hello Mina, 1,200 panels');
    setLocale('ko');
    expect(getLocale()).toBe('ko');
    expect(t('test.hello', { name: '미나', n: 4 })).toBe('미나님, 패널 4개');
    expect(t('test.onlyEn')).toBe('English only');
    expect(t('test.missing')).toBe('test.missing');
    expect(hasMessage('test.missing')).toBe(false);
    expect(t('test.hello', {})).toBe('{name}님, 패널 {n}개');
  });

  it('notifies listeners on a real change only and rejects unknown locales', () => {
    setLocale('en');
    const seen: string[] = [];
    const off = onLocaleChange((l) => seen.push(l));
    setLocale('ko');
    setLocale('ko');
    setLocale('en');
    off();
    setLocale('ko');
    expect(seen).toEqual(['ko', 'en']);
    expect(() => setLocale('fr' as 'en')).toThrow(/Unsupported/);
  });

  it('has every shell string in both languages', () => {
    setLocale('ko');
    const koCancel = t('app.cancel');
    setLocale('en');
    expect(t('app.cancel')).toBe('Cancel');
    expect(koCancel).toBe('취소');
  });
});

describe('notifier', () => {
  it('keeps errors until dismissed and times out info messages', () => {
    vi.useFakeTimers();
    try {
      const lists: number[] = [];
      const off = onNotices((l) => lists.push(l.length));
      const e = notify({ kind: 'error', message: 'broken' });
      notify({ kind: 'info', message: 'fyi', timeoutMs: 1000 });
      expect(getNotices().map((n) => n.message)).toEqual(['broken', 'fyi']);
      vi.advanceTimersByTime(1001);
      expect(getNotices().map((n) => n.message)).toEqual(['broken']);
      vi.advanceTimersByTime(60_000);
      expect(getNotices().map((n) => n.id)).toEqual([e]);
      dismiss(e);
      expect(getNotices()).toEqual([]);
      off();
      expect(lists).toEqual([1, 2, 1, 0]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps at most 8 notices', () => {
    for (let i = 0; i < 12; i++) notify({ kind: 'error', message: `e${i}` });
    expect(getNotices().map((n) => n.message)).toEqual(['e4', 'e5', 'e6', 'e7', 'e8', 'e9', 'e10', 'e11']);
  });
});

describe('runTask', () => {
  it('shows the task with its progress while it runs and removes it after', async () => {
    const snapshots: TaskState[][] = [];
    const off = onTasks((l) => snapshots.push([...l]));
    const result = await runTask('Importing', async (_signal, report) => {
      report(0.25, '1 / 4');
      report(2);
      return 42;
    });
    off();
    expect(result).toBe(42);
    expect(snapshots[0][0]).toMatchObject({ label: 'Importing', fraction: undefined });
    expect(snapshots[1][0]).toMatchObject({ fraction: 0.25, detail: '1 / 4' });
    expect(snapshots[2][0]).toMatchObject({ fraction: 1, detail: '1 / 4' });
    expect(getTasks()).toEqual([]);
  });

  it('a label given as a function is read in the language of the moment (the bar follows a switch)', async () => {
    let release = () => {};
    const p = runTask(
      () => t('test.hello', { name: 'Mina', n: 2 }),
      () => new Promise<void>((r) => (release = r)),
    );
    expect(labelText(getTasks()[0].label)).toBe('Hello Mina, 2 panels');
    setLocale('ko');
    expect(labelText(getTasks()[0].label)).toBe('Mina님, 패널 2개');
    release();
    await p;
  });

  it('Cancel aborts the signal, rejects at once with an AbortError and says "Cancelled"', async () => {
    let seenSignal: AbortSignal | undefined;
    const p = runTask('Long job', (signal) => {
      seenSignal = signal;
      return new Promise<never>(() => {}); // ignores the signal on purpose
    });
    expect(getTasks()).toHaveLength(1);
    getTasks()[0].cancel();
    const err = await p.catch((e: unknown) => e);
    expect(isAbortError(err)).toBe(true);
    expect(seenSignal?.aborted).toBe(true);
    expect(getTasks()).toEqual([]);
    expect(getNotices().at(-1)).toMatchObject({ kind: 'info', message: 'Cancelled: Long job' });
  });

  it('reports failures with the notifier and re-throws them', async () => {
    await expect(
      runTask('Export', async () => {
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(getNotices().at(-1)).toMatchObject({ kind: 'error', message: 'Export failed: disk full' });
    await expect(
      runTask(
        'Quiet',
        async () => {
          throw new Error('x');
        },
        { notifyErrors: false },
      ),
    ).rejects.toThrow('x');
    expect(getNotices().at(-1)?.message).toBe('Export failed: disk full');
  });

  it('an outer signal cancels the task too', async () => {
    const outer = new AbortController();
    const p = runTask(
      'Bound to view',
      (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('stopped')))),
      {
        signal: outer.signal,
      },
    );
    outer.abort();
    expect(isAbortError(await p.catch((e: unknown) => e))).toBe(true);
  });
});
