import { describe, expect, it } from 'vitest';
import { BoardHistory } from '../../src/features/generate/board-history';
import type { BoardPanel } from '../../src/store/storyboard';

const panel = (x: number, panelId: string) => ({ layout: { x }, panelId }) as unknown as BoardPanel;

describe('storyboard panel edit history', () => {
  it('undoes and redoes edits in order, against the strip panel shown now', () => {
    const h = new BoardHistory();
    const board = [panel(0, 'a1')];
    const edit = (x: number, id: string) => {
      h.edited(0, board[0]);
      board[0] = panel(x, id);
    };
    edit(10, 'a2');
    edit(20, 'a3');
    expect(h.canUndo && !h.canRedo).toBe(true);
    const u1 = h.undo((i) => board[i])!;
    expect(u1).toEqual({ index: 0, panel: panel(10, 'a3') }); // the panel before, landed over a3
    board[0] = panel(10, 'a4');
    const u2 = h.undo((i) => board[i])!;
    expect(u2.panel).toEqual(panel(0, 'a4'));
    board[0] = panel(0, 'a5');
    expect(h.canUndo).toBe(false);
    const r1 = h.redo((i) => board[i])!;
    expect(r1.panel).toEqual(panel(10, 'a5'));
    board[0] = panel(10, 'a6');
    edit(30, 'a7'); // a new edit drops the redo list
    expect(h.canRedo).toBe(false);
    h.clear();
    expect(h.canUndo || h.canRedo).toBe(false);
    expect(h.undo((i) => board[i])).toBeUndefined();
  });
});
