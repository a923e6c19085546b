// Colorize: per-panel "automatic colours" in the hints store (old records read as off) and the
// panel Colorize reopens (remembered per project in settings, only if it still exists); the hint
// journal (an edit just before an unload) and when a stored result is older than the hints.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { closeDB, getDB } from '../../src/store/db';
import { getHintState, journalHintState, saveHintState } from '../../src/store/hints';
import {
  panelToOpen,
  panelToOpenIn,
  rememberPanel,
  resultIsStale,
  selectedKey,
} from '../../src/features/colorize/selection';
import type { Hint } from '../../src/core/color/hints';

// Node has no localStorage: a plain in-memory one, as the browser's (synchronous strings).
const memory = new Map<string, string>();
globalThis.localStorage = {
  getItem: (k: string) => memory.get(k) ?? null,
  setItem: (k: string, v: string) => void memory.set(k, v),
  removeItem: (k: string) => void memory.delete(k),
  clear: () => memory.clear(),
  key: (i: number) => [...memory.keys()][i] ?? null,
  get length() {
    return memory.size;
  },
} as Storage;

beforeEach(async () => {
  memory.clear();
  await closeDB();
  globalThis.indexedDB = new IDBFactory();
});

const hint: Hint = { kind: 'point', x: 3, y: 4, rgb: [200, 20, 20], radius: 5 };

describe('hint state: automatic colours per panel', () => {
  it('stores and reads auto with the hints, gap and kind', async () => {
    await saveHintState('p1', { hints: [hint], past: [[]], future: [], gap: 2, kind: 'gray', auto: true });
    await saveHintState('p2', { hints: [], past: [], future: [], gap: 3 });
    expect(await getHintState('p1')).toEqual({
      hints: [hint],
      past: [[]],
      future: [],
      gap: 2,
      kind: 'gray',
      auto: true,
      updatedAt: expect.any(Number),
    });
    const p2 = await getHintState('p2');
    expect(p2.auto).toBeUndefined();
    expect('auto' in p2).toBe(false);
  });

  it('reads an older record without auto (or with junk in it) as off', async () => {
    const db = await getDB();
    await db.put('hints', { id: 'old', panelId: 'old', hints: [hint], gap: 4, updatedAt: 1 });
    await db.put('hints', { id: 'junk', panelId: 'junk', hints: [], auto: 'yes' as unknown as boolean, updatedAt: 1 });
    expect(await getHintState('old')).toEqual({ hints: [hint], past: [], future: [], gap: 4, updatedAt: 1 });
    expect((await getHintState('junk')).auto).toBeUndefined();
  });

  it('turning auto off removes it from the record', async () => {
    await saveHintState('p', { hints: [], past: [], future: [], auto: true });
    await saveHintState('p', { hints: [], past: [], future: [], auto: false });
    expect((await (await getDB()).get('hints', 'p'))?.auto).toBeUndefined();
  });
});

describe('the panel Colorize opens', () => {
  it('is the remembered one when it still exists, else the first', () => {
    expect(panelToOpen(['a', 'b', 'c'], 'b')).toBe('b');
    expect(panelToOpen(['a', 'c'], 'b')).toBe('a'); // deleted meanwhile
    expect(panelToOpen(['a'], null)).toBe('a');
    expect(panelToOpen(['a'], 42)).toBe('a');
    expect(panelToOpen([], 'b')).toBeUndefined();
  });

  it('is remembered per project in the settings store', async () => {
    const panels = [{ id: 'a' }, { id: 'b' }];
    expect(await panelToOpenIn('P', panels)).toBe('a');
    await rememberPanel('P', 'b');
    await rememberPanel('Q', 'x');
    expect(await panelToOpenIn('P', panels)).toBe('b');
    expect(await panelToOpenIn('Q', panels)).toBe('a'); // x is not in this list
    expect((await (await getDB()).get('settings', selectedKey('P')))?.value).toBe('b');
  });
});

describe('a result older than its hints (the page closed before the re-apply stored it)', () => {
  it('is stale when the hints were stored after the result, or there are hints and no result', () => {
    const st = (updatedAt?: number, n = 1) => ({
      hints: Array<Hint>(n).fill(hint),
      ...(updatedAt ? { updatedAt } : {}),
    });
    expect(resultIsStale({ resultBlobId: 'r', editedAt: 100 }, st(200))).toBe(true);
    expect(resultIsStale({ resultBlobId: 'r', editedAt: 300 }, st(200))).toBe(false);
    expect(resultIsStale({ editedAt: 300 }, st(200))).toBe(true);
    expect(resultIsStale({ editedAt: 300 }, st(200, 0))).toBe(false);
    expect(resultIsStale({ resultBlobId: 'r', editedAt: 1 }, st(undefined))).toBe(false); // never edited here
  });

  it('an edit journaled just before an unload is read back, stored and cleared', async () => {
    await saveHintState('j', { hints: [], past: [], future: [], gap: 3 });
    journalHintState('j', { hints: [hint], past: [[]], future: [], gap: 3 });
    // (the IndexedDB save of that edit never ran: the page was gone)
    const st = await getHintState('j');
    expect(st.hints).toEqual([hint]);
    expect(st.past).toEqual([[]]);
    expect((await (await getDB()).get('hints', 'j'))?.hints).toEqual([hint]);
    expect(localStorage.getItem('toonsmith.hintJournal.j')).toBeNull();
  });

  it('a stored save clears the journal entry it covers, not a newer one', async () => {
    journalHintState('k', { hints: [hint], past: [], future: [] });
    await saveHintState('k', { hints: [hint], past: [], future: [] });
    expect(localStorage.getItem('toonsmith.hintJournal.k')).toBeNull();
    const older = await getHintState('k');
    expect(older.hints).toEqual([hint]);
  });
});
