/**
 * Undo/redo of a panel's hint list (pure). Each state is an immutable array; `push` drops the
 * redo branch. Bounded to `limit` states.
 */
import type { Hint } from '../../core/color/hints';

export class HintHistory {
  private past: Hint[][] = [];
  private future: Hint[][] = [];

  constructor(
    private current: Hint[] = [],
    private readonly limit = 100,
  ) {}

  get hints(): Hint[] {
    return this.current;
  }
  get canUndo(): boolean {
    return this.past.length > 0;
  }
  get canRedo(): boolean {
    return this.future.length > 0;
  }

  push(next: Hint[]): Hint[] {
    this.past.push(this.current);
    if (this.past.length > this.limit) this.past.shift();
    this.future = [];
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
