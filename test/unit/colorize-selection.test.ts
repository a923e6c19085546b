// Colorize: per-panel "automatic colours" in the hints store (old records read as off) and the
// panel Colorize reopens (remembered per project in settings, only if it still exists).
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { closeDB, getDB } from '../../src/store/db';
import { getHintState, saveHintState } from '../../src/store/hints';
import { panelToOpen, panelToOpenIn, rememberPanel, selectedKey } from '../../src/features/colorize/selection';
import type { Hint } from '../../src/core/color/hints';

beforeEach(async () => {
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
    });
    const p2 = await getHintState('p2');
    expect(p2.auto).toBeUndefined();
    expect('auto' in p2).toBe(false);
  });

  it('reads an older record without auto (or with junk in it) as off', async () => {
    const db = await getDB();
    await db.put('hints', { id: 'old', panelId: 'old', hints: [hint], gap: 4, updatedAt: 1 });
    await db.put('hints', { id: 'junk', panelId: 'junk', hints: [], auto: 'yes' as unknown as boolean, updatedAt: 1 });
    expect(await getHintState('old')).toEqual({ hints: [hint], past: [], future: [], gap: 4 });
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
