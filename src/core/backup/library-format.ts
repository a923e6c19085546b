/**
 * The reference library's part of a backup (format version 3; pure, used by format.ts).
 *
 * manifest.library = {
 *   references: [{ id, blobId, name, projectId?, tags: [{ label, score }], modelId, createdAt,
 *                  vector?: { set, row }, suggested?: [{ label, score }], userTags?: string[],
 *                  rejected?: string[], collections?: string[], notes?: string }],
 *   vectors:    [{ modelId, dim, rows, path, size, sha256 }],   one set per CLIP model
 *   tagLabels:  string[]                                          the user's zero-shot labels
 * }
 * vectors/<n>.f32 holds a set's rows × dim float32 values, little-endian, row-major, exactly as
 * stored in `vectorChunks`. A reference's image is a blob of the backup (`blobs/<id>`, checked
 * like every blob); its `vector` names a row of a set of the same model.
 */
import type { ReferenceRecord } from '../../store/schema';

export interface BackupReference {
  id: string;
  blobId: string;
  name: string;
  /** The backed-up project's id when the reference belongs to it; other projects' ids are dropped. */
  projectId?: string;
  tags: ReferenceRecord['tags'];
  modelId: string;
  createdAt: number;
  /** Row `row` of vector set `set`; absent when the reference had no stored vector. */
  vector?: { set: number; row: number };
  /** Zero-shot labels below the threshold (offered, not applied). */
  suggested?: ReferenceRecord['tags'];
  /** Tags the user typed or accepted. */
  userTags?: string[];
  /** Suggestions the user rejected. */
  rejected?: string[];
  collections?: string[];
  notes?: string;
}

export interface BackupVectorSet {
  modelId: string;
  dim: number;
  /** rows × dim float32, little-endian. */
  data: ArrayBuffer;
}

export interface BackupLibrary {
  references: BackupReference[];
  vectors: BackupVectorSet[];
  tagLabels: string[];
}

export interface BackupVectorEntry {
  modelId: string;
  dim: number;
  rows: number;
  path: string;
  size: number;
  sha256: string;
}

export interface BackupLibraryManifest {
  references: BackupReference[];
  vectors: BackupVectorEntry[];
  tagLabels: string[];
}

/** Largest vector size read (CLIP projection sizes are 128–1024). */
export const MAX_VECTOR_DIM = 4096;

const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInt = (v: unknown, min: number, max: number): v is number =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function isTag(v: unknown): boolean {
  return isObj(v) && isStr(v.label) && isNum(v.score);
}

/** Shape and cross-reference problems of `manifest.library`; null when it is sound. */
export function libraryProblem(v: unknown, blobIds: Set<string>): string | null {
  if (!isObj(v) || !Array.isArray(v.references) || !Array.isArray(v.vectors) || !Array.isArray(v.tagLabels)) {
    return 'library malformed';
  }
  if (!v.tagLabels.every(isStr)) return 'library tag labels malformed';
  const sets: BackupVectorEntry[] = [];
  for (const s of v.vectors) {
    if (!isObj(s) || !isStr(s.modelId) || !isInt(s.dim, 1, MAX_VECTOR_DIM) || !isInt(s.rows, 0, 0xffff))
      return 'vector set malformed';
    if (!isStr(s.path) || !isStr(s.sha256) || s.size !== s.rows * s.dim * 4) return 'vector set malformed';
    sets.push(s as unknown as BackupVectorEntry);
  }
  const ids = new Set<string>();
  const rows = new Set<string>();
  for (const r of v.references) {
    if (!isObj(r) || !isStr(r.id) || !isStr(r.blobId) || !isStr(r.name) || !isStr(r.modelId) || !isNum(r.createdAt)) {
      return 'reference malformed';
    }
    if (r.projectId !== undefined && !isStr(r.projectId)) return 'reference malformed';
    if (!Array.isArray(r.tags) || !r.tags.every(isTag)) return 'reference tags malformed';
    if (r.suggested !== undefined && !(Array.isArray(r.suggested) && r.suggested.every(isTag)))
      return 'reference suggestions malformed';
    for (const key of ['userTags', 'rejected', 'collections'] as const) {
      const list = r[key];
      if (list !== undefined && !(Array.isArray(list) && list.every(isStr))) return `reference ${key} malformed`;
    }
    if (r.notes !== undefined && !isStr(r.notes)) return 'reference notes malformed';
    if (ids.has(r.id)) return 'duplicate reference id';
    ids.add(r.id);
    if (!blobIds.has(r.blobId)) return `reference ${r.id} refers to a missing image`;
    if (r.vector !== undefined) {
      const vec = r.vector;
      if (!isObj(vec) || !isInt(vec.set, 0, sets.length - 1)) return `reference ${r.id} refers to a missing vector set`;
      const set = sets[vec.set];
      if (!isInt(vec.row, 0, set.rows - 1) || set.modelId !== r.modelId)
        return `reference ${r.id} refers to a missing vector`;
      const key = `${vec.set}/${vec.row}`;
      if (rows.has(key)) return `two references share vector ${key}`;
      rows.add(key);
    }
  }
  return null;
}

/** The manifest part and the vector files of a library. */
export function libraryToManifest(
  lib: BackupLibrary,
  sha: string[],
): { manifest: BackupLibraryManifest; files: Record<string, Uint8Array> } {
  const files: Record<string, Uint8Array> = {};
  const vectors = lib.vectors.map((s, i): BackupVectorEntry => {
    const path = `vectors/${i}.f32`;
    files[path] = new Uint8Array(s.data);
    return {
      modelId: s.modelId,
      dim: s.dim,
      rows: s.data.byteLength / 4 / s.dim,
      path,
      size: s.data.byteLength,
      sha256: sha[i],
    };
  });
  return { manifest: { references: lib.references, vectors, tagLabels: lib.tagLabels }, files };
}

/** True when every float of a vector file is finite (NaN or ∞ would poison every search). */
export function allFinite(bytes: Uint8Array): boolean {
  const copy = bytes.slice();
  const f = new Float32Array(copy.buffer, 0, copy.byteLength >> 2);
  for (let i = 0; i < f.length; i++) if (!Number.isFinite(f[i])) return false;
  return true;
}
