/**
 * A model folder as a set of named files: served by the app (URL base) or imported by the user
 * (name → bytes: `storedFolder`, the record's blobs read from IndexedDB in the worker). Paths use '/'.
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
 * The paths of an imported folder as the loader reads them: a common top folder
 * ("sd-turbo/unet/model.onnx") is dropped, as bare paths are kept (the store worker's check
 * already strips it when importing; records stored before that may still carry it).
 */
export function folderPaths(names: readonly string[]): Map<string, string> {
  const top = names[0]?.split('/')[0];
  const strip =
    !!top &&
    names.every((p) => p.startsWith(`${top}/`)) &&
    !names.includes('model_index.json') &&
    names.some((p) => p === `${top}/scheduler/scheduler_config.json`);
  return new Map(names.map((p) => [strip ? p.slice(top.length + 1) : p, p]));
}

/** An imported folder read from the store (path → bytes, workers/models/stored-model.ts). */
export function storedFolder(name: string, files: Readonly<Record<string, ArrayBuffer>>): ModelFolder {
  const map = new Map<string, Uint8Array>();
  for (const [path, stored] of folderPaths(Object.keys(files))) map.set(path, new Uint8Array(files[stored]));
  return bytesFolder(name, map);
}

/**
 * A folder served over HTTP(S) from the app's origin. `manifest` lists the files that exist
 * (model_index.json's toonsmith.files plus the JSON configs), so `has` needs no request.
 */
export function urlFolder(
  name: string,
  base: URL,
  manifest?: ReadonlySet<string>,
  links: Readonly<Record<string, LinkedFile>> = {},
): ModelFolder {
  const url = (p: string) => new URL(p, base.href.endsWith('/') ? base : new URL(base.href + '/'));
  return {
    name,
    has: async (p) => {
      if (p in links) return true;
      if (manifest) return manifest.has(p);
      const r = await fetch(url(p), { method: 'HEAD' });
      return r.ok;
    },
    bytes: async (p, onProgress) => {
      const link = links[p];
      if (link) return linkedBytes(name, p, url(link.href), link, onProgress);
      try {
        return new Uint8Array(await fetchModel(url(p), { onProgress }));
      } catch (e) {
        if (e instanceof Error && /HTTP 404/.test(e.message)) throw new MissingFileError(name, p);
        throw e;
      }
    },
    json: async (p) => {
      const link = links[p];
      if (link) return parseJson(name, p, await linkedBytes(name, p, url(link.href), link));
      const r = await fetch(url(p));
      if (!r.ok) throw new MissingFileError(name, p);
      return parseJson(name, p, new Uint8Array(await r.arrayBuffer()));
    },
  };
}

/** A file (graph or JSON) the folder shares with another shipped model (model_index.json toonsmith.linked; export.py --link). */
export interface LinkedFile {
  href: string;
  bytes: number;
  sha256: string;
}

const hex = (b: ArrayBuffer) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');

/** Fetches a linked file and checks it is the very file the model was exported with. */
async function linkedBytes(
  folder: string,
  path: string,
  at: URL,
  link: LinkedFile,
  onProgress?: (p: LoadProgress) => void,
): Promise<Uint8Array> {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(await fetchModel(at, { onProgress }));
  } catch (e) {
    throw new ModelFolderError(
      `Model folder "${folder}": ${path} is shared with ${link.href}, which could not be loaded (${(e as Error).message})`,
    );
  }
  const digest = hex(await crypto.subtle.digest('SHA-256', bytes));
  if (bytes.byteLength !== link.bytes || digest !== link.sha256) {
    throw new ModelFolderError(
      `Model folder "${folder}": ${path} is shared with ${link.href}, but that file changed since the model was exported ` +
        `(sha256 ${digest.slice(0, 12)}…, expected ${link.sha256.slice(0, 12)}…): the model would be conditioned on a different ${path.startsWith('tokenizer/') ? 'tokenizer' : 'text encoder'}`,
    );
  }
  return bytes;
}

function parseLinks(folder: string, v: unknown): Record<string, LinkedFile> {
  if (v === undefined) return {};
  const out: Record<string, LinkedFile> = {};
  const ok = typeof v === 'object' && v !== null && !Array.isArray(v);
  for (const [p, l] of Object.entries(ok ? (v as Record<string, unknown>) : {})) {
    const x = l as Partial<LinkedFile> | null;
    if (
      !x ||
      typeof x.href !== 'string' ||
      typeof x.bytes !== 'number' ||
      typeof x.sha256 !== 'string' ||
      !/^[0-9a-f]{64}$/u.test(x.sha256)
    ) {
      throw new ModelFolderError(
        `Model folder "${folder}": model_index.json toonsmith.linked["${p}"] needs href, bytes and sha256`,
      );
    }
    out[p] = { href: x.href, bytes: x.bytes, sha256: x.sha256 };
  }
  if (!ok) throw new ModelFolderError(`Model folder "${folder}": model_index.json toonsmith.linked must be an object`);
  return out;
}

/**
 * A folder the app serves (e.g. the shipped /models/diffusion/toon-diffusion/): its
 * model_index.json is fetched first and its `toonsmith.files` (plus model_index.json) is the list
 * of files that exist, so asking for an absent variant (say unet/model.onnx of a folder that
 * ships only model_fp16.onnx) costs no request. Shipped files are precached by the service worker,
 * so this works offline. `toonsmith.linked` maps a path to a file another shipped model serves
 * (toon-diffusion's text encoder is Toon-CLIP's text tower, its tokenizer.json Toon-CLIP's):
 * fetched from there (by `bytes` and `json`), refused unless its size and sha256 are the ones
 * recorded at export.
 */
export async function servedFolder(name: string, base: URL): Promise<ModelFolder> {
  const res = await fetch(new URL('model_index.json', base.href.endsWith('/') ? base : base.href + '/'));
  if (!res.ok) throw new ModelFolderError(`Model folder "${name}": model_index.json not found (HTTP ${res.status})`);
  let index: { toonsmith?: { files?: Record<string, unknown>; linked?: unknown } };
  try {
    index = (await res.json()) as typeof index;
  } catch {
    throw new ModelFolderError(`Model folder "${name}": model_index.json is not valid JSON`);
  }
  const files = new Set(Object.keys(index.toonsmith?.files ?? {}));
  files.add('model_index.json');
  return urlFolder(name, base, files, parseLinks(name, index.toonsmith?.linked));
}
