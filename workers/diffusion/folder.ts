/**
 * A model folder as a set of named files: served by the app (URL base) or imported by the user
 * (name → bytes, e.g. from IndexedDB blobs or a directory picker). Paths use '/'.
 */
import { fetchModel } from '../runtime/fetch-model';
import type { LoadProgress } from '../runtime/types';
import { ModelFolderError } from './validate';

export interface ModelFolder {
  readonly name: string;
  has(path: string): Promise<boolean>;
  bytes(path: string, onProgress?: (p: LoadProgress) => void): Promise<Uint8Array>;
  json(path: string): Promise<unknown>;
}

export class MissingFileError extends Error {
  constructor(folder: string, path: string) {
    super(`Model folder "${folder}" has no ${path}`);
    this.name = 'MissingFileError';
  }
}

function parseJson(folder: string, path: string, bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new Error(`Model folder "${folder}": ${path} is not valid JSON`);
  }
}

/** Files given as bytes (an imported folder). Leading folder names common to all files are kept. */
export function bytesFolder(name: string, files: ReadonlyMap<string, Uint8Array>): ModelFolder {
  const get = (p: string): Uint8Array => {
    const b = files.get(p);
    if (!b) throw new MissingFileError(name, p);
    return b;
  };
  return {
    name,
    has: async (p) => files.has(p),
    bytes: async (p) => get(p),
    json: async (p) => parseJson(name, p, get(p)),
  };
}

/**
 * A folder served over HTTP(S) from the app's origin. `manifest` lists the files that exist
 * (model_index.json's toonsmith.files plus the JSON configs), so `has` needs no request.
 */
export function urlFolder(name: string, base: URL, manifest?: ReadonlySet<string>): ModelFolder {
  const url = (p: string) => new URL(p, base.href.endsWith('/') ? base : new URL(base.href + '/'));
  return {
    name,
    has: async (p) => {
      if (manifest) return manifest.has(p);
      const r = await fetch(url(p), { method: 'HEAD' });
      return r.ok;
    },
    bytes: async (p, onProgress) => {
      try {
        return new Uint8Array(await fetchModel(url(p), { onProgress }));
      } catch (e) {
        if (e instanceof Error && /HTTP 404/.test(e.message)) throw new MissingFileError(name, p);
        throw e;
      }
    },
    json: async (p) => {
      const r = await fetch(url(p));
      if (!r.ok) throw new MissingFileError(name, p);
      return parseJson(name, p, new Uint8Array(await r.arrayBuffer()));
    },
  };
}

/**
 * A folder the app serves (e.g. the shipped /models/diffusion/toon-diffusion/): its
 * model_index.json is fetched first and its `toonsmith.files` (plus model_index.json) is the list
 * of files that exist, so asking for an absent variant (say unet/model.onnx of a folder that
 * ships only model_fp16.onnx) costs no request. Shipped files are precached by the service worker,
 * so this works offline.
 */
export async function servedFolder(name: string, base: URL): Promise<ModelFolder> {
  const res = await fetch(new URL('model_index.json', base.href.endsWith('/') ? base : base.href + '/'));
  if (!res.ok) throw new ModelFolderError(`Model folder "${name}": model_index.json not found (HTTP ${res.status})`);
  let index: { toonsmith?: { files?: Record<string, unknown> } };
  try {
    index = (await res.json()) as typeof index;
  } catch {
    throw new ModelFolderError(`Model folder "${name}": model_index.json is not valid JSON`);
  }
  const files = new Set(Object.keys(index.toonsmith?.files ?? {}));
  files.add('model_index.json');
  return urlFolder(name, base, files);
}
