/**
 * Project backup from the strip view: export packs the project and the reference library into one
 * `.toonsmith.zip` in the image worker; restore unpacks, validates and writes it whole in the store
 * worker (the page only gets the result). Both tell the user what happened (ko/en).
 */
import { t } from '../../app/i18n';
import { notify } from '../../app/notifier';
import { download, safeName } from '../../app/download';
import { packBackupFile } from '../../bridge/image';
import { restoreBackupFile } from '../../bridge/store';
import { collectProject } from '../../store/backup';
import type { Project } from '../../store/schema';
import './messages';

/** Downloads `<project>.toonsmith.zip`; images no decoder reads are left out and named. */
export async function downloadBackup(signal: AbortSignal, project: Project): Promise<void> {
  const { zip, dropped } = await packBackupFile(signal, await collectProject(project.id));
  download(zip, `${safeName(project.name)}.toonsmith.zip`, 'application/zip');
  if (dropped.length)
    notify({ kind: 'error', message: t('strip.backupDropped', { n: dropped.length, names: dropped.join(', ') }) });
}

/** Restores a backup file, opens the restored project with `open`, then says what was added. */
export async function restoreBackup(
  signal: AbortSignal,
  file: File,
  open: (project: Project) => Promise<void>,
): Promise<void> {
  const { project, referencesAdded, leftOut } = await restoreBackupFile(signal, file);
  await open(project);
  notify({ kind: 'success', message: t('strip.importedBackup', { name: project.name }) });
  if (referencesAdded) notify({ kind: 'success', message: t('strip.importedReferences', { n: referencesAdded }) });
  if (leftOut.length)
    notify({ kind: 'error', message: t('strip.restoreLeftOut', { n: leftOut.length, names: leftOut.join(', ') }) });
}
