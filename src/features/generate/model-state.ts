/**
 * The Generate feature's diffusion model. By default the shipped one (Toon-Diffusion, a weak first
 * model: /models/diffusion/toon-diffusion/, same origin, precached by the service worker, so it
 * loads offline). The user may import a Stable-Diffusion-style folder instead. The import is staged
 * (src/store/models.ts importStagedBy; reading, checking and staging run in the store worker,
 * src/bridge/store.ts): files and config numbers are checked (`checkDiffusionFolder`,
 * absurd sizes refused with a code: ConfigProblem), the folder is written aside as a staging record
 * (never active), loaded and validated by the worker, and then ONE transaction keeps it, makes it
 * active and deletes the folder imported before (one kept). A failed or interrupted import leaves
 * the previous model active and nothing stored (a staging record left by a closed tab is deleted
 * on the next start). They can switch back to the shipped model and to the imported one again.
 * The page never holds an imported model's bytes: the worker is given the record id
 * (`{ kind: 'stored', id }`) and reads the files from IndexedDB itself, on import and on reopen.
 * Setting `diffusion.activeModel`: 'shipped' (or unset) or the imported record's id; restored on
 * the next visit (an imported record that is gone falls back to the shipped model).
 * A malformed folder (missing files, mismatched graphs) is refused with the reason, nothing is
 * stored and the active model stays. `ensureLoaded` reloads the active model when the worker lost
 * it (idle shutdown, hard cancel) or holds another one.
 * After a lost WebGPU device (`noteGpuLoss`) this page runs the model on WASM until a backend is
 * chosen again (which restarts the worker, so WebGPU gets a fresh device) or the page reloads.
 */
import {
  loadDiffusionModel,
  loadedDiffusionModel,
  unloadDiffusionModel,
  type ModelInfo,
  type ModelSource,
} from '../../bridge/diffusion';
import { modelZipText } from '../../app/model-zip-errors';
import { cleanStagedModels, getModel, importStagedBy, listModels } from '../../store/models';
import { stageModelFiles, type ModelEntry, type StageProgress } from '../../bridge/store';
import type { BoundsProblem } from '../../../workers/diffusion/validate';
import { getSetting, setSetting } from '../../store/settings';
import type { Backend, LoadProgress } from '../../../workers/diffusion/types';

export const ACTIVE_DIFFUSION_KEY = 'diffusion.activeModel';
export const BACKEND_KEY = 'diffusion.backend';
/** `diffusion.activeModel` value of the shipped model. */
export const SHIPPED_ID = 'shipped';
/** The shipped model's folder name (ModelInfo.name) and where the app serves it. */
export const SHIPPED_NAME = 'toon-diffusion';
export const SHIPPED_PATH = 'models/diffusion/toon-diffusion/';

/** The model the view shows: the shipped one or the imported folder (its record id). */
export interface ActiveModel {
  kind: 'shipped' | 'imported';
  /** SHIPPED_ID, or the imported record's id. */
  id: string;
  info: ModelInfo;
}

/** 'auto': WebGPU on a hardware adapter, WASM when the only WebGPU adapter is software (the worker decides). */
export type BackendChoice = 'auto' | Backend;

export class FolderProblem extends Error {
  constructor(readonly missing: string[]) {
    super(`missing ${missing.join(', ')}`);
    this.name = 'FolderProblem';
  }
}

/** A picked model zip that cannot be unpacked (its message already in the user's language). */
export class ZipProblem extends Error {
  constructor(readonly text: string) {
    super(text);
    this.name = 'ZipProblem';
  }
}

/** Config numbers outside sane bounds (workers/diffusion/validate.ts DIFFUSION_BOUNDS). */
export class ConfigProblem extends Error {
  constructor(readonly problems: BoundsProblem[]) {
    super(problems.map((p) => `${p.code} is ${p.value} (${p.source}), allowed ${p.min}–${p.max}`).join('; '));
    this.name = 'ConfigProblem';
  }
}

type Listener = (model: ActiveModel | undefined) => void;
const listeners = new Set<Listener>();
let current: { active: ActiveModel; source: ModelSource; load: string } | undefined;
/**
 * The source the worker was last asked to load (jobs run in call order, so that is the model it
 * holds, if any): set when the load is queued, not when it ends, so two loads in flight (a restore
 * and an import) cannot leave this naming the wrong one.
 */
let held: ModelSource | undefined;
/** A restore in flight (the view may connect again before it ends). */
let restoring: Promise<ModelInfo | undefined> | undefined;
/** Bumped by every explicit choice (import, switch), so a restore still in flight does not override it. */
let epoch = 0;
let choice: BackendChoice = 'auto';
/** Why this page lost its WebGPU device (then every load is WASM); undefined while it has not. */
let gpuLost: string | undefined;

const opts = () => (gpuLost ? { backend: 'wasm' as const } : choice === 'auto' ? {} : { backend: choice });
/** The load options as a comparable string (ensureLoaded reloads when they changed). */
const loadKey = () => JSON.stringify(opts());
const mark = (info: ModelInfo): ModelInfo => (gpuLost && !info.gpuLost ? { ...info, gpuLost } : info);

export async function backendChoice(): Promise<BackendChoice> {
  choice = await getSetting<BackendChoice>(BACKEND_KEY, 'auto');
  return choice;
}

/**
 * Remembers the backend choice; the next `ensureLoaded` reloads the model with it. After a GPU
 * loss this is how WebGPU is tried again: the worker (whose ORT keeps the dead device) is restarted.
 */
export async function setBackendChoice(next: BackendChoice): Promise<void> {
  choice = next;
  if (gpuLost) {
    gpuLost = undefined;
    unloadDiffusionModel();
  }
  await setSetting(BACKEND_KEY, next);
}

/**
 * The WebGPU device was lost mid-run: the worker (whose ORT instance is stuck on the dead device)
 * is terminated and every later load of this page is WASM, so the next `ensureLoaded` loads the
 * model on WASM in a fresh worker.
 */
export function noteGpuLoss(reason: string): void {
  gpuLost = reason;
  unloadDiffusionModel();
}

export function modelInfo(): ModelInfo | undefined {
  return current?.active.info;
}

export function activeModel(): ActiveModel | undefined {
  return current?.active;
}

/** Calls `cb` now and on every model change; returns the unsubscribe function. */
export function onModel(cb: Listener): () => void {
  listeners.add(cb);
  cb(current?.active);
  return () => listeners.delete(cb);
}

function set(next: typeof current): void {
  current = next;
  for (const cb of listeners) cb(next?.active);
}

/** The shipped folder's URL (absolute: the worker resolves it against its own script URL otherwise). */
export function shippedBase(): string {
  return new URL(`${import.meta.env.BASE_URL}${SHIPPED_PATH}`, location.href).href;
}

const shippedSource = (): ModelSource => ({ kind: 'url', name: SHIPPED_NAME, base: shippedBase() });

/** Loads `source` into the worker (the key says which model it then holds). */
async function load(
  signal: AbortSignal,
  kind: ActiveModel['kind'],
  id: string,
  source: ModelSource,
  onProgress?: (p: LoadProgress) => void,
) {
  held = source;
  const info = mark(await loadDiffusionModel(signal, source, opts(), onProgress));
  return { active: { kind, id, info }, source, load: loadKey() };
}

/** An imported record as the worker loads it: by id (the worker reads its files from the store). */
const storedSource = (rec: { id: string; name: string }): ModelSource => ({
  kind: 'stored',
  name: rec.name,
  id: rec.id,
});

/** The imported folder kept in storage (one at most), whether active or not. */
export async function importedModel(): Promise<{ id: string; name: string } | undefined> {
  const all = await listModels('diffusion');
  const last = all[all.length - 1];
  return last ? { id: last.id, name: last.name } : undefined;
}

/**
 * Checks, stages, loads (validating graphs and numbers) and then switches in an imported folder.
 * The picked files (File handles with their relative paths) are read, checked
 * (`checkDiffusionFolder`) and staged in the store worker (src/bridge/store.ts), then the model
 * worker loads the staged record by its id, so the page never reads, copies or holds the bytes.
 * `onRead(done, total, path)` while the files are read.
 */
export async function importFolder(
  signal: AbortSignal,
  name: string,
  entries: ModelEntry[],
  onProgress?: (p: LoadProgress) => void,
  onRead?: StageProgress,
): Promise<ModelInfo> {
  let mine = -1;
  const old = await listModels('diffusion');
  let source: ModelSource | undefined;
  let info: ModelInfo | undefined;
  const rec = await importStagedBy(
    async (id) => {
      const r = await stageModelFiles(signal, id, 'diffusion', name, entries, onRead);
      if (!r.ok && r.kind === 'zip') throw new ZipProblem(modelZipText(r));
      if (!r.ok)
        throw r.kind === 'diffusion' && !r.problems.length
          ? new ConfigProblem(r.bounds)
          : new FolderProblem(r.problems);
      mine = ++epoch; // an accepted folder: a restore still in flight no longer sets its model
      source = storedSource(r.record);
      return r.record;
    },
    async () => {
      held = source;
      info = mark(await loadDiffusionModel(signal, source!, opts(), onProgress));
    },
    { activeKey: ACTIVE_DIFFUSION_KEY, replace: old.map((m) => m.id) }, // one imported diffusion folder is kept
  );
  if (!info || !source) throw new Error('the model did not load');
  if (mine === epoch) set({ active: { kind: 'imported', id: rec.id, info }, source, load: loadKey() });
  return info;
}

/** Makes the shipped model active (the imported folder, if any, stays stored). */
export async function useShipped(signal: AbortSignal, onProgress?: (p: LoadProgress) => void): Promise<ModelInfo> {
  const mine = ++epoch;
  const next = await load(signal, 'shipped', SHIPPED_ID, shippedSource(), onProgress);
  await setSetting(ACTIVE_DIFFUSION_KEY, SHIPPED_ID);
  if (mine === epoch) set(next);
  return next.active.info;
}

/** Makes the stored imported folder active again. */
export async function useImported(signal: AbortSignal, onProgress?: (p: LoadProgress) => void): Promise<ModelInfo> {
  const mine = ++epoch;
  const all = await listModels('diffusion');
  const rec = all[all.length - 1];
  if (!rec) throw new Error('No imported model folder is stored');
  const next = await load(signal, 'imported', rec.id, storedSource(rec), onProgress);
  await setSetting(ACTIVE_DIFFUSION_KEY, rec.id);
  if (mine === epoch) set(next);
  return next.active.info;
}

/**
 * Loads the remembered model on a visit: the imported folder if that was active and is still
 * stored, else the shipped model. A choice made meanwhile (import, switch) wins.
 */
export function restoreModel(
  signal: AbortSignal,
  onFallback?: (name: string, reason: unknown) => void,
  onProgress?: (p: LoadProgress) => void,
): Promise<ModelInfo | undefined> {
  if (current) return Promise.resolve(current.active.info);
  restoring ??= restore(signal, onFallback, onProgress).finally(() => (restoring = undefined));
  return restoring;
}

/** An imported folder that cannot be loaded any more is reported (`onFallback`) and the shipped model loaded instead. */
async function restore(
  signal: AbortSignal,
  onFallback?: (name: string, reason: unknown) => void,
  onProgress?: (p: LoadProgress) => void,
): Promise<ModelInfo | undefined> {
  const mine = epoch;
  await cleanStagedModels().catch(() => 0);
  await backendChoice();
  const id = await getSetting<string | null>(ACTIVE_DIFFUSION_KEY, null);
  const rec = id && id !== SHIPPED_ID ? await getModel(id) : undefined;
  let next: Awaited<ReturnType<typeof load>> | undefined;
  if (rec) {
    try {
      next = await load(signal, 'imported', rec.id, storedSource(rec), onProgress);
    } catch (e) {
      if (signal.aborted || (e as Error | undefined)?.name === 'AbortError') throw e;
      onFallback?.(rec.name, e);
    }
  }
  next ??= await load(signal, 'shipped', SHIPPED_ID, shippedSource(), onProgress);
  if (mine !== epoch || current) return current?.active.info;
  set(next);
  return next.active.info;
}

/** Makes sure the worker holds the active model (it may have been shut down or given another since). */
export async function ensureLoaded(signal: AbortSignal): Promise<ModelInfo> {
  if (!current) throw new Error('no model');
  const { active, source } = current;
  const loaded = await loadedDiffusionModel(signal);
  if (loaded && held === source && current.load === loadKey()) return mark(loaded);
  const next = await load(signal, active.kind, active.id, source);
  if (current?.active.id === active.id) set(next);
  return next.active.info;
}
