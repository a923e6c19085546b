/**
 * Colorize runs, one at a time per panel (task orchestration of `<toon-colorize-view>`, no DOM):
 * a request while the panel runs is coalesced into ONE re-run after it; a panel the user cancelled
 * drops its queued re-run and is not started again by selection or a drop until `resume`
 * (a hint, a setting change, Recolor).
 */
export class RunQueue {
  private readonly running = new Map<string, Promise<void>>();
  private readonly dirty = new Set<string>();
  private readonly cancelled = new Set<string>();

  /** `once(id)` does one run; it may call `cancel(id)` when the user cancels it. */
  constructor(private readonly once: (id: string) => Promise<void>) {}

  /** Runs `id` now, or once more after the run in progress (the promise of that run). */
  run(id: string): Promise<void> {
    const busy = this.running.get(id);
    if (busy) {
      this.dirty.add(id);
      return busy;
    }
    const job = this.once(id).finally(() => {
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

  /** Cancel means cancel: no queued re-run, no restart on selection or a drop. */
  cancel(id: string): void {
    this.cancelled.add(id);
    this.dirty.delete(id);
  }

  /** The user asked for this panel again. */
  resume(id: string): void {
    this.cancelled.delete(id);
  }
}
