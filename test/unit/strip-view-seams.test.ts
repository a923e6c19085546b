// Strip view seams without a DOM: the undo window (undo-stack.ts), the move/listing rule
// (write-gate.ts) and coalesced refreshes (coalesced.ts). The list's thumbnails are
// tested in panel-thumbs.test.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';

const { UndoStack, UNDO_MS } = await import('../../src/features/strip/undo-stack');
const { coalesced } = await import('../../src/features/strip/coalesced');

afterEach(() => {
  vi.useRealTimers();
});

describe('UndoStack', () => {
  it('takes the newest entry by default, a given one by id, each once', async () => {
    const sizes: number[] = [];
    const u = new UndoStack((s) => sizes.push(s));
    const done: string[] = [];
    const a = u.push(async () => void done.push('a'));
    u.push(async () => void done.push('b'));
    await u.take()?.();
    await u.take(a)?.();
    expect(u.take(a)).toBeUndefined();
    expect(u.take()).toBeUndefined();
    expect(done).toEqual(['b', 'a']);
    expect(sizes).toEqual([1, 2, 1, 0]);
  });

  it('an entry expires after the undo window', () => {
    vi.useFakeTimers();
    const u = new UndoStack();
    expect(u.ms).toBe(UNDO_MS);
    const id = u.push(async () => {});
    vi.advanceTimersByTime(UNDO_MS - 1);
    expect(u.size).toBe(1);
    vi.advanceTimersByTime(1);
    expect(u.size).toBe(0);
    expect(u.take(id)).toBeUndefined();
  });

  it('a taken entry does not expire later (its timer is cleared)', () => {
    vi.useFakeTimers();
    const sizes: number[] = [];
    const u = new UndoStack((s) => sizes.push(s), 1000);
    u.push(async () => {});
    u.take();
    vi.advanceTimersByTime(5000);
    expect(sizes).toEqual([1, 0]);
  });
});

describe('WriteGate', () => {
  it('a listing overlapping a shown-early write is not fresh; one begun after it is', async () => {
    const { WriteGate } = await import('../../src/features/strip/write-gate');
    const g = new WriteGate();
    const before = g.begin();
    let finish = () => {};
    const w = g.run(() => new Promise<void>((r) => (finish = r)));
    const during = g.begin();
    expect(before.fresh()).toBe(false); // a write started after it was read
    finish();
    await w;
    expect(during.fresh()).toBe(false); // begun while the write was in flight
    expect(g.begin().fresh()).toBe(true);
    await expect(g.run(() => Promise.reject(new Error('gone')))).rejects.toThrow('gone');
    expect(g.begin().fresh()).toBe(true); // a failed write leaves nothing in flight
  });
});

describe('coalesced', () => {
  it('runs once at a time; a burst while it runs ends with ONE more run, which every caller awaits', async () => {
    let open!: () => void;
    let runs = 0;
    const seen: number[] = [];
    const soon = coalesced(async () => {
      runs++;
      if (runs === 1) await new Promise<void>((r) => (open = r));
      seen.push(runs);
    });
    const first = soon();
    const a = soon();
    const b = soon();
    expect(runs).toBe(1);
    open();
    await Promise.all([first, a, b]);
    expect(seen).toEqual([1, 2]);
    await soon();
    expect(seen).toEqual([1, 2, 3]);
  });

  it('runs again after a failed run and reports the failure to its callers', async () => {
    let fail = true;
    const soon = coalesced(async () => {
      if (fail) throw new Error('no');
    });
    await expect(soon()).rejects.toThrow('no');
    fail = false;
    await expect(soon()).resolves.toBeUndefined();
  });
});
