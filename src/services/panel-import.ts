/**
 * Import flow (no DOM rendering): files → image worker (inspect) → panels in the store.
 * - Ordinary images are stored with their original bytes, all in ONE transaction.
 * - Tall strips (height > 2 × width) come back as pending splits for the cut editor; a split
 *   stores each panel with the gutters around it (`gapBefore` / `gapAfter`), so export and
 *   stitch can rebuild the strip as drawn.
 * - Bad files are reported per file (typed StripError) and never touch the store.
 */
import { inspectImage, splitImage, StripError, type Inspected } from '../bridge/image';
import { getBlob } from '../store/blobs';
import { addPanels, listPanels, type NewPanelImage } from '../store/panels';
import type { Panel } from '../store/schema';

export interface PendingSplit {
  file: Blob;
  name: string;
  inspected: Inspected;
}

export interface ImportOutcome {
  added: Panel[];
  pending: PendingSplit[];
  failures: { name: string; error: unknown }[];
  /** Names of added files that look like a panel already in the project (same name and byte size). */
  repeated: string[];
}

/**
 * The files whose name and byte size are those of a panel's original already in the project: the
 * same picture dropped again (a second drop after the first seemed to do nothing). They are added
 * all the same — colouring one panel two ways is a real use — and the user is told.
 */
async function repeatsOf(projectId: string, files: readonly File[]): Promise<Set<File>> {
  const panels = await listPanels(projectId);
  const names = new Set(files.map((f) => f.name));
  const known = new Set<string>();
  for (const p of panels.filter((q) => names.has(q.sourceName))) {
    const rec = await getBlob(p.originalBlobId);
    if (rec) known.add(`${p.sourceName}\u0000${rec.blob.size}`);
  }
  return new Set(files.filter((f) => known.has(`${f.name}\u0000${f.size}`)));
}

export type Report = (fraction: number | undefined, detail?: string) => void;

export async function importFiles(
  projectId: string,
  files: File[],
  signal: AbortSignal,
  report: Report,
): Promise<ImportOutcome> {
  const images: NewPanelImage[] = [];
  const pending: PendingSplit[] = [];
  const failures: ImportOutcome['failures'] = [];
  const repeats = await repeatsOf(projectId, files);
  const repeated: string[] = [];
  for (const [i, file] of files.entries()) {
    report(i / files.length, file.name);
    try {
      const inspected = await inspectImage(signal, file);
      if (inspected.gutters) {
        pending.push({ file, name: file.name, inspected });
      } else {
        if (repeats.has(file)) repeated.push(file.name);
        images.push({
          bytes: file, // stored as the Blob it is: not read into memory here
          type: inspected.type,
          width: inspected.width,
          height: inspected.height,
          sourceName: file.name,
        });
      }
    } catch (e) {
      if (!(e instanceof StripError)) throw e;
      failures.push({ name: file.name, error: e });
    }
  }
  signal.throwIfAborted();
  const added = images.length ? await addPanels(projectId, images) : [];
  report(1);
  return { added, pending, failures, repeated };
}

/** Splits a pending strip at `cuts` (or keeps it whole when there are none) and stores the panels. */
export async function acceptSplit(
  projectId: string,
  p: PendingSplit,
  cuts: number[],
  signal: AbortSignal,
  report: Report,
): Promise<Panel[]> {
  if (cuts.length === 0) {
    const { type, width, height } = p.inspected;
    return addPanels(projectId, [{ bytes: p.file, type, width, height, sourceName: p.name }]);
  }
  const gutters = p.inspected.gutters?.gutters ?? [];
  const parts = await splitImage(signal, p.file, cuts, gutters, (done, total) =>
    report(done / total, `${done} / ${total}`),
  );
  signal.throwIfAborted();
  const digits = String(parts.length).length;
  return addPanels(
    projectId,
    parts.map((part, i) => ({
      bytes: part.bytes,
      type: part.type,
      width: part.width,
      height: part.height,
      sourceName: `${p.name} #${String(i + 1).padStart(digits, '0')}`,
      ...(part.gapBefore ? { gapBefore: part.gapBefore } : {}),
      ...(part.gapAfter ? { gapAfter: part.gapAfter } : {}),
    })),
  );
}
