import { describe, expect, it } from 'vitest';
import { BoardHistory } from '../../src/features/generate/board-history';
import type { BoardPanel } from '../../src/store/storyboard';

const panel = (x: number, panelId: string, edited?: boolean) =>
  ({ layout: { x }, panelId, ...(edited ? { edited } : {}) }) as unknown as BoardPanel;

describe('storyboard panel edit history', () => {
  it('undoes and redoes edits in order, against the strip panel shown now', () => {
    const h = new BoardHistory();
    const board = [panel(0, 'a1')];
    const now = (i: number) => board[i];
    const edit = (x: number, id: string) => {
      h.edited(0, board[0]);
      board[0] = panel(x, id, true);
    };
    edit(10, 'a2');
    edit(20, 'a3');
    expect(h.canUndo && !h.canRedo).toBe(true);
    const u1 = h.take('undo', now)!;
    expect(u1.panel).toEqual(panel(10, 'a3', true)); // the panel before, landed over a3
    board[0] = panel(10, 'a4', true);
    u1.commit();
    const u2 = h.take('undo', now)!;
    expect(u2.panel).toEqual(panel(0, 'a4')); // back to the drafted panel: not marked edited
    board[0] = panel(0, 'a5');
    u2.commit();
    expect(h.canUndo).toBe(false);
    const r1 = h.take('redo', now)!;
    expect(r1.panel).toEqual(panel(10, 'a5', true));
    board[0] = panel(10, 'a6', true);
    r1.commit();
    edit(30, 'a7'); // a new edit drops the redo list
    expect(h.canRedo).toBe(false);
    h.clear();
    expect(h.canUndo || h.canRedo).toBe(false);
    expect(h.take('undo', now)).toBeUndefined();
  });

  it('moves nothing when an undo is not applied (cancelled or failed)', () => {
    const h = new BoardHistory();
    h.edited(0, panel(0, 'a1'));
    const first = h.take('undo', () => panel(5, 'a2', true))!;
    // not committed: the same step is offered again, and there is nothing to redo
    expect(h.canUndo && !h.canRedo).toBe(true);
    expect(h.take('undo', () => panel(5, 'a2', true))!.panel).toEqual(first.panel);
    first.commit();
    first.commit(); // a second commit of the same step does nothing
    expect([h.canUndo, h.canRedo]).toEqual([false, true]);
  });
});
