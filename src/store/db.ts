/**
 * The one IndexedDB connection (idb, typed by `ToonDB` in schema.ts).
 *
 * - `getDB()` opens (and upgrades via migrations.ts) once and caches the connection.
 * - Another tab asking for a newer version (`blocking`): we close ours so it can upgrade; the
 *   next `getDB()` reopens. Our upgrade held up by an older tab (`blocked`) and a connection the
 *   browser closed (`terminated`) are reported on `dbEvents` for the shell to show.
 * - `StorageFullError`: a write that hit the quota. Writes go through one transaction each, so a
 *   failed write leaves nothing half-written (the transaction aborts as a whole). EVERY write
 *   goes through `guardWrite`, which also tells other tabs what changed (changes.ts) once the
 *   transaction committed.
 * - `MissingRecordError`: a write about a record that is gone (deleted in another tab, or a
 *   stale view); features show it translated (src/app/store-errors.ts), never the raw id.
 */
import { openDB, type IDBPDatabase } from 'idb';
import { DB_NAME, type ToonDB } from './schema';
import { DB_VERSION, migrate } from './migrations';
import { announceChanges, type StoreChange } from './changes';

export { DB_VERSION };

export type DBEvent = 'blocked' | 'blocking' | 'terminated';
/** Fires `CustomEvent<DBEvent>` named 'db' when the connection is blocked/closed. */
export const dbEvents = new EventTarget();

let dbPromise: Promise<IDBPDatabase<ToonDB>> | undefined;

function emit(kind: DBEvent): void {
  dbEvents.dispatchEvent(new CustomEvent<DBEvent>('db', { detail: kind }));
}

export function getDB(): Promise<IDBPDatabase<ToonDB>> {
  if (!dbPromise) {
    const opening: Promise<IDBPDatabase<ToonDB>> = openDB<ToonDB>(DB_NAME, DB_VERSION, {
      upgrade(db, oldVersion, newVersion, tx) {
        migrate(db, oldVersion, newVersion ?? DB_VERSION, tx);
      },
      blocked() {
        emit('blocked');
      },
      blocking() {
        void opening.then((db) => db.close());
        if (dbPromise === opening) dbPromise = undefined;
        emit('blocking');
      },
      terminated() {
        if (dbPromise === opening) dbPromise = undefined;
        emit('terminated');
      },
    });
    dbPromise = opening;
    opening.catch(() => {
      if (dbPromise === opening) dbPromise = undefined;
    });
  }
  return dbPromise;
}

/** Closes the cached connection (tests, site-data reset). */
export async function closeDB(): Promise<void> {
  const p = dbPromise;
  dbPromise = undefined;
  if (p) (await p.catch(() => undefined))?.close();
}

/** A write refused because the browser's storage quota is used up. Nothing was written. */
export class StorageFullError extends Error {
  readonly code = 'storage-full';
  constructor(cause?: unknown) {
    super('Storage is full', { cause });
    this.name = 'StorageFullError';
  }
}

export function isQuotaError(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const name = (e as { name?: unknown }).name;
  const inner = (e as { inner?: unknown; cause?: unknown }).cause;
  return name === 'QuotaExceededError' || (inner !== undefined && inner !== e && isQuotaError(inner));
}

/** What a write was about, for `MissingRecordError`. */
export type RecordKind = 'project' | 'panel' | 'reference' | 'model' | 'palette';

/** A write refused because its record is gone (deleted in another tab); nothing was written. */
export class MissingRecordError extends Error {
  readonly code = 'missing';
  constructor(
    readonly kind: RecordKind,
    readonly id: string,
  ) {
    super(`No ${kind} ${id}`);
    this.name = 'MissingRecordError';
  }
}

/**
 * Runs a write, turning a quota failure into `StorageFullError`; after it succeeded, tells other
 * tabs what changed (`changes`, or the list the write returned when `changes` is a function).
 */
interface Abortable {
  abort(): void;
  readonly done?: Promise<void>;
}

/**
 * Marks a transaction as part of a guarded write: if the write throws after it queued requests
 * (a put refused synchronously, a check that fails after deletes were queued), the transaction is
 * aborted so NOTHING of it commits.
 */
export type TrackTx = <X extends Abortable>(tx: X) => X;

export async function guardWrite<T>(
  write: (track: TrackTx) => Promise<T>,
  changes?: StoreChange | readonly StoreChange[] | ((result: T) => StoreChange | readonly StoreChange[]),
): Promise<T> {
  const txs: Abortable[] = [];
  let result: T;
  try {
    result = await write((tx) => (txs.push(tx), tx));
  } catch (e) {
    for (const tx of txs) {
      tx.done?.catch(() => undefined);
      try {
        tx.abort();
      } catch {
        /* already committed or aborted */
      }
    }
    if (isQuotaError(e)) throw new StorageFullError(e);
    throw e;
  }
  if (changes) announceChanges(typeof changes === 'function' ? changes(result) : changes);
  return result;
}

export function newId(): string {
  return crypto.randomUUID();
}
