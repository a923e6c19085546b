/**
 * One flats run of a stored panel, as a progress task (the status bar shows it; its Cancel aborts
 * the run with an AbortError). The view decides what a cancel means and stores the result.
 */
import { t } from '../../app/i18n';
import { runTask } from '../../app/progress';
import { flatsPanel, type FlatsRequest, type FlatsResponse } from '../../bridge/colorize';
import { getBlob, toBlob } from '../../store/blobs';
import { getPanel } from '../../store/panels';
import type { Panel } from '../../store/schema';
import './messages';

export interface FlatsRun {
  panel: Panel;
  req: FlatsRequest;
  res: FlatsResponse;
}

/** Runs panel `panelId` with the request `requestFor` makes; undefined if the panel or its picture is gone. */
export async function runFlats(
  panelId: string,
  requestFor: (panel: Panel, image: Blob) => Promise<FlatsRequest>,
): Promise<FlatsRun | undefined> {
  const panel = await getPanel(panelId);
  const orig = panel && (await getBlob(panel.originalBlobId));
  if (!panel || !orig) return undefined;
  const req = await requestFor(panel, toBlob(orig));
  const res = await runTask(
    () => t('colorize.running', { name: panel.sourceName }),
    (signal, report) =>
      flatsPanel(signal, req, (p) => {
        if (p.stage === 'run') report(p.fraction);
        else report(undefined, t('colorize.loading'));
      }),
    { notifyErrors: false },
  );
  return { panel, req, res };
}
