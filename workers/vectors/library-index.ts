/**
 * The reference library's vector index, owned by the vectors worker (workers/vectors.worker.ts):
 * the active model's vectors (a VectorIndex over contiguous Float32 chunks) and every reference
 * record live HERE, off the main thread, with the text index of the records (RefText,
 * src/core/search/hybrid.ts) for the hybrid search. The page gets summaries (count, tag and
 * collection lists), the top-k hits of a search with their records, and the records it adds —
 * never the whole library.
 *
 * - `open(model)` loads the model's chunks and all reference records, once; later calls reuse
 *   them unless the store changed since (any other context's write to `references` or
 *   `vectorChunks` marks the index dirty through the change channel) or `reload` is asked.
 * - `hybrid(query, vector, k, filter)`: the text ranking fused with the CLIP ranking of
 *   `vector` (FUSION), top-k with why-badges; `put(records)` takes the page's own edits.
 * - Writes go through src/store (references.ts: reference + blob + vector row in one
 *   transaction; quota → StorageFullError), so memory and IndexedDB agree, and other tabs hear
 *   about them (changes.ts).
 * - DOM-free: runs in the worker and, for tests, in Node with fake-indexeddb.
 */
import { VectorIndex, type Hit } from '../../src/core/vectors';
import { getDB, guardWrite } from '../../src/store/db';
import {
  addReference,
  deleteReferences,
  listReferences,
  restoreReferences,
  type DeletedReference,
  type NewReference,
} from '../../src/store/references';
import { sha256Hex } from '../../src/core/backup/format';
import { setManyTagSplits } from '../../src/store/reference-meta';
import { splitByThreshold, type TagThresholds } from '../../src/core/search/tag-policy';
import { PICTURE_POOL, RefText, type HybridAnswer, type HybridFilter } from '../../src/core/search/hybrid';
import { nextChunkId, openIndex, toRecord } from '../../src/store/vectors';
import type { ReferenceRecord } from '../../src/store/schema';

export interface IndexModel {
  id: string;
  dim: number;
}

export interface LibrarySummary {
  /** References in the library (any model). */
  count: number;
  /** References whose vector is not in the active model's index (to re-embed). */
  stale: number;
  /** Every tag in use (zero-shot applied and the user's), sorted. */
  tags: string[];
  /** Every collection in use, sorted. */
  collections: string[];
}

export interface Filter {
  projectId?: string;
  tag?: string;
}

export interface RefHit extends Hit {
  ref: ReferenceRecord;
}

export interface SearchAnswer {
  hits: RefHit[];
  /** Time of the exact search itself, in the worker. */
  ms: number;
}

export interface Tagging {
  labels: string[];
  /** labels.length × dim, L2-normalized text vectors of the labels. */
  vectors: Float32Array;
  dim: number;
  top: number;
  /** Calibrated thresholds: below them a label is only suggested (src/core/search/tag-policy.ts). */
  thresholds?: TagThresholds;
}

export class LibraryIndex {
  private model?: IndexModel;
  private index?: VectorIndex;
  /** The records and their text index (hybrid search). */
  private readonly lib = new RefText();
  private dirty = true;
  /** Reference ids in library order (oldest first), built on demand for `page`. */
  private order?: string[];
  /** SHA-256 of older records' images (stored without one), hashed when an import asked. */
  private readonly hashes = new Map<string, string>();

  private get refs(): ReadonlyMap<string, ReferenceRecord> {
    return this.lib.refs;
  }

  /** Something else wrote references or vectors: the next `open` reloads. */
  markDirty(): void {
    this.dirty = true;
  }

  async open(model: IndexModel, reload = false): Promise<LibrarySummary> {
    if (reload || this.dirty || !this.index || this.model?.id !== model.id || this.model.dim !== model.dim) {
      this.dirty = false;
      const index = await openIndex(model.id, model.dim);
      const recs = await listReferences();
      this.model = model;
      this.index = index;
      this.lib.reset(recs);
      this.order = undefined;
      this.hashes.clear();
    }
    return this.summary();
  }

  summary(): LibrarySummary {
    return {
      count: this.refs.size,
      stale: this.staleRefs().length,
      tags: this.lib.tags(),
      collections: this.lib.collections(),
    };
  }

  private need(): { model: IndexModel; index: VectorIndex } {
    if (!this.model || !this.index) throw new Error('The vector index is not open');
    return { model: this.model, index: this.index };
  }

  /**
   * `need()` for a write: when another tab (or writer) changed the references or vectors since they
   * were read, they are read again first — a write saves whole vector chunks from this copy, and a
   * stale copy would put back rows the other tab changed (its new reference's vector lost).
   */
  private async fresh(): Promise<{ model: IndexModel; index: VectorIndex }> {
    if (this.dirty && this.model) await this.open(this.model, true);
    return this.need();
  }

  private staleRefs(): ReferenceRecord[] {
    const out: ReferenceRecord[] = [];
    for (const r of this.refs.values()) if (r.modelId !== this.model?.id || !this.index?.has(r.id)) out.push(r);
    return out;
  }

  /** Every reference in library order, for re-embedding: id and image blob only. */
  allItems(): { id: string; blobId: string }[] {
    return [...this.refs.values()]
      .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
      .map((r) => ({ id: r.id, blobId: r.blobId }));
  }

  /**
   * The library grid's window: `limit` references from `offset` in library order (oldest first),
   * with the total — the page asks only for the rows it shows (virtualized grid).
   */
  page(offset: number, limit: number): { total: number; refs: ReferenceRecord[] } {
    const order = (this.order ??= [...this.refs.values()]
      .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
      .map((r) => r.id));
    const from = Math.max(0, Math.floor(offset));
    const refs = order.slice(from, from + Math.max(0, Math.floor(limit))).flatMap((id) => {
      const r = this.refs.get(id);
      return r ? [r] : [];
    });
    return { total: order.length, refs };
  }

  records(ids: readonly string[]): ReferenceRecord[] {
    return ids.flatMap((id) => {
      const r = this.refs.get(id);
      return r ? [r] : [];
    });
  }

  private accept(f: Filter): ((id: string) => boolean) | undefined {
    if (!f.projectId && !f.tag) return undefined;
    return (id) => {
      const r = this.refs.get(id);
      if (!r) return false;
      if (f.projectId && r.projectId !== f.projectId) return false;
      if (f.tag && !r.tags.some((t) => t.label === f.tag)) return false;
      return true;
    };
  }

  /** Exact cosine top-k of `query` (one vector of the model's size). */
  search(query: Float32Array, k: number, filter: Filter = {}): SearchAnswer {
    const { index } = this.need();
    const t0 = performance.now();
    const hits = index.search(query, k, this.accept(filter));
    const ms = performance.now() - t0;
    return {
      hits: hits.flatMap((h) => {
        const ref = this.refs.get(h.id);
        return ref ? [{ ...h, ref }] : [];
      }),
      ms,
    };
  }

  /** The references carrying `tag` (in `projectId` when given), best tag score first. */
  byTag(tag: string, k: number, projectId?: string): SearchAnswer {
    const t0 = performance.now();
    const hits: RefHit[] = [];
    for (const ref of this.refs.values()) {
      if (projectId && ref.projectId !== projectId) continue;
      for (const x of ref.tags) if (x.label === tag) hits.push({ id: ref.id, score: x.score, ref });
    }
    hits.sort((a, b) => b.score - a.score);
    return { hits: hits.slice(0, k), ms: performance.now() - t0 };
  }

  /**
   * Hybrid search: `query`'s text ranking fused with the CLIP ranking of `vector` (the query's
   * text vector; the PICTURE_POOL best) under `filter`, top `k`. An empty query with a tag or
   * collection filter lists the filter's references (no vector needed).
   */
  hybrid(query: string, vector: Float32Array | undefined, k: number, filter: HybridFilter = {}): HybridAnswer {
    const q = query.trim();
    if (!q) return { hits: this.lib.list(filter, k), pictureOnly: false, textCut: false };
    const pool = Math.min(this.refs.size, Math.max(PICTURE_POOL, k));
    const pictures =
      vector && pool > 0
        ? this.need().index.search(vector, pool, this.accept(filter.projectId ? { projectId: filter.projectId } : {}))
        : [];
    return this.lib.fuse(q, pictures, filter, k);
  }

  /** Records the page changed itself (rename, tags, collections, notes): memory and text index follow. */
  put(recs: readonly ReferenceRecord[]): LibrarySummary {
    for (const r of recs) if (this.refs.has(r.id)) this.lib.set(r);
    return this.summary();
  }

  /**
   * Stores references with their vectors (`vectors`: items.length × dim, row i for item i);
   * each lands whole with its blob and vector row. Items in `skip` (failed to embed) are left out.
   */
  async add(
    items: NewReference[],
    vectors: Float32Array,
    dim: number,
    skip: readonly number[] = [],
  ): Promise<ReferenceRecord[]> {
    const { model, index } = await this.fresh();
    if (dim !== model.dim) throw new Error(`Vector size ${dim} does not match the index (${model.dim})`);
    const skipped = new Set(skip);
    const added: ReferenceRecord[] = [];
    for (const [i, item] of items.entries()) {
      if (skipped.has(i)) continue;
      const rec = await addReference(item, vectors.subarray(i * dim, (i + 1) * dim), model.id, index);
      this.lib.set(rec);
      added.push(rec);
    }
    if (added.length) this.order = undefined;
    return added;
  }

  /** Deletes references with their blobs and vector rows; answers what `restore` needs to undo it. */
  async remove(ids: string[]): Promise<DeletedReference[]> {
    const { model, index } = await this.fresh();
    const gone = await deleteReferences(ids, index, model.id);
    for (const id of ids) this.lib.delete(id);
    this.order = undefined;
    return gone;
  }

  /** Undo of `remove`: the same records, blobs and vectors back (src/store/references.ts `restoreReferences`). */
  async restore(deleted: readonly DeletedReference[]): Promise<ReferenceRecord[]> {
    const { model, index } = await this.fresh();
    const back = await restoreReferences(deleted, index, model.id);
    for (const r of back) this.lib.set(r);
    if (back.length) this.order = undefined;
    return back;
  }

  /**
   * Which of the pictures about to be added are in the library already, by the SHA-256 of their
   * bytes: hash → the reference here (id, name). Records stored with a hash answer at once; older
   * ones (no hash: stored before, or restored from a backup) have their image hashed only when its
   * size is one of the incoming sizes (the hash is kept in memory for the next import).
   */
  async knownHashes(
    items: readonly { sha256: string; size: number }[],
  ): Promise<Record<string, { id: string; name: string }>> {
    const want = new Set(items.map((i) => i.sha256));
    const sizes = new Set(items.map((i) => i.size));
    const out: Record<string, { id: string; name: string }> = {};
    const found = (h: string, r: ReferenceRecord) => {
      if (want.has(h) && !out[h]) out[h] = { id: r.id, name: r.name };
    };
    const legacy: ReferenceRecord[] = [];
    for (const r of this.refs.values()) {
      const h = r.sha256 ?? this.hashes.get(r.id);
      if (h) found(h, r);
      else legacy.push(r);
    }
    if (!legacy.length || !want.size) return out;
    // Blob handles only (sizes, one read transaction); bytes are read for a matching size alone.
    const tx = (await getDB()).transaction('blobs');
    const blobs = await Promise.all(legacy.map((r) => tx.store.get(r.blobId)));
    await tx.done;
    for (const [i, r] of legacy.entries()) {
      const b = blobs[i]?.blob;
      if (!b || !sizes.has(b.size)) continue;
      const h = await sha256Hex(await b.arrayBuffer());
      this.hashes.set(r.id, h);
      found(h, r);
    }
    return out;
  }

  /**
   * Zero-shot tags: each reference in `ids` (all when omitted) gets its best `top` labels, scored
   * by the cosine of its image vector and the label's text vector; one transaction for all.
   * Returns how many references were tagged.
   */
  async tag(t: Tagging, ids?: readonly string[]): Promise<number> {
    const { index } = this.need();
    if (!t.labels.length) return 0;
    if (t.dim !== index.dim) throw new Error(`Label vector size ${t.dim} does not match the index (${index.dim})`);
    const targets = ids ?? [...this.refs.keys()];
    const tags = new Map<string, ReturnType<typeof splitByThreshold>>();
    for (const id of targets) {
      const v = index.get(id);
      if (!v) continue;
      const scores = t.labels.map((label, j) => {
        let s = 0;
        for (let i = 0; i < t.dim; i++) s += v[i] * t.vectors[j * t.dim + i];
        return { label, score: Math.round(s * 1000) / 1000 };
      });
      scores.sort((a, b) => b.score - a.score);
      // labels the user took off never take one of the `top` places
      const known = this.refs.get(id);
      const open = scores.filter((s) => !known?.rejected?.includes(s.label));
      tags.set(id, splitByThreshold(open.slice(0, Math.min(t.top, open.length)), t.thresholds, known));
    }
    for (const rec of await setManyTagSplits(tags)) this.lib.set(rec);
    return tags.size;
  }

  /**
   * After re-embedding with `model`: one transaction removes every stored chunk of `model` and
   * of the models the references came from, writes the new chunks and points the records at
   * their new rows. `ids[i]` has vector row i of `vectors`; references not in `ids` (failed to
   * embed) keep their record and stay stale.
   */
  async replaceAll(model: IndexModel, ids: readonly string[], vectors: Float32Array): Promise<void> {
    const index = new VectorIndex(model.dim, { firstChunkId: await nextChunkId() });
    const updated: ReferenceRecord[] = [];
    ids.forEach((id, i) => {
      const r = this.refs.get(id);
      if (!r) return;
      const { location } = index.upsert(id, vectors.subarray(i * model.dim, (i + 1) * model.dim));
      updated.push({ ...r, modelId: model.id, chunkId: location.chunkId, row: location.row });
    });
    const models = new Set([model.id, ...[...this.refs.values()].map((r) => r.modelId)]);
    const db = await getDB();
    await guardWrite(
      async (track) => {
        const tx = track(db.transaction(['references', 'vectorChunks'], 'readwrite'));
        const chunks = tx.objectStore('vectorChunks');
        for (const m of models)
          await Promise.all((await chunks.index('modelId').getAllKeys(m)).map((key) => chunks.delete(key)));
        await Promise.all([
          ...index.allChunks().map((c) => chunks.put(toRecord(model.id, c))),
          ...updated.map((r) => tx.objectStore('references').put(r)),
          tx.done,
        ]);
      },
      [{ store: 'vectorChunks' }, { store: 'references' }],
    );
    this.model = model;
    this.index = index;
    for (const r of updated) this.lib.set(r);
  }
}
