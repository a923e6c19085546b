/**
 * Undo/redo of a panel's hint list (pure). Each state is an immutable array; `push` drops the
 * redo branch. Bounded to `limit` states. `past`/`future` are saved with the panel's hints
 * (src/store/hints.ts, saveHintState) so the history survives a reload.
 */
import type { Hint } from '../../core/color/hints';

export class HintHistory {
  private past: Hint[][] = [];
  private future: Hint[][] = [];

  constructor(
    private current: Hint[] = [],
    private readonly limit = 100,
    saved?: { past: Hint[][]; future: Hint[][] },
  ) {
    if (saved) {
      this.past = saved.past.slice(-limit);
      this.future = saved.future.slice(-limit);
    }
  }

  get hints(): Hint[] {
    return this.current;
  }
  get canUndo(): boolean {
    return this.past.length > 0;
  }
  get canRedo(): boolean {
    return this.future.length > 0;
  }
  /** The history to store (current state excluded). */
  get saved(): { past: Hint[][]; future: Hint[][] } {
    return { past: this.past, future: this.future };
  }

  push(next: Hint[]): Hint[] {
    this.past.push(this.current);
    if (this.past.length > this.limit) this.past.shift();
    this.future = [];
    this.current = next;
    return next;
  }

  /** Replaces the current state in place (no undo step): the same picture, a tidier list. */
  amend(next: Hint[]): Hint[] {
    this.current = next;
    return next;
  }

  undo(): Hint[] {
    const prev = this.past.pop();
    if (prev) {
      this.future.push(this.current);
      this.current = prev;
    }
    return this.current;
  }

  redo(): Hint[] {
    const next = this.future.pop();
    if (next) {
      this.past.push(this.current);
      this.current = next;
    }
    return this.current;
  }
}
