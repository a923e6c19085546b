/**
 * Panel operations of the strip view that read the store and run the image worker (no DOM): one
 * panel as PNG (PNG originals byte for byte, others converted in the worker) and stitching the
 * panels into one with their remembered gutters, undoable.
 */
import { imageToPng, stitchImages } from '../../bridge/image';
import { blobBytes, getBlob, getBlobs, toBlob } from '../../store/blobs';
import { MissingRecordError } from '../../store/db';
import { currentBlobId, replacePanels, undoReplace } from '../../store/panels';
import type { Panel, Project } from '../../store/schema';
import { safeName } from '../../app/download';

/** `<project>-001.png` for the first panel. */
export function panelPngName(projectName: string, index: number): string {
  return `${safeName(projectName)}-${String(index).padStart(3, '0')}.png`;
}

/** The PNG bytes of what the strip shows for `panel`. */
export async function panelPng(signal: AbortSignal, panel: Panel): Promise<ArrayBuffer> {
  const rec = await getBlob(currentBlobId(panel));
  if (!rec) throw new MissingRecordError('panel', panel.id);
  return rec.type === 'image/png' ? blobBytes(rec) : (await imageToPng(signal, toBlob(rec))).bytes;
}

/**
 * Replaces `panels` (in order) by one stitched panel: the remembered gutters are drawn between
 * them, the outer ones (above the first, below the last) stay on the new panel. Returns the undo.
 */
export async function stitchPanels(
  signal: AbortSignal,
  project: Project,
  panels: readonly Panel[],
): Promise<() => Promise<void>> {
  const ids = panels.map((p) => p.id);
  const gaps = panels.map(({ gapBefore, gapAfter }) => ({ gapBefore, gapAfter }));
  const blobs = (await getBlobs(panels.map(currentBlobId))).map(toBlob);
  const img = await stitchImages(signal, blobs, gaps);
  const outer = { gapBefore: panels[0].gapBefore, gapAfter: panels[panels.length - 1].gapAfter };
  const { added, removed } = await replacePanels(project.id, ids, [
    { ...img, ...outer, sourceName: `${project.name} (stitched)` },
  ]);
  // one transaction: the stitched panel out, the originals back (also when the stitched panel was
  // deleted meanwhile; two steps lost the originals when the first failed)
  return () =>
    undoReplace(
      project.id,
      added.map((p) => p.id),
      removed,
    );
}
