/**
 * Undo / redo of storyboard panel edits (no DOM), for this page's session: each edit in the panel
 * editor (a character moved or scaled, another background, bubble text, speaker, shot) records the
 * panel as it was; undo puts it back (recomposed and replaced in the strip like any edit) and
 * records the undone state for redo. A draft, a regeneration or a reorder clears both lists (the
 * panels they refer to are gone or moved).
 */
import type { BoardPanel } from '../../store/storyboard';

export interface PanelStep {
  index: number;
  panel: BoardPanel;
}

const LIMIT = 100;

export class BoardHistory {
  private done: PanelStep[] = [];
  private undone: PanelStep[] = [];

  get canUndo(): boolean {
    return this.done.length > 0;
  }
  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  /** An edit of panel `index`, which was `before`. */
  edited(index: number, before: BoardPanel): void {
    this.done.push({ index, panel: before });
    if (this.done.length > LIMIT) this.done.shift();
    this.undone = [];
  }

  /**
   * The step to apply for undo or redo, or undefined; `current` reads the panel now at an index.
   * Nothing moves until `commit()` — call it once the step is applied (a cancelled or failed apply
   * leaves both lists as they were).
   */
  take(
    which: 'undo' | 'redo',
    current: (index: number) => BoardPanel | undefined,
  ): (PanelStep & { commit: () => void }) | undefined {
    const [from, to] = which === 'undo' ? [this.done, this.undone] : [this.undone, this.done];
    const step = from[from.length - 1];
    const now = step && current(step.index);
    if (!step || !now) return undefined;
    return {
      index: step.index,
      // the strip panel to replace is the one shown now (an edit lands a new panel record in place)
      panel: { ...step.panel, panelId: now.panelId },
      commit: () => {
        if (from[from.length - 1] !== step) return;
        from.pop();
        to.push({ index: step.index, panel: now });
      },
    };
  }

  clear(): void {
    this.done = [];
    this.undone = [];
  }
}
