import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { closeDB } from '../../src/store/db';
import { addPanels, listPanels, deletePanels, type NewPanelImage } from '../../src/store/panels';
import { createProject, getProject } from '../../src/store/projects';
import { getBoard, saveBoard, saveBoardOrder, type BoardPanel, type StoryBoard } from '../../src/store/storyboard';

beforeEach(async () => {
  await closeDB();
  globalThis.indexedDB = new IDBFactory();
});

const img = (name: string, gap = 0): NewPanelImage => ({
  bytes: new Uint8Array([1, 2, 3]).buffer,
  type: 'image/png',
  width: 800,
  height: 600,
  sourceName: name,
  ...(gap ? { gapAfter: { height: gap, color: '#ffffff' } } : {}),
});
const boardPanel = (text: string, panelId: string, gapAfter: number): BoardPanel => ({
  plan: { text } as BoardPanel['plan'],
  layout: {} as BoardPanel['layout'],
  hits: [],
  gapAfter,
  take: 0,
  panelId,
});

describe('storyboard reorder (saveBoardOrder)', () => {
  it('moves the board panels within the strip slots they held, other panels stay, gutters follow the board', async () => {
    const p = await createProject('P');
    const [x, b1, b2, y, b3] = await addPanels(p.id, [
      img('x', 50),
      img('b1', 100),
      img('b2', 100),
      img('y'),
      img('b3'),
    ]);
    const board: StoryBoard = {
      story: 's',
      updatedAt: 0,
      panels: [boardPanel('1', b1!.id, 100), boardPanel('2', b2!.id, 100), boardPanel('3', b3!.id, 0)],
    };
    await saveBoard(p.id, board);
    // Panel 3 to the top: the new last one (2) has no gutter, 3 gets one.
    const next = {
      ...board,
      panels: [{ ...board.panels[2]!, gapAfter: 160 }, board.panels[0]!, { ...board.panels[1]!, gapAfter: 0 }],
    };
    await saveBoardOrder(p.id, next);
    expect((await getProject(p.id))!.panelIds).toEqual([x!.id, b3!.id, b1!.id, y!.id, b2!.id]);
    const byId = new Map((await listPanels(p.id)).map((q) => [q.id, q]));
    expect([b3, b1, b2, x].map((q) => byId.get(q!.id)!.gapAfter?.height ?? 0)).toEqual([160, 100, 0, 50]);
    expect((await getBoard(p.id))!.panels.map((q) => q.plan.text)).toEqual(['3', '1', '2']);
  });

  it('refuses it all when a board panel was deleted meanwhile (another tab): strip and board unchanged', async () => {
    const p = await createProject('P');
    const [b1, b2] = await addPanels(p.id, [img('b1', 100), img('b2')]);
    const board: StoryBoard = {
      story: 's',
      updatedAt: 0,
      panels: [boardPanel('1', b1!.id, 100), boardPanel('2', b2!.id, 0)],
    };
    await saveBoard(p.id, board);
    await deletePanels(p.id, [b2!.id]);
    await expect(
      saveBoardOrder(p.id, { ...board, panels: [board.panels[1]!, board.panels[0]!] }),
    ).rejects.toMatchObject({ name: 'MissingRecordError' });
    expect((await getProject(p.id))!.panelIds).toEqual([b1!.id]);
    expect((await getBoard(p.id))!.panels.map((q) => q.plan.text)).toEqual(['1', '2']);
    expect((await listPanels(p.id))[0]!.gapAfter?.height).toBe(100);
  });
});
