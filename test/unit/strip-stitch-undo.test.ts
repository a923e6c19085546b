// Stitch's undo is one transaction: it brings the original panels back even after the stitched
// panel was deleted meanwhile (two steps — delete the stitched panel, then restore — threw on the
// first step and lost the originals for good).
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { png } from './backup-helpers';

vi.mock('../../src/bridge/image', () => ({
  imageToPng: vi.fn(),
  stitchImages: vi.fn(async () => ({ bytes: png(9, 4, 8), type: 'image/png', width: 4, height: 8 })),
}));

const { closeDB } = await import('../../src/store/db');
const { addPanels, deletePanels, listPanels } = await import('../../src/store/panels');
const { createProject } = await import('../../src/store/projects');
const { saveHintState, getHintState } = await import('../../src/store/hints');
const { stitchPanels } = await import('../../src/features/strip/panel-actions');

const img = (s: number) => ({ bytes: png(s, 4, 4), type: 'image/png', width: 4, height: 4, sourceName: `${s}.png` });

beforeEach(async () => {
  await closeDB();
  globalThis.indexedDB = new IDBFactory();
});

describe('stitch undo', () => {
  it('restores the originals, their hints and order, after the stitched panel was deleted', async () => {
    const p = await createProject('P');
    const [a, b, c] = await addPanels(p.id, [img(1), img(2), img(3)]);
    await saveHintState(a.id, {
      hints: [{ kind: 'point', x: 1, y: 1, radius: 1, rgb: [200, 0, 0] }],
      past: [],
      future: [],
    });
    const undo = await stitchPanels(new AbortController().signal, p, [a, b]);
    const stitched = await listPanels(p.id);
    expect(stitched.map((x) => x.sourceName)).toEqual(['P (stitched)', '3.png']);
    await deletePanels(p.id, [stitched[0].id]); // the user deletes the stitched panel too
    await undo();
    const back = await listPanels(p.id);
    expect(back.map((x) => x.id)).toEqual([a.id, b.id, c.id]);
    expect((await getHintState(a.id)).hints).toHaveLength(1);
  });

  it('restores the originals in place of the stitched panel', async () => {
    const p = await createProject('P');
    const [a, b] = await addPanels(p.id, [img(1), img(2)]);
    const undo = await stitchPanels(new AbortController().signal, p, [a, b]);
    await undo();
    expect((await listPanels(p.id)).map((x) => x.id)).toEqual([a.id, b.id]);
  });
});
