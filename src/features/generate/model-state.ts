/**
 * The Generate feature's diffusion model: imported once from a folder, remembered in IndexedDB
 * (models store, kind 'diffusion'; setting `diffusion.activeModel`) and restored after a reload.
 * A folder is stored only after the worker has loaded and validated every graph; a malformed one
 * (missing files, mismatched graphs) is refused with the reason and nothing is stored.
 * `ensureLoaded` reloads the stored model when the worker lost it (idle shutdown, hard cancel).
 */
import { loadDiffusionModel, loadedDiffusionModel, type ModelInfo } from '../../bridge/diffusion';
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
let current: { info: ModelInfo; files: Record<string, Uint8Array>; choice: BackendChoice } | undefined;
let choice: BackendChoice = 'auto';

const opts = () => (choice === 'auto' ? {} : { backend: choice });

export async function backendChoice(): Promise<BackendChoice> {
  choice = await getSetting<BackendChoice>(BACKEND_KEY, 'auto');
  return choice;
}

/** Remembers the backend choice; the next `ensureLoaded` reloads the model with it. */
export async function setBackendChoice(next: BackendChoice): Promise<void> {
  choice = next;
  await setSetting(BACKEND_KEY, next);
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
  const info = await loadDiffusionModel(signal, { kind: 'files', name, files }, opts(), onProgress);
  const old = await listModels('diffusion');
  const buffers = Object.fromEntries(
    Object.entries(files).map(([p, b]) => [p, b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer]),
  );
  const rec = await saveModel('diffusion', name, buffers);
  await setSetting(ACTIVE_DIFFUSION_KEY, rec.id);
  for (const m of old) await deleteModel(m.id); // one imported diffusion folder is kept
  set({ info, files, choice });
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
  const info = await loadDiffusionModel(signal, { kind: 'files', name: rec.name, files }, opts(), onProgress);
  set({ info, files, choice });
  return info;
}

/** Makes sure the worker holds the model (it may have been shut down since). */
export async function ensureLoaded(signal: AbortSignal): Promise<ModelInfo> {
  if (!current) throw new Error('no model');
  const loaded = await loadedDiffusionModel(signal);
  if (loaded && loaded.name === current.info.name && current.choice === choice) return loaded;
  const info = await loadDiffusionModel(signal, { kind: 'files', name: current.info.name, files: current.files }, opts());
  set({ info, files: current.files, choice });
  return info;
}
