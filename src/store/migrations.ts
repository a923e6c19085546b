/**
 * IndexedDB migrations, applied by oldVersion inside the versionchange transaction.
 *
 * Invariants: each step only creates stores/indexes (never reads or rewrites records), so an
 * upgrade keeps every record of the earlier version. Steps run in order from `oldVersion + 1`
 * up to `newVersion`; add a new `if (oldVersion < N && newVersion >= N)` block for version N.
 *
 * v1: projects (+updatedAt), panels (+projectId), blobs, settings.
 * v2: hints (+panelId), palettes (+projectId), references (+modelId), vectorChunks (+modelId), models.
 */
import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { ToonDB } from './schema';

export const DB_VERSION = 2;

type UpgradeTx = IDBPTransaction<ToonDB, StoreNames<ToonDB>[], 'versionchange'>;

export function migrate(db: IDBPDatabase<ToonDB>, oldVersion: number, newVersion: number, _tx?: UpgradeTx): void {
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
}
