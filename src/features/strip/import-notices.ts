/**
 * What an import in Strip says (no DOM): each refused file with its reason, how many panels were
 * added, and the files added again (same name and size as a panel already in the project).
 */
import { imageErrorMessage, repeatedMessage } from '../../app/image-errors';
import { t } from '../../app/i18n';
import { notify } from '../../app/notifier';
import type { ImportOutcome } from '../../services/panel-import';
import './messages';

export function announceImport(out: Pick<ImportOutcome, 'failures' | 'added' | 'repeated'>): void {
  for (const f of out.failures) notify({ kind: 'error', message: () => imageErrorMessage(f.error, f.name) });
  if (out.added.length) notify({ kind: 'success', message: () => t('strip.imported', { n: out.added.length }) });
  if (out.repeated.length) notify({ kind: 'info', message: () => repeatedMessage(out.repeated) });
}
