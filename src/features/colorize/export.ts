/** Colorize exports: the stored result as PNG, the flats as a layered PSD (built in the colorize worker). */
import { t } from '../../app/i18n';
import { runTask } from '../../app/progress';
import { download, safeName } from '../../app/download';
import { flatsPsd, type FlatsRequest } from '../../bridge/colorize';
import { getBlob, toBlob } from '../../store/blobs';
import type { Panel } from '../../store/schema';
import './messages';

/** "episode-01.png #2" (a panel cut from a strip) → "episode-01-2"; "page.jpg" → "page". */
export const baseName = (p: Pick<Panel, 'sourceName'>) =>
  safeName(p.sourceName.replace(/\.(png|jpe?g|webp|gif|bmp|avif)(?=\s*#\d+$|$)/i, '').replace(/\s*#(\d+)$/, '-$1'));

/** Downloads the panel's stored result (`<name>-color.png`); nothing when it has none. */
export async function downloadResultPng(p: Panel): Promise<void> {
  const rec = p.resultBlobId && (await getBlob(p.resultBlobId));
  if (rec) download(toBlob(rec), `${baseName(p)}-color.png`, 'image/png');
}

/**
 * Builds the layered PSD of panel `p` (its original through `requestFor`: hints and settings;
 * progress and Cancel through runTask) and downloads it (`<name>-layers.psd`).
 */
export async function downloadLayersPsd(
  p: Panel,
  requestFor: (original: Blob) => Promise<FlatsRequest>,
): Promise<void> {
  const orig = await getBlob(p.originalBlobId);
  if (!orig) return;
  const req = await requestFor(toBlob(orig));
  const bytes = await runTask(
    () => t('colorize.exportPsd'),
    (signal) =>
      flatsPsd(signal, {
        ...req,
        layerNames: {
          tones: t('colorize.psd.tones'),
          flats: t('colorize.psd.flats'),
          lines: t('colorize.psd.lines'),
          smoothedTones: t('colorize.psd.smoothedTones'),
        },
      }),
    { notifyErrors: false },
  );
  download(bytes, `${baseName(p)}-layers.psd`, 'image/vnd.adobe.photoshop');
}
