/**
 * A picked model folder, read and checked in the store worker (issue 18): the page posts File
 * handles with their relative paths; here their bytes are read (a `.zip` is unpacked), the
 * pure folder check runs (workers/models/diffusion-folder.ts for diffusion,
 * workers/models/clip-folder.ts for CLIP) and an accepted folder is written as a
 * `staging` model record (src/store/models.ts `saveModel`). Only the record goes back to the
 * page, which names its id to the model worker: that worker reads the files from the store itself
 * (workers/models/stored-model.ts), so the bytes never pass through the page. A refused folder
 * writes nothing.
 */
import { unzipSync } from 'fflate';
import { saveModel } from '../../src/store/models';
import type { ModelRecord } from '../../src/store/schema';
import type { BoundsProblem } from '../diffusion/validate';
import { checkDiffusionFolder } from '../models/diffusion-folder';
import { checkClipFolder, type FolderIssue } from '../models/clip-folder';

export interface ModelEntry {
  /** Relative path (`webkitRelativePath`, a dropped folder's path, or the file name). */
  path: string;
  file: Blob;
  /** A `.zip` of the folder: unpacked in place of itself. */
  zip?: boolean;
}

export type StageProgress = (done: number, total: number, path: string) => void;

export type StageAnswer =
  | { ok: true; record: ModelRecord }
  | { ok: false; kind: 'diffusion'; problems: string[]; bounds: BoundsProblem[] }
  | { ok: false; kind: 'clip'; problems: string[]; issues: FolderIssue[] };

/** path → bytes; a `zip` entry is unpacked in place of itself (its directories skipped). */
export async function readEntries(
  entries: ModelEntry[],
  onProgress?: StageProgress,
): Promise<Record<string, ArrayBuffer>> {
  const out: Record<string, ArrayBuffer> = {};
  for (const [i, e] of entries.entries()) {
    onProgress?.(i, entries.length, e.path);
    const bytes = await e.file.arrayBuffer();
    if (e.zip) {
      for (const [p, b] of Object.entries(unzipSync(new Uint8Array(bytes))))
        if (!p.endsWith('/')) out[p] = b.slice().buffer;
    } else out[e.path] = bytes;
  }
  onProgress?.(entries.length, entries.length, '');
  return out;
}

/** Reads, checks and stages a folder of `kind` under record `id` (see the top). */
export async function stageFolder(
  id: string,
  kind: 'diffusion' | 'clip',
  name: string,
  entries: ModelEntry[],
  onProgress?: StageProgress,
): Promise<StageAnswer> {
  const raw = await readEntries(entries, onProgress);
  let files: Record<string, ArrayBuffer>;
  if (kind === 'diffusion') {
    const check = checkDiffusionFolder(Object.fromEntries(Object.entries(raw).map(([p, b]) => [p, new Uint8Array(b)])));
    if (check.problems.length || check.bounds.length)
      return { ok: false, kind, problems: check.problems, bounds: check.bounds };
    // Each file is a whole buffer of its own (read above): no copy needed.
    files = Object.fromEntries(Object.entries(check.files).map(([p, b]) => [p, b.buffer as ArrayBuffer]));
  } else {
    const check = checkClipFolder(raw);
    if (!check.ok) return { ok: false, kind: 'clip', problems: check.problems, issues: check.issues };
    files = check.files;
  }
  const record = await saveModel(kind, name, files, { id, staging: true });
  return { ok: true, record };
}
