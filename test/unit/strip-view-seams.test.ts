// Strip view seams without a DOM: the undo window (undo-stack.ts). The list's thumbnails are
// tested in panel-thumbs.test.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';

const { UndoStack, UNDO_MS } = await import('../../src/features/strip/undo-stack');

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
