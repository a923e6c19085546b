import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { entryDrift } from '../../src/core/color/drift';
import type { Hint } from '../../src/core/color/hints';
import { rgbToLab } from '../../src/core/color/lab';
import { closeDB, getDB } from '../../src/store/db';
import { getHints, getHintsFor, saveHints } from '../../src/store/hints';
import { createPalette, deletePalette, listPalettes, paletteRef, savePalette } from '../../src/store/palettes';
import { addPanels, deletePanels, restorePanels } from '../../src/store/panels';
import { createProject } from '../../src/store/projects';
import { HintHistory } from '../../src/features/colorize/history';

beforeEach(async () => {
  await closeDB();
  globalThis.indexedDB = new IDBFactory();
});

const H1: Hint = { kind: 'point', x: 3, y: 4, rgb: [200, 20, 20], radius: 5 };
const H2: Hint = {
  kind: 'stroke',
  points: [
    [1, 1],
    [9, 9],
  ],
  rgb: [20, 20, 200],
  width: 4,
  ref: 'p/hair',
};

describe('hints store', () => {
  it('saves, reloads, and drops invalid items', async () => {
    const p = await createProject('t');
    const [panel] = await addPanels(p.id, [
      { bytes: new ArrayBuffer(4), type: 'image/png', width: 10, height: 10, sourceName: 'a.png' },
    ]);
    expect(await getHints(panel.id)).toEqual([]);
    await saveHints(panel.id, [H1, H2]);
    expect(await getHints(panel.id)).toEqual([H1, H2]);
    const db = await getDB();
    await db.put('hints', { id: panel.id, panelId: panel.id, hints: [H1, { kind: 'bogus' }], updatedAt: 1 });
    expect(await getHints(panel.id)).toEqual([H1]);
    const many = await getHintsFor([panel.id, 'missing']);
    expect(many.get('missing')).toEqual([]);
  });

  it('hints go with their panel on delete and come back on undo', async () => {
    const p = await createProject('t');
    const [panel] = await addPanels(p.id, [
      { bytes: new ArrayBuffer(4), type: 'image/png', width: 10, height: 10, sourceName: 'a.png' },
    ]);
    await saveHints(panel.id, [H1]);
    const removed = await deletePanels(p.id, [panel.id]);
    expect(await getHints(panel.id)).toEqual([]);
    await restorePanels(removed);
    expect(await getHints(panel.id)).toEqual([H1]);
  });
});

describe('palettes store and drift', () => {
  it('creates, edits, lists per project and deletes', async () => {
    const p = await createProject('t');
    const q = await createProject('u');
    const a = await createPalette(p.id, 'Mina', [{ label: 'hair', rgb: [40, 30, 20] }]);
    await createPalette(q.id, 'Other');
    const edited = await savePalette({ ...a, entries: [...a.entries, { label: 'skin', rgb: [250, 210, 180] }] });
    const list = await listPalettes(p.id);
    expect(list.map((x) => x.name)).toEqual(['Mina']);
    expect(list[0].entries).toEqual(edited.entries);
    await deletePalette(a.id);
    expect(await listPalettes(p.id)).toEqual([]);
    expect(paletteRef('id', 'hair')).toBe('id/hair');
  });

  it('drift is CIEDE2000 from the entry colour, per panel, with mean and max', () => {
    const rgb: [number, number, number] = [200, 30, 30];
    const same = rgbToLab(...rgb);
    const d = entryDrift('p/x', rgb, [
      { panelId: 'a', lab: same },
      { panelId: 'b', lab: [same[0], same[1] - 10, same[2]] },
      { panelId: 'c', lab: null },
    ]);
    expect(d.perPanel.map((x) => x.panelId)).toEqual(['a', 'b']);
    expect(d.perPanel[0].deltaE).toBe(0);
    expect(d.max).toBeGreaterThan(1);
    expect(d.mean).toBeCloseTo(d.max / 2, 6);
  });
});

describe('hint history (undo/redo)', () => {
  it('undoes and redoes, and a new edit drops the redo branch', () => {
    const h = new HintHistory([]);
    h.push([H1]);
    h.push([H1, H2]);
    expect(h.undo()).toEqual([H1]);
    expect(h.undo()).toEqual([]);
    expect(h.canUndo).toBe(false);
    expect(h.redo()).toEqual([H1]);
    h.push([H2]);
    expect(h.canRedo).toBe(false);
    expect(h.hints).toEqual([H2]);
  });
});
