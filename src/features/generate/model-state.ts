/**
 * The Generate feature's diffusion model: imported once from a folder, remembered in IndexedDB
 * (models store, kind 'diffusion'; setting `diffusion.activeModel`) and restored after a reload.
 * A folder is stored only after the worker has loaded and validated every graph; a malformed one
 * (missing files, mismatched graphs) is refused with the reason and nothing is stored.
 * `ensureLoaded` reloads the stored model when the worker lost it (idle shutdown, hard cancel).
 * After a lost WebGPU device (`noteGpuLoss`) this page runs the model on WASM until a backend is
 * chosen again (which restarts the worker, so WebGPU gets a fresh device) or the page reloads.
 */
import { loadDiffusionModel, loadedDiffusionModel, unloadDiffusionModel, type ModelInfo } from '../../bridge/diffusion';
import { deleteModel, getModel, listModels, loadModelFiles, saveModel } from '../../store/models';
import { getSetting, setSetting } from '../../store/settings';
import type { Backend, LoadProgress } from '../../../workers/diffusion/types';
import { checkDiffusionFolder } from './model-folder';

export const ACTIVE_DIFFUSION_KEY = 'diffusion.activeModel';
export const BACKEND_KEY = 'diffusion.backend';

/** 'auto': WebGPU on a hardware adapter, WASM when the only WebGPU adapter is software (the worker decides). */
export type BackendChoice = 'auto' | Backend;

export class FolderProblem extends Error {
  constructor(readonly missing: string[]) {
    super(`missing ${missing.join(', ')}`);
    this.name = 'FolderProblem';
  }
}

type Listener = (info: ModelInfo | undefined) => void;
const listeners = new Set<Listener>();
let current: { info: ModelInfo; files: Record<string, Uint8Array>; load: string } | undefined;
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
  return current?.info;
}

/** Calls `cb` now and on every model change; returns the unsubscribe function. */
export function onModel(cb: Listener): () => void {
  listeners.add(cb);
  cb(current?.info);
  return () => listeners.delete(cb);
}

function set(next: typeof current): void {
  current = next;
  for (const cb of listeners) cb(next?.info);
}

/** Checks, loads (validating the graphs) and then stores an imported folder. */
export async function importFolder(
  signal: AbortSignal,
  name: string,
  input: Record<string, Uint8Array>,
  onProgress?: (p: LoadProgress) => void,
): Promise<ModelInfo> {
  const { problems, files } = checkDiffusionFolder(input);
  if (problems.length) throw new FolderProblem(problems);
  const info = mark(await loadDiffusionModel(signal, { kind: 'files', name, files }, opts(), onProgress));
  const old = await listModels('diffusion');
  const buffers = Object.fromEntries(
    Object.entries(files).map(([p, b]) => [p, b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer]),
  );
  const rec = await saveModel('diffusion', name, buffers);
  await setSetting(ACTIVE_DIFFUSION_KEY, rec.id);
  for (const m of old) await deleteModel(m.id); // one imported diffusion folder is kept
  set({ info, files, load: loadKey() });
  return info;
}

/** Loads the remembered folder (after a reload); undefined when none was imported. */
export async function restoreModel(signal: AbortSignal, onProgress?: (p: LoadProgress) => void): Promise<ModelInfo | undefined> {
  if (current) return current.info;
  const id = await getSetting<string | null>(ACTIVE_DIFFUSION_KEY, null);
  const rec = id ? await getModel(id) : undefined;
  if (!rec) return undefined;
  const raw = await loadModelFiles(rec);
  const files = Object.fromEntries(Object.entries(raw).map(([p, b]) => [p, new Uint8Array(b)]));
  await backendChoice();
  const info = mark(await loadDiffusionModel(signal, { kind: 'files', name: rec.name, files }, opts(), onProgress));
  set({ info, files, load: loadKey() });
  return info;
}

/** Makes sure the worker holds the model (it may have been shut down since). */
export async function ensureLoaded(signal: AbortSignal): Promise<ModelInfo> {
  if (!current) throw new Error('no model');
  const loaded = await loadedDiffusionModel(signal);
  if (loaded && loaded.name === current.info.name && current.load === loadKey()) return mark(loaded);
  const info = mark(await loadDiffusionModel(signal, { kind: 'files', name: current.info.name, files: current.files }, opts()));
  set({ info, files: current.files, load: loadKey() });
  return info;
}
