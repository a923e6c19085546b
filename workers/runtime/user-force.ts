/**
 * Reads the user's "Use WebGPU even on a software adapter" setting (settings store, key
 * FORCE_WEBGPU_SETTING) from inside a worker, with plain IndexedDB: the Status page writes it
 * through src/store/settings.ts; every model worker reads it here when it chooses a backend, so
 * no bridge has to pass it along. Read on every call (a flip applies to models loaded after it).
 *
 * Never creates or upgrades the app's database: opened without a version; if it does not exist yet
 * the upgrade is aborted (nothing is created) and the answer is false. The connection is closed
 * at once and gives way to an upgrading tab (`versionchange`). Never throws.
 */
import { DB_NAME } from '../../src/store/schema';
import { FORCE_WEBGPU_SETTING } from './choose-backend';

export function readUserForce(dbName: string = DB_NAME): Promise<boolean> {
  return new Promise((resolve) => {
    const idb = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
    if (!idb) return resolve(false);
    let req: IDBOpenDBRequest;
    try {
      req = idb.open(dbName);
    } catch {
      return resolve(false);
    }
    req.onupgradeneeded = () => req.transaction?.abort(); // no database yet: create none
    req.onerror = (e) => {
      e.preventDefault();
      resolve(false);
    };
    req.onblocked = () => resolve(false);
    req.onsuccess = () => {
      const db = req.result;
      db.onversionchange = () => db.close();
      const done = (v: boolean) => {
        db.close();
        resolve(v);
      };
      if (!db.objectStoreNames.contains('settings')) return done(false);
      try {
        const get = db.transaction('settings', 'readonly').objectStore('settings').get(FORCE_WEBGPU_SETTING);
        get.onsuccess = () => done((get.result as { value?: unknown } | undefined)?.value === true);
        get.onerror = (e) => {
          e.preventDefault();
          done(false);
        };
      } catch {
        done(false);
      }
    };
  });
}
