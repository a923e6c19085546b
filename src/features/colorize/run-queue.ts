/**
 * Colorize runs, one at a time per panel (task orchestration of `<toon-colorize-view>`, no DOM):
 * a request while the panel runs is coalesced into ONE re-run after it; a panel the user cancelled
 * drops its queued re-run and is not started again by selection or a drop until `resume`
 * (a hint, a setting change, Recolor).
 *
 * Two kinds of run: a preview (selection, a drop: computed in memory, nothing stored) and a
 * stored run (the user acted: a hint, a setting, a palette, Recolor). A stored run asked for while
 * any run of the panel is in progress makes the queued re-run a stored one; a preview never
 * downgrades it.
 */
export class RunQueue {
  private readonly running = new Map<string, Promise<void>>();
  private readonly dirty = new Set<string>();
  private readonly cancelled = new Set<string>();
  /** Panels whose next run must store its result. */
  private readonly toStore = new Set<string>();

  /** `once(id, store)` does one run; it may call `cancel(id)` when the user cancels it. */
  constructor(private readonly once: (id: string, store: boolean) => Promise<void>) {}

  /** Runs `id` now, or once more after the run in progress (the promise of that run). */
  run(id: string, store = false): Promise<void> {
    if (store) this.toStore.add(id);
    const busy = this.running.get(id);
    if (busy) {
      this.dirty.add(id);
      return busy;
    }
    const job = this.once(id, this.toStore.delete(id)).finally(() => {
      this.running.delete(id);
      if (this.dirty.delete(id)) void this.run(id);
    });
    this.running.set(id, job);
    return job;
  }

  isRunning(id: string): boolean {
    return this.running.has(id);
  }

  isCancelled(id: string): boolean {
    return this.cancelled.has(id);
  }

  /** Cancel means cancel: no queued re-run (stored or not), no restart on selection or a drop. */
  cancel(id: string): void {
    this.cancelled.add(id);
    this.dirty.delete(id);
    this.toStore.delete(id);
  }

  /** The user asked for this panel again. */
  resume(id: string): void {
    this.cancelled.delete(id);
  }
}
