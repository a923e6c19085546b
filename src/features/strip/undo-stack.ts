/**
 * The strip view's undo window (no DOM): each destructive action (delete, stitch) pushes the
 * action that restores it; an entry expires after `ms` (30 s: the removed records are kept in
 * memory until then). `take` hands back one entry's restore — the newest by default — once.
 */
export const UNDO_MS = 30_000;

interface UndoEntry {
  id: number;
  run: () => Promise<void>;
  timer: ReturnType<typeof setTimeout>;
}

export class UndoStack {
  private entries: UndoEntry[] = [];
  private next = 1;

  /** `changed(size)` is called whenever the number of live entries changes. */
  constructor(
    private readonly changed: (size: number) => void = () => {},
    readonly ms = UNDO_MS,
  ) {}

  get size(): number {
    return this.entries.length;
  }

  /** Adds the restore of an action; returns its id (for the notice's Undo button). */
  push(run: () => Promise<void>): number {
    const id = this.next++;
    const timer = setTimeout(() => this.drop(id), this.ms);
    this.entries = [...this.entries, { id, run, timer }];
    this.changed(this.size);
    return id;
  }

  /** Takes entry `id` (default: the newest) off the stack; undefined when it expired or was taken. */
  take(id?: number): (() => Promise<void>) | undefined {
    const entry = id === undefined ? this.entries.at(-1) : this.entries.find((u) => u.id === id);
    if (!entry) return undefined;
    clearTimeout(entry.timer);
    this.drop(entry.id);
    return entry.run;
  }

  private drop(id: number): void {
    this.entries = this.entries.filter((u) => u.id !== id);
    this.changed(this.size);
  }
}
