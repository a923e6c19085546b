/**
 * The notices of adding and deleting references (ko/en, messages.ts), through the one notifier:
 * what an import added, which files were the same picture as one in the library (not added
 * again), which could not be read; a delete's notice with Undo (as Colorize does for palettes).
 */
import { t } from '../../app/i18n';
import { notify } from '../../app/notifier';
import type { AddResult } from './library';
import { tCount } from './messages';

/** Names listed in one notice at most (the rest as "…"). */
const MAX_NAMES = 5;

function names(list: readonly string[]): string {
  return list.slice(0, MAX_NAMES).join(', ') + (list.length > MAX_NAMES ? ', …' : '');
}

/** Notices for an import's result; answers whether anything was added. */
export function reportAdded(r: AddResult): boolean {
  const n = r.added.length;
  if (n) notify({ kind: 'success', message: () => tCount('refs.added', n) });
  const dup = r.duplicates;
  if (dup.length === 1) {
    const [{ name, existing }] = dup;
    notify({
      kind: 'info',
      timeoutMs: 12_000,
      message: () => (name === existing ? t('refs.duplicate.same', { name }) : t('refs.duplicate', { name, existing })),
    });
  } else if (dup.length > 1) {
    const list = names(dup.map((d) => d.name));
    notify({ kind: 'info', timeoutMs: 12_000, message: () => t('refs.duplicates', { n: dup.length, names: list }) });
  }
  if (r.failed.length) {
    const list = r.failed.map((f) => f.name).join(', ');
    notify({ kind: 'error', message: () => t('refs.error.decode', { n: r.failed.length, names: list }) });
  }
  return n > 0;
}

/** "Deleted the reference “name”." with Undo (15 s); `undo` puts it back and reports failures itself. */
export function offerUndo(name: string, undo: () => Promise<void>): number {
  return notify({
    kind: 'info',
    message: () => t('refs.deleted', { name }),
    timeoutMs: 15_000,
    action: { label: () => t('refs.undo'), run: () => void undo() },
  });
}

/** Said once the undo has put the reference back. */
export function reportRestored(name: string): void {
  notify({ kind: 'success', message: () => t('refs.restored', { name }) });
}
