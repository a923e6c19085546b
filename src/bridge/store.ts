/**
 * Main-thread client of the store worker (workers/store.worker.ts): store work too heavy for the
 * page (issue 18). AbortSignal first (worker-bridge.ts). The worker is told this tab's id on
 * start, so its writes are announced to other tabs as this tab's (src/store/changes.ts); the
 * caller refreshes its own view.
 *
 * Three lanes, each its own worker instance (jobs in one lane run one at a time): `restore` for
 * backup restores, `read` for image reads, `model` for model-folder imports, so a long restore
 * or import never holds up thumbnails.
 */
import { proxy } from 'comlink';
import { createWorkerBridge, type WorkerBridge } from './worker-bridge';
import { StripError } from './image';
import { changeTab } from '../store/changes';
import { announceLibraryChange } from '../store/references';
import type { Restored } from '../store/backup';
import type { ReferenceRecord } from '../store/schema';
import type { RestoreAnswer, StoreApi } from '../../workers/store.worker';
import type { ModelEntry, StageAnswer, StageProgress } from '../../workers/store/model-files';

export type { ModelEntry, StageAnswer, StageProgress };

type Remote = Parameters<Parameters<WorkerBridge<StoreApi>['run']>[1]>[0];

function lane(name: string): <T>(signal: AbortSignal | undefined, job: (api: Remote) => Promise<T>) => Promise<T> {
  let started = false;
  const bridge = createWorkerBridge<StoreApi>(() => {
    started = false;
    return new Worker(new URL('../../workers/store.worker.ts', import.meta.url), {
      type: 'module',
      name: `store-${name}`,
    });
  });
  return (signal, job) =>
    bridge.run(signal, async (api) => {
      if (!started) {
        await api.init(changeTab());
        started = true;
      }
      return job(api);
    });
}

const restoreLane = lane('restore');
const readLane = lane('read');
const modelLane = lane('model');

/**
 * Unpacks, validates and writes a backup file in the worker (one transaction, fresh ids — see
 * src/store/backup.ts). A refused file throws `StripError` (its code translated by the UI); a
 * full quota throws an error named `StorageFullError`. Nothing is written in either case.
 */
export async function restoreBackupFile(
  signal: AbortSignal | undefined,
  file: Blob,
): Promise<Restored & { leftOut: string[] }> {
  const r = await restoreLane<RestoreAnswer>(signal, async (api) => await api.restoreBackup(file));
  if (!r.ok) throw new StripError(r.code, r.detail);
  // The worker announced the write to other tabs; this tab's library views listen here.
  if (r.referencesAdded > 0) announceLibraryChange();
  return { project: r.project, referencesAdded: r.referencesAdded, leftOut: r.leftOut };
}

/** Stored images `ids` as DOM Blobs, read in the worker (missing ids throw). */
export function readImageBlobs(signal: AbortSignal | undefined, ids: string[]): Promise<Blob[]> {
  return readLane<Blob[]>(signal, async (api) => await api.imageBlobs(ids));
}

/**
 * Thumbnails of stored panel images `ids` (src/store/panel-thumbs.ts), in order: stored ones, and
 * missing ones made from the image and stored in the worker; null for an image that is gone or
 * cannot be decoded.
 */
export function readPanelThumbnails(signal: AbortSignal | undefined, ids: string[]): Promise<(Blob | null)[]> {
  return readLane<(Blob | null)[]>(signal, async (api) => await api.panelThumbnails(ids));
}

/**
 * Thumbnails for references that have none yet, made and stored in the worker (originals never
 * decoded on the page); answers the updated records (references that got one).
 */
export function makeReferenceThumbnails(signal: AbortSignal | undefined, ids: string[]): Promise<ReferenceRecord[]> {
  return readLane<ReferenceRecord[]>(signal, async (api) => await api.referenceThumbnails(ids));
}

/**
 * Reads, checks and stages a picked model folder in the worker (workers/store/model-files.ts)
 * under record `id` — call it as the `stage` of `importStagedBy` (src/store/models.ts), which
 * holds the import's lock and deletes the record if anything fails. Answers the staged record
 * (no bytes: the model worker reads them from the store by its id), or why the folder was
 * refused (nothing written). `onProgress(done, total, path)` while files are read.
 */
export function stageModelFiles(
  signal: AbortSignal | undefined,
  id: string,
  kind: 'diffusion' | 'clip',
  name: string,
  entries: ModelEntry[],
  onProgress?: StageProgress,
): Promise<StageAnswer> {
  return modelLane<StageAnswer>(
    signal,
    async (api) => await api.stageModel(id, kind, name, entries, onProgress ? proxy(onProgress) : undefined),
  );
}
