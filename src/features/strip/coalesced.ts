/**
 * `fn`, one run at a time (no DOM): a call while it runs asks for ONE more run after it — a burst
 * of calls ends with a single run that starts after the last call — and gets the promise that
 * settles when that run has finished.
 */
export function coalesced(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await fn();
      } while (again);
    })().finally(() => (running = undefined));
    return running;
  };
}
