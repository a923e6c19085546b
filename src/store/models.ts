/**
 * Models store: model folders the user imported (e.g. a CLIP folder in the transformers.js
 * layout), kept in the browser for offline use. Each file is a blob; the ModelRecord maps the
 * relative path to its blob id. Record and blobs are written/deleted in one transaction.
 *
 * Imports are staged (`importStaged`): the folder is written aside as a record marked `staging`
 * (never listed, never active), validated by the caller, then switched in by ONE transaction that
 * clears the mark, sets the feature's active-model setting and deletes the records it replaces.
 * A failed validation deletes the staged record and its blobs; a killed tab leaves at most a staged
 * record, which `cleanStagedModels` (run at startup and when a model feature opens) deletes. While
 * an import runs it holds a Web Lock named after its record, so another tab's cleanup skips it.
 * `importStagedBy` lets another context write the staged record (the store worker reads the
 * picked File objects, checks and stages them: src/bridge/store.ts `stageModelFiles`).
 * The model workers read a record's files themselves (`loadModelFiles`, given the record id by the
 * page): a model's bytes never pass through the page, neither on import nor when reopened.
 */
import { getDB, guardWrite, newId } from './db';
import type { BlobRecord, ModelRecord } from './schema';
import { blobBytes, blobRecord } from './blobs';

export const ACTIVE_CLIP_KEY = 'clip.activeModel';

export async function saveModel(
  kind: ModelRecord['kind'],
  name: string,
  files: Record<string, ArrayBuffer>,
  opts: { id?: string; staging?: boolean } = {},
): Promise<ModelRecord> {
  const now = Date.now();
  const blobs: BlobRecord[] = [];
  const map: Record<string, string> = {};
  for (const [path, bytes] of Object.entries(files)) {
    const b = blobRecord('application/octet-stream', bytes, now);
    blobs.push(b);
    map[path] = b.id;
  }
  const rec: ModelRecord = {
    id: opts.id ?? newId(),
    kind,
    name,
    files: map,
    createdAt: now,
    ...(opts.staging ? { staging: true as const } : {}),
  };
  const db = await getDB();
  await guardWrite(
    async () => {
      const tx = db.transaction(['models', 'blobs'], 'readwrite');
      for (const b of blobs) void tx.objectStore('blobs').put(b);
      void tx.objectStore('models').put(rec);
      await tx.done;
    },
    { store: 'models' },
  );
  return rec;
}

export async function listModels(kind?: ModelRecord['kind']): Promise<ModelRecord[]> {
  const all = await (await getDB()).getAll('models');
  return all.filter((m) => !m.staging && (!kind || m.kind === kind)).sort((a, b) => a.createdAt - b.createdAt);
}

export async function getModel(id: string): Promise<ModelRecord | undefined> {
  return (await getDB()).get('models', id);
}

/** A file of a stored model whose blob is gone (`path`: its path in the folder). */
export class MissingModelFileError extends Error {
  constructor(readonly path: string) {
    super(`Model file ${path} is missing from storage`);
    this.name = 'MissingModelFileError';
  }
}

/**
 * The files of an imported model (path → bytes); throws `MissingModelFileError` if a blob is
 * missing. Called by the model workers (workers/models/stored-model.ts), never on the page: a
 * model's bytes never pass through the page. One read per file, each in its own transaction (no
 * transaction is held open while hundreds of MB are read; a model's blobs are never rewritten,
 * so separate reads see the same files).
 */
export async function loadModelFiles(rec: ModelRecord): Promise<Record<string, ArrayBuffer>> {
  const db = await getDB();
  const out: Record<string, ArrayBuffer> = {};
  for (const [path, id] of Object.entries(rec.files)) {
    const b = await db.get('blobs', id);
    if (!b) throw new MissingModelFileError(path);
    out[path] = await blobBytes(b);
  }
  return out;
}

/** One (small) file of a stored model, e.g. its config.json; undefined when the folder has none or its blob is gone. */
export async function readModelFile(rec: ModelRecord, path: string): Promise<ArrayBuffer | undefined> {
  const id = rec.files[path];
  const b = id ? await (await getDB()).get('blobs', id) : undefined;
  return b ? blobBytes(b) : undefined;
}

export async function deleteModel(id: string): Promise<void> {
  const db = await getDB();
  await guardWrite(
    async () => {
      const tx = db.transaction(['models', 'blobs'], 'readwrite');
      const rec = await tx.objectStore('models').get(id);
      if (rec) {
        for (const b of Object.values(rec.files)) void tx.objectStore('blobs').delete(b);
        void tx.objectStore('models').delete(id);
      }
      await tx.done;
    },
    { store: 'models' },
  );
}

/** What the switch-in transaction of a staged import does besides clearing the mark. */
export interface ModelCommit {
  /** Setting that names the active model of the feature; set to the new record's id. */
  activeKey: string;
  /** Records (with their blobs) deleted in the same transaction, e.g. the one imported model kept before. */
  replace?: string[];
}

const LOCK_PREFIX = 'toonsmith.model-import.';

/** Runs `fn` holding the import's Web Lock (where the browser has Web Locks; else just runs it). */
async function withImportLock<T>(id: string, fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return fn();
  return locks.request(LOCK_PREFIX + id, fn) as Promise<T>;
}

/**
 * Staged import: writes `files` aside (a `staging` record), awaits `validate(record)` (load the
 * model, check its graphs and config), then switches it in with one transaction (`commit`).
 * Throws what `validate` threw after deleting the staged record and its blobs; the active model
 * and every other record are untouched.
 */
export async function importStaged(
  kind: ModelRecord['kind'],
  name: string,
  files: Record<string, ArrayBuffer>,
  validate: (staged: ModelRecord) => Promise<void>,
  commit: ModelCommit,
): Promise<ModelRecord> {
  return importStagedBy((id) => saveModel(kind, name, files, { id, staging: true }), validate, commit);
}

/**
 * `importStaged` whose staging write is `stage(id)`: it must write the folder as a `staging`
 * record under `id` (`saveModel(…, { id, staging: true })`), e.g. in the store worker
 * (workers/store.worker.ts), so the page never reads or copies the files. The Web Lock is held
 * here, by the calling page, from before the staging write to the end. Whatever fails (the
 * staging itself, e.g. a refused folder or a cancel, `validate`, the commit) deletes the staged
 * record and its blobs, if written, and is thrown.
 */
export async function importStagedBy(
  stage: (id: string) => Promise<ModelRecord>,
  validate: (staged: ModelRecord) => Promise<void>,
  commit: ModelCommit,
): Promise<ModelRecord> {
  const id = newId();
  return withImportLock(id, async () => {
    try {
      const staged = await stage(id);
      await validate(staged);
      return await commitModel(id, commit);
    } catch (e) {
      await deleteModel(id).catch(() => undefined);
      throw e;
    }
  });
}

/** The switch-in transaction: staged record → kept, active setting → it, replaced records gone. */
export async function commitModel(id: string, commit: ModelCommit): Promise<ModelRecord> {
  const db = await getDB();
  return guardWrite(async () => {
    const tx = db.transaction(['models', 'blobs', 'settings'], 'readwrite');
    const models = tx.objectStore('models');
    const rec = await models.get(id);
    if (!rec?.staging) {
      tx.abort();
      await tx.done.catch(() => undefined);
      throw new Error(`The imported model ${id} is no longer staged`);
    }
    const { staging: _, ...kept } = rec;
    void models.put(kept);
    void tx.objectStore('settings').put({ key: commit.activeKey, value: id });
    for (const old of commit.replace ?? []) {
      if (old === id) continue;
      const r = await models.get(old);
      if (!r) continue;
      for (const b of Object.values(r.files)) void tx.objectStore('blobs').delete(b);
      void models.delete(old);
    }
    await tx.done;
    return kept;
  });
}

/**
 * Deletes staged records left by an import that never finished (a closed or killed tab), with
 * their blobs, in one transaction; records whose import still runs in another tab (its Web Lock
 * is held) are kept. Returns how many were deleted.
 */
export async function cleanStagedModels(): Promise<number> {
  const db = await getDB();
  const staged = (await db.getAll('models')).filter((m) => m.staging);
  if (staged.length === 0) return 0;
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  const held = new Set(locks ? ((await locks.query()).held ?? []).map((l) => l.name) : []);
  const stale = staged.filter((m) => !held.has(LOCK_PREFIX + m.id));
  if (stale.length === 0) return 0;
  await guardWrite(async () => {
    const tx = db.transaction(['models', 'blobs'], 'readwrite');
    for (const m of stale) {
      const r = await tx.objectStore('models').get(m.id);
      if (!r?.staging) continue;
      for (const b of Object.values(r.files)) void tx.objectStore('blobs').delete(b);
      void tx.objectStore('models').delete(m.id);
    }
    await tx.done;
  });
  return stale.length;
}
