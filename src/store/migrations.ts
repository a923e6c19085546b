/**
 * IndexedDB migrations, applied by oldVersion inside the versionchange transaction.
 *
 * Invariants: an upgrade keeps every record of the earlier version. Steps run in order from
 * `oldVersion + 1` up to `newVersion`; add a new `if (oldVersion < N && newVersion >= N)` block for
 * version N. A step that moves records does it with requests on the upgrade transaction itself, so
 * the move and the version change commit together or not at all (a failed request aborts the
 * upgrade and the database stays at its old version, every record where it was).
 *
 * v1: projects (+updatedAt), panels (+projectId), blobs, settings.
 * v2: hints (+panelId), palettes (+projectId), references (+modelId), vectorChunks (+modelId), models.
 * v3: stories (key projectId), storyboards (key projectId), characters (key id, +projectId). The
 *     settings records `story:<projectId>`, `storyboard:<projectId>` and `characters:<projectId>`
 *     move into them and their keys are deleted (`moveGenerateSettings`); a record of an
 *     unexpected shape (never written by the app) stays in settings untouched.
 * v4: thumbs (key = the image's blob id): panel thumbnails, derived (made on first show).
 * v5: every `blobs` record holds its bytes as a Blob (`blob`) instead of an inline ArrayBuffer
 *     (`bytes`, or `large` for model files over 64 MiB): rewritten in place, same id, type and
 *     createdAt, the same bytes (`blobsAsBlobs`). A record already in the new shape is left alone.
 */
import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { BlobRecord, LegacyBlobRecord, ToonDB } from './schema';
import type { CharacterRecord } from './characters';
import type { StoryDraft } from './story';
import type { StoryBoard } from './storyboard';

export const DB_VERSION = 5;

type UpgradeTx = IDBPTransaction<ToonDB, StoreNames<ToonDB>[], 'versionchange'>;

export function migrate(db: IDBPDatabase<ToonDB>, oldVersion: number, newVersion: number, tx?: UpgradeTx): void {
  if (oldVersion < 1 && newVersion >= 1) {
    const projects = db.createObjectStore('projects', { keyPath: 'id' });
    projects.createIndex('updatedAt', 'updatedAt');
    const panels = db.createObjectStore('panels', { keyPath: 'id' });
    panels.createIndex('projectId', 'projectId');
    db.createObjectStore('blobs', { keyPath: 'id' });
    db.createObjectStore('settings', { keyPath: 'key' });
  }
  if (oldVersion < 2 && newVersion >= 2) {
    db.createObjectStore('hints', { keyPath: 'id' }).createIndex('panelId', 'panelId');
    db.createObjectStore('palettes', { keyPath: 'id' }).createIndex('projectId', 'projectId');
    db.createObjectStore('references', { keyPath: 'id' }).createIndex('modelId', 'modelId');
    db.createObjectStore('vectorChunks', { keyPath: 'id' }).createIndex('modelId', 'modelId');
    db.createObjectStore('models', { keyPath: 'id' });
  }
  if (oldVersion < 3 && newVersion >= 3) {
    if (!tx) throw new Error('The v3 upgrade moves records: it needs the upgrade transaction');
    db.createObjectStore('stories', { keyPath: 'projectId' });
    db.createObjectStore('storyboards', { keyPath: 'projectId' });
    db.createObjectStore('characters', { keyPath: 'id' }).createIndex('projectId', 'projectId');
    abortOnFailure(tx, moveGenerateSettings(tx));
  }
  if (oldVersion < 4 && newVersion >= 4) {
    db.createObjectStore('thumbs', { keyPath: 'id' });
  }
  if (oldVersion < 5 && newVersion >= 5 && oldVersion >= 1) {
    if (!tx) throw new Error('The v5 upgrade rewrites records: it needs the upgrade transaction');
    abortOnFailure(tx, blobsAsBlobs(tx));
  }
}

/** A step that moves records aborts the whole upgrade when one of its requests fails (see the top). */
function abortOnFailure(tx: UpgradeTx, step: Promise<void>): void {
  step.catch(() => {
    try {
      tx.abort();
    } catch {
      /* already aborted */
    }
  });
}

/**
 * v5: rewrites each `blobs` record as `{ id, type, blob, createdAt }`. One record at a time on a
 * cursor, so only one image's bytes are in memory at once.
 */
async function blobsAsBlobs(tx: UpgradeTx): Promise<void> {
  let cursor = await tx.objectStore('blobs').openCursor();
  while (cursor) {
    const old = cursor.value as unknown as LegacyBlobRecord | BlobRecord;
    if (!('blob' in old) || !(old.blob instanceof Blob)) {
      const legacy = old as LegacyBlobRecord;
      const blob =
        legacy.large instanceof Blob
          ? new Blob([legacy.large], { type: legacy.type })
          : new Blob([legacy.bytes], { type: legacy.type });
      const next: BlobRecord = { id: legacy.id, type: legacy.type, blob, createdAt: legacy.createdAt };
      await cursor.update(next);
    }
    cursor = await cursor.continue();
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * v3: moves story drafts, storyboards and character sheets out of settings (see the top). A
 * character id already used by another project's sheet gets a fresh one (ids are the new key).
 */
async function moveGenerateSettings(tx: UpgradeTx): Promise<void> {
  const stories = tx.objectStore('stories');
  const boards = tx.objectStore('storyboards');
  const characters = tx.objectStore('characters');
  const ids = new Set<string>();
  let cursor = await tx.objectStore('settings').openCursor();
  while (cursor) {
    const { key, value } = cursor.value;
    const cut = key.indexOf(':');
    const kind = cut > 0 ? key.slice(0, cut) : '';
    const projectId = key.slice(cut + 1);
    let moved = false;
    if ((kind === 'story' || kind === 'storyboard') && (value === null || value === undefined)) moved = true;
    else if (kind === 'story' && isObj(value) && Array.isArray(value.panels)) {
      await stories.put({ ...(value as unknown as StoryDraft), projectId });
      moved = true;
    } else if (kind === 'storyboard' && isObj(value) && Array.isArray(value.panels)) {
      await boards.put({ ...(value as unknown as StoryBoard), projectId });
      moved = true;
    } else if (
      kind === 'characters' &&
      Array.isArray(value) &&
      value.every((c) => isObj(c) && typeof c.id === 'string')
    ) {
      for (const [pos, c] of (value as CharacterRecord[]).entries()) {
        const id = ids.has(c.id) ? crypto.randomUUID() : c.id;
        ids.add(id);
        await characters.put({ ...c, id, projectId, pos });
      }
      moved = true;
    }
    if (moved) await cursor.delete();
    cursor = await cursor.continue();
  }
}
