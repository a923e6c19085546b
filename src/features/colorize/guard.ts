/**
 * How `<toon-colorize-view>` runs a user action or a run: an error becomes a ko/en message
 * (errors.ts; a cancel says nothing), a panel deleted meanwhile (another tab) makes the view
 * show the project as it is now, and the host's `data-idle` marks when it settled (tests).
 */
import { isAbortError } from '../../app/progress';
import { notify } from '../../app/notifier';
import { isMissingRecord } from '../../app/store-errors';
import { colorizeErrorMessage } from './errors';

export async function guarded(
  host: { readonly dataset: DOMStringMap },
  fn: () => Promise<void>,
  refresh: () => Promise<void>,
): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (!isAbortError(e)) notify({ kind: 'error', message: colorizeErrorMessage(e) });
    if (isMissingRecord(e)) await refresh().catch(() => undefined);
  } finally {
    host.dataset.idle = String(Date.now());
  }
}
