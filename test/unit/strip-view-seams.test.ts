// Strip view seams without a DOM: the undo window (undo-stack.ts) and the thumbnails' object URLs
// (thumbs.ts PanelThumbs: one owner, unshown thumbnails revoked, batches only for what is shown).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

// The store reads of thumbs.ts: records from a fake table; the worker read in batches.
const stored = new Map<string, string>();
vi.mock('../../src/store/blobs', () => ({
  getBlobs: vi.fn(async (ids: string[]) => ids.map((id) => ({ id, type: 'image/png', bytes: stored.get(id) }))),
  toBlob: (r: { bytes: string; type: string }) => new Blob([r.bytes], { type: r.type }),
}));
const batches: string[][] = [];
vi.mock('../../src/bridge/store', () => ({
  readImageBlobs: vi.fn(async (_signal: unknown, ids: string[]) => {
    batches.push(ids);
    return ids.map((id) => new Blob([stored.get(id) ?? ''], { type: 'image/png' }));
  }),
}));

const { UndoStack, UNDO_MS } = await import('../../src/features/strip/undo-stack');
const { PanelThumbs, PAGE_READ_MAX } = await import('../../src/features/strip/thumbs');

let live: Map<string, Blob>;
let n = 0;
beforeEach(() => {
  live = new Map();
  batches.length = 0;
  vi.spyOn(URL, 'createObjectURL').mockImplementation((b: Blob | MediaSource) => {
    const u = `blob:test/${n++}`;
    live.set(u, b as Blob);
    return u;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation((u: string) => {
    if (!live.delete(u)) throw new Error(`revoked twice or never made: ${u}`);
  });
});
afterEach(() => {
  vi.restoreAllMocks();
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

/** A lit host that records its controllers (so the test can disconnect it). */
function host() {
  const controllers: ReactiveController[] = [];
  const h = {
    addController: (c: ReactiveController) => void controllers.push(c),
    disconnect: () => controllers.forEach((c) => c.hostDisconnected?.()),
  };
  return h as unknown as ReactiveControllerHost & { disconnect(): void };
}

describe('PanelThumbs', () => {
  const ids = (k: number, prefix = 'b') => Array.from({ length: k }, (_, i) => `${prefix}${i}`);
  beforeEach(() => {
    stored.clear();
    for (const id of [...ids(100), ...ids(100, 'c')]) stored.set(id, id);
  });

  it('reads a few on the page, keeps those still shown and revokes the others', async () => {
    const h = host();
    const t = new PanelThumbs(h);
    expect(await t.update(['b0', 'b1', 'b2'])).toEqual([]);
    const first = t.of(['b0', 'b1', 'b2']);
    expect([...first.keys()]).toEqual(['b0', 'b1', 'b2']);
    expect(live.size).toBe(3);
    expect(await t.update(['b1', 'b3'])).toEqual([]);
    const second = t.of(['b1', 'b3']);
    expect(second.get('b1')).toBe(first.get('b1')); // not made again
    expect(live.has(first.get('b0') ?? '')).toBe(false); // no longer shown: revoked
    expect(live.size).toBe(2);
    expect(await live.get(second.get('b3') ?? '')?.text()).toBe('b3');
    h.disconnect();
    expect(live.size).toBe(0);
    expect(batches).toEqual([]); // no worker for a few
  });

  it('leaves many to batches; a batch makes URLs only for what is shown by then', async () => {
    const t = new PanelThumbs(host());
    const all = ids(PAGE_READ_MAX + 40);
    const missing = await t.update(all);
    expect(missing).toEqual(all);
    expect(live.size).toBe(0);
    let shown: string[] = all;
    const seen: number[] = [];
    await t.more(
      missing,
      () => shown,
      async (thumbs) => {
        seen.push(thumbs.size);
        shown = all.slice(0, 10); // the list changed after the first batch (another refresh)
        await t.update(shown);
      },
    );
    expect(batches.map((b) => b.length)).toEqual([32, 32]);
    expect(seen).toEqual([32, 10]);
    expect(live.size).toBe(10);
    expect(t.size).toBe(10);
  });
});
