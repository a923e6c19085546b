/**
 * Files dropped on the colorize view → panels to color, through the shared import flow (src/services/panel-import.ts) (same
 * checks and limits: src/core/strip/limits.ts). Tall strips (height > 2 × width), which the
 * strip view opens in its cut editor, are split here at the proposed gutters at once; a strip
 * without gutters is kept as one panel (the colorizer tiles it). Files that fail get the strip
 * same message as in Strip (src/app/image-errors.ts; it states the limits); nothing is stored for them.
 */
import { t } from '../../app/i18n';
import type { Panel } from '../../store/schema';
import { imageErrorMessage, repeatedMessage } from '../../app/image-errors';
import { notify, type NoticeText } from '../../app/notifier';
import { runTask } from '../../app/progress';
import { acceptSplit, importFiles, type Report } from '../../services/panel-import';
import { colorizeSizeProblem } from '../../bridge/colorize';

export interface ColorizeImport {
  added: Panel[];
  /** Notices (functions: they follow a language switch): `error` for refused files, `info` for split strips. */
  notices: { kind: 'error' | 'info'; message: NoticeText }[];
}

export async function importForColoring(
  projectId: string,
  files: File[],
  signal: AbortSignal,
  report: Report,
): Promise<ColorizeImport> {
  const out = await importFiles(projectId, files, signal, report);
  const notices: ColorizeImport['notices'] = out.failures.map((f) => ({
    kind: 'error',
    message: () => imageErrorMessage(f.error, f.name),
  }));
  const added = [...out.added];
  for (const p of out.pending) {
    const cuts = p.inspected.gutters?.cuts ?? [];
    const parts = await acceptSplit(projectId, p, cuts, signal, report);
    added.push(...parts);
    const { width, height } = p.inspected;
    notices.push({
      kind: 'info',
      message: () =>
        cuts.length
          ? t('colorize.tallSplit', { name: p.name, width, height, n: parts.length })
          : t('colorize.tallWhole', { name: p.name, width, height }),
    });
  }
  // what was added, as Strip and References say it (a trial's 30-file drop was silent)
  if (added.length) notices.unshift({ kind: 'info', message: () => t('colorize.imported', { n: added.length }) });
  if (out.repeated.length) notices.push({ kind: 'info', message: () => repeatedMessage(out.repeated) });
  // over Colorize's own limits (the strip takes up to 120 megapixels)
  for (const p of added.filter((q) => colorizeSizeProblem(q.width, q.height)))
    notices.push({
      kind: 'error',
      message: () =>
        t('colorize.tooLargeAdded', {
          name: p.sourceName,
          w: p.width,
          h: p.height,
          mp: Math.round((p.width * p.height) / 1e6),
          man: Math.round((p.width * p.height) / 1e4),
        }),
    });
  return { added, notices };
}

/** The import as a progress task (status bar, Cancel); its notices are shown. */
export async function importTask(projectId: string, files: File[]): Promise<ColorizeImport> {
  const out = await runTask(
    () => t('colorize.importing'),
    (signal, report) => importForColoring(projectId, files, signal, report),
    { notifyErrors: false },
  );
  for (const n of out.notices) notify(n);
  return out;
}
