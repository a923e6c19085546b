/**
 * Main-thread client of the vectors worker (workers/vectors.worker.ts), which owns the reference
 * library's vector index and records. Every call takes an AbortSignal first (see
 * worker-bridge.ts); the worker is told this tab's id on start so its writes count as this tab's
 * (src/store/changes.ts). Vectors and image bytes are transferred, not copied.
 */
import { transfer } from 'comlink';
import { createWorkerBridge } from './worker-bridge';
import { changeTab } from '../store/changes';
import type { VectorsApi } from '../../workers/vectors.worker';
import type { DeletedReference, NewReference } from '../store/references';
import type {
  Filter,
  IndexModel,
  LibrarySummary,
  RefHit,
  SearchAnswer,
  Tagging,
} from '../../workers/vectors/library-index';
import type { HybridAnswer, HybridFilter } from '../core/search/hybrid';
import type { ReferenceRecord } from '../store/schema';

export type { Filter, IndexModel, LibrarySummary, RefHit, SearchAnswer, Tagging, HybridAnswer, HybridFilter };

let started = false;
/** The model last opened: a restarted worker (after cancel or idle) opens it again first. */
let current: IndexModel | undefined;
const bridge = createWorkerBridge<VectorsApi>(
  () => {
    started = false;
    return new Worker(new URL('../../workers/vectors.worker.ts', import.meta.url), { type: 'module', name: 'vectors' });
  },
  // The index stays in memory while the library is in use; an idle worker frees it (reloaded on the next call).
  { idleMs: 10 * 60_000 },
);

type Remote = Parameters<Parameters<typeof bridge.run>[1]>[0];

function run<T>(signal: AbortSignal | undefined, job: (api: Remote) => Promise<T>): Promise<T> {
  return bridge.run(signal, async (api) => {
    if (!started) {
      await api.init(changeTab());
      if (current) await api.open(current);
      started = true;
    }
    return job(api);
  });
}

/** Loads (or reuses) the index of `model`; `reload` forces a fresh read of the store. */
export function openVectors(
  signal: AbortSignal | undefined,
  model: IndexModel,
  reload = false,
): Promise<LibrarySummary> {
  return run(signal, async (api) => {
    const summary = await api.open(model, reload);
    current = model;
    return summary;
  });
}

export function searchVectors(
  signal: AbortSignal | undefined,
  query: Float32Array,
  k: number,
  filter: Filter = {},
): Promise<SearchAnswer> {
  const q = query.slice();
  return run(signal, (api) => api.search(transfer(q, [q.buffer]), k, filter));
}

/** Hybrid search in the worker (text index + CLIP ranking of `vector`, fused); top `k` hits only. */
export function hybridInIndex(
  signal: AbortSignal | undefined,
  query: string,
  vector: Float32Array | undefined,
  k: number,
  filter: HybridFilter = {},
): Promise<HybridAnswer> {
  const v = vector?.slice();
  return run(signal, (api) => api.hybrid(query, v ? transfer(v, [v.buffer]) : undefined, k, filter));
}

/** Records this page changed (rename, tags, collections, notes): the worker's records and text index follow. */
export function putInIndex(signal: AbortSignal | undefined, records: ReferenceRecord[]): Promise<LibrarySummary> {
  return run(signal, (api) => api.put(records));
}

export function referencesByTag(
  signal: AbortSignal | undefined,
  tag: string,
  k: number,
  projectId?: string,
): Promise<SearchAnswer> {
  return run(signal, (api) => api.byTag(tag, k, projectId));
}

export function referenceRecords(signal: AbortSignal | undefined, ids: string[]) {
  return run(signal, (api) => api.records(ids));
}

/** `limit` references from `offset` in library order, with the total (the virtualized grid). */
export function libraryPage(signal: AbortSignal | undefined, offset: number, limit: number) {
  return run(signal, (api) => api.page(offset, limit));
}

export function libraryItems(signal: AbortSignal | undefined) {
  return run(signal, (api) => api.allItems());
}

export function addToIndex(
  signal: AbortSignal | undefined,
  items: NewReference[],
  vectors: Float32Array,
  dim: number,
  skip: number[],
) {
  const v = vectors.slice();
  return run(signal, (api) => api.add(transfer(items, [...items.map((i) => i.bytes), v.buffer]), v, dim, skip));
}

/** Deletes references; answers the summary and what was deleted (enough for `restoreInIndex`). */
export function removeFromIndex(
  signal: AbortSignal | undefined,
  ids: string[],
): Promise<{ deleted: DeletedReference[]; summary: LibrarySummary }> {
  return run(signal, (api) => api.remove(ids));
}

/** Undo of a delete: the same records, blobs and vectors back. */
export function restoreInIndex(
  signal: AbortSignal | undefined,
  deleted: DeletedReference[],
): Promise<{ restored: ReferenceRecord[]; summary: LibrarySummary }> {
  return run(signal, (api) => api.restore(deleted));
}

/** Which incoming pictures (SHA-256 + byte size) the library holds already: hash → { id, name }. */
export function knownHashes(signal: AbortSignal | undefined, items: { sha256: string; size: number }[]) {
  return run(signal, (api) => api.knownHashes(items));
}

export function tagInIndex(signal: AbortSignal | undefined, t: Tagging, ids?: string[]) {
  return run(signal, (api) => api.tag(t, ids));
}

export function replaceIndex(
  signal: AbortSignal | undefined,
  model: IndexModel,
  ids: string[],
  vectors: Float32Array,
): Promise<LibrarySummary> {
  const v = vectors.slice();
  return run(signal, (api) => api.replaceAll(model, ids, transfer(v, [v.buffer])));
}
