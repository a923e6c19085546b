/**
 * A picked model folder, read and checked in the store worker (issue 18): the page posts File
 * handles with their relative paths; here their bytes are read (a `.zip` is unpacked), the
 * pure folder check runs (a zip is read bounded: `unzipModel`, refused with its reason) (workers/models/diffusion-folder.ts for diffusion,
 * workers/models/clip-folder.ts for CLIP) and an accepted folder is written as a
 * `staging` model record (src/store/models.ts `saveModel`). Only the record goes back to the
 * page, which names its id to the model worker: that worker reads the files from the store itself
 * (workers/models/stored-model.ts), so the bytes never pass through the page. A refused folder
 * writes nothing.
 */
import { extract, readDirectory, type ZipProblem } from '../../src/core/backup/zip-read';
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

/** A folder's zip: read from its directory first, each entry bounded (src/core/backup/zip-read.ts). */
export const MODEL_ZIP_CAPS = { maxEntries: 10_000, maxEntryBytes: 2 ** 31 - 1, maxTotalBytes: 2 ** 32 - 1 };
/**
 * Model weights barely compress (float tensors): a zip whose entries claim more than this many
 * times its own size (+ 1 MiB for text files) is refused before anything is inflated — a zip bomb
 * would otherwise fill the worker's memory and crash the tab.
 */
export const MODEL_ZIP_MAX_RATIO = 20;

/** A model zip that cannot be read (its kind says why: not a zip / damaged / too large). */
export class ModelZipProblem extends Error {
  constructor(
    readonly kind: ZipProblem['kind'],
    readonly path: string,
    detail: string,
  ) {
    super(`${path}: ${detail}`);
    this.name = 'ModelZipProblem';
  }
}

export type StageAnswer =
  | { ok: true; record: ModelRecord }
  | { ok: false; kind: 'zip'; zip: ZipProblem['kind']; path: string; detail: string }
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
    if (e.zip) Object.assign(out, unzipModel(new Uint8Array(bytes), e.path));
    else out[e.path] = bytes;
  }
  onProgress?.(entries.length, entries.length, '');
  return out;
}

/** A model zip's files (directories skipped), each its own buffer; throws ModelZipProblem. */
export function unzipModel(zip: Uint8Array, path: string): Record<string, ArrayBuffer> {
  const dir = readDirectory(zip, MODEL_ZIP_CAPS);
  if (!(dir instanceof Map)) throw new ModelZipProblem(dir.kind, path, dir.detail);
  let total = 0;
  for (const e of dir.values()) total += e.size;
  if (total > MODEL_ZIP_MAX_RATIO * zip.length + 2 ** 20)
    throw new ModelZipProblem('too-large', path, `its files claim ${total} bytes from ${zip.length}`);
  const out: Record<string, ArrayBuffer> = {};
  for (const [name, e] of dir) {
    if (name.endsWith('/')) continue;
    const data = extract(zip, e, MODEL_ZIP_CAPS.maxEntryBytes);
    if (!(data instanceof Uint8Array)) throw new ModelZipProblem(data.kind, path, data.detail);
    // a stored entry is a view into the zip: copied, so each file is a buffer of its own
    const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
    out[name] = (whole ? data : data.slice()).buffer as ArrayBuffer;
  }
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
  let raw: Record<string, ArrayBuffer>;
  try {
    raw = await readEntries(entries, onProgress);
  } catch (e) {
    if (!(e instanceof ModelZipProblem)) throw e;
    return { ok: false, kind: 'zip', zip: e.kind, path: e.path, detail: e.message };
  }
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
