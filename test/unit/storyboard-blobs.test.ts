import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { closeDB } from '../../src/store/db';
import { getBlob } from '../../src/store/blobs';
import { addPanels, type NewPanelImage } from '../../src/store/panels';
import { createProject, getProject } from '../../src/store/projects';
import { landDraftPanel } from '../../src/store/story';
import {
  getBoard,
  releaseBoardBlobs,
  saveBoard,
  saveBoardBlob,
  undoBoardRedraft,
  type BoardPanel,
  type StoryBoard,
} from '../../src/store/storyboard';

beforeEach(async () => {
  await closeDB();
  globalThis.indexedDB = new IDBFactory();
});

const img = (name: string): NewPanelImage => ({
  bytes: new Uint8Array([1, 2, 3]).buffer,
  type: 'image/png',
  width: 800,
  height: 600,
  sourceName: name,
});
const png = (v: number) => new Uint8Array([137, 80, 78, 71, v]).buffer;

/** A board panel whose background is `blobId` (a generated placeholder, or a library picture). */
const panel = (text: string, blobId: string | undefined, generated = true, panelId?: string): BoardPanel => ({
  plan: { text } as BoardPanel['plan'],
  layout: {
    ...(blobId
      ? { background: { name: text, blobId, rank: generated ? -1 : 0, ...(generated ? { generated } : {}) } }
      : {}),
  } as BoardPanel['layout'],
  hits: [],
  gapAfter: 0,
  take: 0,
  ...(panelId ? { panelId } : {}),
});
const board = (...panels: BoardPanel[]): StoryBoard => ({ story: 's', updatedAt: 0, panels });
const stored = async (id: string) => !!(await getBlob(id));

/**
 * A project whose storyboard (panel "old 1", placeholder `a`) was re-drafted: the new first panel
 * landed in its place and the new board (placeholder `b`) was saved; `blobs` are what that save dropped.
 */
async function redrafted() {
  const p = await createProject('P');
  const [old1] = await addPanels(p.id, [img('old 1')]);
  const a = await saveBoardBlob(png(1));
  const previous = board(panel('old', a, true, old1!.id));
  await saveBoard(p.id, previous);
  const b = await saveBoardBlob(png(2));
  const landed = await landDraftPanel(p.id, img('new 1'), { replacing: [old1!.id] });
  const blobs = await saveBoard(p.id, board(panel('new', b, true, landed.panel.id)));
  return { p, old1: old1!, a, b, previous, landed, blobs };
}

describe('storyboard placeholders are owned by the board (no orphan bytes)', () => {
  it('a save that no longer shows a placeholder deletes it and returns it; shared and library pictures stay', async () => {
    const p = await createProject('P');
    const [a, b, lib] = [await saveBoardBlob(png(1)), await saveBoardBlob(png(2)), await saveBoardBlob(png(3))];
    await saveBoard(p.id, board(panel('1', a), panel('2', a), panel('3', lib, false)));
    // Panel 1 regenerated with placeholder b: a is still shown by panel 2.
    expect(await saveBoard(p.id, board(panel('1', b), panel('2', a), panel('3', lib, false)))).toEqual([]);
    expect([await stored(a), await stored(b)]).toEqual([true, true]);
    // "Next background" on panel 2 (a library picture) and the library picture dropped from panel 3.
    const dropped = await saveBoard(p.id, board(panel('1', b), panel('2', lib, false), panel('3', undefined)));
    expect(dropped.map((r) => r.id)).toEqual([a]);
    expect([await stored(a), await stored(b), await stored(lib)]).toEqual([false, true, true]);
  });

  it('a re-draft drops the previous placeholders; its undo brings them back and drops the new ones', async () => {
    // The re-draft's first panel lands (replacing the old one), then the new board is saved.
    const { p, old1, a, b, previous, landed, blobs } = await redrafted();
    expect(blobs.map((r) => r.id)).toEqual([a]);
    expect(await stored(a)).toBe(false);

    await undoBoardRedraft({ projectId: p.id, previous, removed: landed.removed!, blobs });
    expect([await stored(a), await stored(b)]).toEqual([true, false]);
    expect(new Uint8Array(await (await getBlob(a))!.blob.arrayBuffer())).toEqual(new Uint8Array(png(1)));
    expect((await getBoard(p.id))!.panels[0]!.layout.background!.blobId).toBe(a);
    expect((await getProject(p.id))!.panelIds).toEqual([old1.id]);
  });

  it('an undo that fails part-way changes nothing (one transaction), and can be run again', async () => {
    const { p, old1, a, b, previous, landed, blobs } = await redrafted();
    // the board's write fails (a value that cannot be stored) after the panels were swapped
    const broken = { ...previous, story: (() => 'x') as unknown as string };
    await expect(
      undoBoardRedraft({ projectId: p.id, previous: broken, removed: landed.removed!, blobs }),
    ).rejects.toThrow();
    expect((await getProject(p.id))!.panelIds).toEqual([landed.panel.id]);
    expect((await getBoard(p.id))!.panels[0]!.panelId).toBe(landed.panel.id);
    expect([await stored(a), await stored(b)]).toEqual([false, true]);
    await undoBoardRedraft({ projectId: p.id, previous, removed: landed.removed!, blobs });
    expect((await getProject(p.id))!.panelIds).toEqual([old1.id]);
    expect([await stored(a), await stored(b)]).toEqual([true, false]);
  });

  it('releaseBoardBlobs deletes what a cancelled draft stored and never saved, never what the board shows', async () => {
    const p = await createProject('P');
    const shown = await saveBoardBlob(png(1));
    const orphan = await saveBoardBlob(png(2));
    await saveBoard(p.id, board(panel('1', shown)));
    await releaseBoardBlobs(p.id, [shown, orphan]);
    expect([await stored(shown), await stored(orphan)]).toEqual([true, false]);
  });
});
