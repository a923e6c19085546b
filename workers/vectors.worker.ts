/**
 * Vectors worker: owns the reference library's vector index and records (workers/vectors/
 * library-index.ts) and the text index of the records (hybrid search, src/core/search/hybrid.ts),
 * so opening and searching a library of thousands of references never blocks the page. The page passes its tab id first (`init`) so the changes this worker writes are announced
 * as the page's own (src/store/changes.ts); writes from anywhere else mark the index dirty.
 */
import { expose } from 'comlink';
import './runtime/errors'; // the one error protocol: codes + params cross comlink
import { onStoreChange, setChangeTab, touches } from '../src/store/changes';
import type { DeletedReference, NewReference } from '../src/store/references';
import { LibraryIndex, type Filter, type IndexModel, type Tagging } from './vectors/library-index';
import type { HybridFilter } from '../src/core/search/hybrid';
import type { ReferenceRecord } from '../src/store/schema';

const lib = new LibraryIndex();
onStoreChange(
  (changes) => {
    if (touches(changes, ['references', 'vectorChunks'])) lib.markDirty();
  },
  { sameTab: true },
);

const api = {
  init(tab: string) {
    setChangeTab(tab);
  },
  open(model: IndexModel, reload = false) {
    return lib.open(model, reload);
  },
  summary() {
    return lib.summary();
  },
  allItems() {
    return lib.allItems();
  },
  /** The library grid's window (library order). */
  page(offset: number, limit: number) {
    return lib.page(offset, limit);
  },
  records(ids: string[]) {
    return lib.records(ids);
  },
  search(query: Float32Array, k: number, filter: Filter) {
    return lib.search(query, k, filter);
  },
  byTag(tag: string, k: number, projectId?: string) {
    return lib.byTag(tag, k, projectId);
  },
  /** Text index + CLIP ranking fused here; the page receives the top-k hits only. */
  hybrid(query: string, vector: Float32Array | undefined, k: number, filter: HybridFilter) {
    return lib.hybrid(query, vector, k, filter);
  },
  put(records: ReferenceRecord[]) {
    return lib.put(records);
  },
  async add(items: NewReference[], vectors: Float32Array, dim: number, skip: number[]) {
    const added = await lib.add(items, vectors, dim, skip);
    return { added, summary: lib.summary() };
  },
  /** Deletes; answers the summary and what was deleted (the page keeps it for Undo). */
  async remove(ids: string[]) {
    const deleted = await lib.remove(ids);
    return { deleted, summary: lib.summary() };
  },
  async restore(deleted: DeletedReference[]) {
    const restored = await lib.restore(deleted);
    return { restored, summary: lib.summary() };
  },
  /** Pictures about to be added that the library has already (by SHA-256). */
  knownHashes(items: { sha256: string; size: number }[]) {
    return lib.knownHashes(items);
  },
  async tag(t: Tagging, ids?: string[]) {
    const n = await lib.tag(t, ids);
    return { n, summary: lib.summary() };
  },
  async replaceAll(model: IndexModel, ids: string[], vectors: Float32Array) {
    await lib.replaceAll(model, ids, vectors);
    return lib.summary();
  },
};

export type VectorsApi = typeof api;
expose(api);
