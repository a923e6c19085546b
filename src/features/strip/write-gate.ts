/**
 * Writes shown before the store has them (the Strip list reorders at once on a move): a listing
 * read while such a write was in flight, or before one started, may be older than what the list
 * shows and must not replace it. The view refreshes after every write, and that refresh — begun
 * with nothing in flight — shows the stored state.
 */
export class WriteGate {
  private inFlight = 0;
  private gen = 0;

  /** Runs `write` as a shown-early write (the caller refreshes after it, even when it fails). */
  async run<T>(write: () => Promise<T>): Promise<T> {
    this.inFlight++;
    this.gen++;
    try {
      return await write();
    } finally {
      this.inFlight--;
    }
  }

  /** Call before reading a listing; `fresh()` says whether it may be shown when read. */
  begin(): { fresh(): boolean } {
    const gen = this.gen;
    const settled = this.inFlight === 0;
    return { fresh: () => settled && this.inFlight === 0 && gen === this.gen };
  }
}
