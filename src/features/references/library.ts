/**
 * The reference library (main thread, DOM-free): the active CLIP model and a thin client of the
 * vectors worker (workers/vectors.worker.ts), which owns the vector index AND the reference
 * records. Embedding runs in the CLIP worker; the exact search (src/core/vectors) runs in the
 * vectors worker; this thread only ever receives summaries (count, tags) and the top-k hits, so
 * opening a library of thousands of references never blocks the page.
 */
import { embedImages, embedTexts, loadModel, type ClipModelInfo, type ClipProgress } from '../../bridge/clip';
import {
  addToIndex,
  hybridInIndex,
  libraryItems,
  libraryPage,
  knownHashes,
  putInIndex,
  restoreInIndex,
  openVectors,
  referenceRecords,
  referencesByTag,
  removeFromIndex,
  replaceIndex,
  searchVectors,
  tagInIndex,
  type HybridAnswer,
  type HybridFilter,
  type LibrarySummary,
  type RefHit,
} from '../../bridge/vectors';
import { getTagLabels, setTagLabels, type DeletedReference } from '../../store/references';
import { sha256Hex } from '../../core/backup/format';
import { splitDuplicates } from './duplicates';
import { makeReferenceThumbnails } from '../../bridge/store';
import { makeThumbnails } from '../../bridge/image';
import { getBlob, toBlob } from '../../store/blobs';
import type { ReferenceRecord } from '../../store/schema';
import { UNCALIBRATED, type TagThresholds } from '../../core/search/tag-policy';

export class LibraryError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
    this.name = 'LibraryError';
  }
}

export interface SearchOptions {
  k?: number;
  projectId?: string;
  tag?: string;
}

export interface SearchResult {
  hits: RefHit[];
  truncated: boolean;
  maxLength: number;
  /** Time of the exact search (in the vectors worker). */
  ms: number;
}

export interface AddResult {
  added: ReferenceRecord[];
  failed: { name: string; message: string }[];
  /** Files not added because the library (or an earlier file of the same import) has the same bytes. */
  duplicates: { name: string; existing: string }[];
}

export type Report = (fraction: number | undefined, detail?: string) => void;

const TOP_TAGS = 3;

function embedReport(report?: Report): ((p: ClipProgress) => void) | undefined {
  if (!report) return undefined;
  return (p) => {
    if (p.status === 'embed') report(p.done / p.total, `${p.done} / ${p.total}`);
    else report(p.fraction, p.file);
  };
}

export class Library {
  model?: ClipModelInfo;
  /** Zero-shot tag labels (saved setting). */
  labels: string[] = [];
  /** The active model's calibrated tag thresholds (set by the view; below → suggestion only). */
  thresholds: TagThresholds = UNCALIBRATED;
  private summary: LibrarySummary = { count: 0, stale: 0, tags: [], collections: [] };
  private reloadNext = false;

  /** The store changed elsewhere (another tab): the next `open` reads it again. */
  invalidate(): void {
    this.reloadNext = true;
  }

  /** How many references the library holds. */
  get size(): number {
    return this.summary.count;
  }

  /** Kept for callers that only ask the size (`refs.size`); the records live in the worker. */
  get refs(): { readonly size: number } {
    return { size: this.summary.count };
  }

  /**
   * Loads the model and (in the vectors worker) its stored vectors and the records; re-embeds
   * what another model embedded. `reload`: read the store again even if nothing was announced.
   */
  async open(signal?: AbortSignal, report?: Report, { reload = false } = {}): Promise<void> {
    const release = this.holdOpen();
    try {
      const model = await loadModel(signal, embedReport(report));
      const summary = await openVectors(signal, { id: model.vectorsId, dim: model.dim }, reload || this.reloadNext);
      this.reloadNext = false;
      this.labels = await getTagLabels();
      this.model = model;
      this.summary = summary;
      if (summary.stale > 0) await this.reembedAll(signal, report);
    } finally {
      release();
    }
  }

  /**
   * Marks an open as under way until the returned function is called (the view calls it before it
   * reads which model to load), so an add meanwhile waits for the model instead of failing.
   */
  holdOpen(): () => void {
    this.opening++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.opening--;
      for (const w of this.waiting.splice(0)) w();
    };
  }

  /** Opens in progress, and the adds waiting for one to end (pictures dropped while the model loads). */
  private opening = 0;
  private readonly waiting: (() => void)[] = [];

  private need(): ClipModelInfo {
    if (!this.model) throw new LibraryError('refs.error.noModel');
    return this.model;
  }

  /**
   * The model, once the open in progress ends: pictures dropped while References was still loading
   * its model waited for nothing and were lost (a trial). No open in progress → as `need()`.
   */
  private async ready(signal?: AbortSignal): Promise<ClipModelInfo> {
    while (!this.model && this.opening > 0) {
      await new Promise<void>((resolve, reject) => {
        this.waiting.push(resolve);
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    }
    return this.need();
  }

  /**
   * Adds images: each file's SHA-256 is compared with the library's first (`knownHashes`, in the
   * vectors worker) — the same picture is reported in `duplicates`, not embedded or stored again;
   * the others are embedded (CLIP worker), thumbnailed (image worker) and stored with their hash.
   */
  async add(
    items: { blob: Blob; name: string; projectId?: string; collections?: string[] }[],
    signal?: AbortSignal,
    report?: Report,
  ): Promise<AddResult> {
    const model = await this.ready(signal);
    const bytes = await Promise.all(items.map((i) => i.blob.arrayBuffer()));
    const incoming = await Promise.all(
      items.map(async (it, i) => ({ name: it.name, sha256: await sha256Hex(bytes[i]), size: bytes[i].byteLength })),
    );
    const known = await knownHashes(
      signal,
      incoming.filter((x) => x.size > 0).map(({ sha256, size }) => ({ sha256, size })),
    );
    const { fresh, duplicates } = splitDuplicates(incoming, known);
    const out: AddResult = { added: [], failed: [], duplicates: [] };
    const bad = new Map<number, string>(); // import index → why it could not be read
    if (fresh.length) {
      const emb = await embedImages(
        signal,
        fresh.map((i) => items[i].blob),
        embedReport(report),
      );
      if (emb.dim !== model.dim) throw new LibraryError('refs.error.dim', { got: emb.dim, want: model.dim });
      for (const f of emb.failed) bad.set(fresh[f.index], f.message);
      // Thumbnails (≤ 256 px WebP) in the image worker: lists never show the full-size originals.
      const good = fresh.filter((i) => !bad.has(i));
      const thumbs = new Map(
        (
          await makeThumbnails(
            signal,
            good.map((i) => items[i].blob),
          )
        ).flatMap((t, j) => ('bytes' in t ? [[good[j], t] as const] : [])),
      );
      const stored = fresh.map((i) => {
        const item = items[i];
        if (bad.has(i)) out.failed.push({ name: item.name, message: bad.get(i)! });
        const thumb = thumbs.get(i);
        return {
          ...(thumb ? { thumb: { bytes: thumb.bytes, type: thumb.type } } : {}),
          bytes: bad.has(i) ? new ArrayBuffer(0) : bytes[i],
          type: item.blob.type || 'image/png',
          name: item.name,
          ...(bad.has(i) ? {} : { sha256: incoming[i].sha256 }),
          ...(item.projectId ? { projectId: item.projectId } : {}),
          ...(item.collections?.length ? { collections: item.collections } : {}),
        };
      });
      const r = await addToIndex(
        signal,
        stored,
        emb.vectors,
        emb.dim,
        emb.failed.map((f) => f.index),
      );
      this.summary = r.summary;
      out.added = r.added;
      await this.applyTags(
        r.added.map((a) => a.id),
        this.labels,
        signal,
      );
    }
    for (const d of duplicates) {
      // A copy of a file of this import that could not be read is reported like that file.
      const why = d.of !== undefined ? bad.get(d.of) : undefined;
      if (why !== undefined) out.failed.push({ name: d.name, message: why });
      else out.duplicates.push({ name: d.name, existing: d.existing });
    }
    return out;
  }

  async search(query: string, opts: SearchOptions = {}, signal?: AbortSignal): Promise<SearchResult> {
    this.need();
    const q = query.trim();
    if (!q && opts.tag) return this.byTag(opts.tag, opts, signal);
    if (!q) throw new LibraryError('refs.error.emptyQuery');
    const emb = await embedTexts(signal, [q]);
    const { hits, ms } = await searchVectors(signal, emb.vectors.subarray(0, emb.dim), opts.k ?? 12, {
      ...(opts.projectId ? { projectId: opts.projectId } : {}),
      ...(opts.tag ? { tag: opts.tag } : {}),
    });
    return { hits, truncated: emb.truncated[0], maxLength: emb.model.maxLength, ms };
  }

  /** Every reference carrying `tag` (in its project when asked), best tag score first. */
  async byTag(tag: string, opts: SearchOptions = {}, signal?: AbortSignal): Promise<SearchResult> {
    const { hits, ms } = await referencesByTag(signal, tag, opts.k ?? 12, opts.projectId);
    return { hits, truncated: false, maxLength: this.model?.maxLength ?? 0, ms };
  }

  /**
   * Hybrid search (text index + CLIP, fused in the vectors worker): the query's text vector is
   * computed here (CLIP worker) unless the query is empty (filter-only list); the page gets the
   * top `k` hits with their why-badges only.
   */
  async hybrid(
    query: string,
    filter: HybridFilter,
    k: number,
    signal?: AbortSignal,
  ): Promise<HybridAnswer & { truncated: boolean; maxLength: number }> {
    const model = this.need();
    const q = query.trim();
    if (!q)
      return {
        ...(await hybridInIndex(signal, '', undefined, k, filter)),
        truncated: false,
        maxLength: model.maxLength,
      };
    const emb = await embedTexts(signal, [q]);
    const answer = await hybridInIndex(signal, q, emb.vectors.subarray(0, emb.dim), k, filter);
    return { ...answer, truncated: emb.truncated[0], maxLength: emb.model.maxLength };
  }

  /** Records this page edited (rename, tags, collections, notes): the worker's index follows. */
  async put(records: ReferenceRecord[], signal?: AbortSignal): Promise<void> {
    if (records.length) this.summary = await putInIndex(signal, records);
  }

  /** `limit` references from `offset` in library order, with the total (the virtualized grid). */
  page(offset: number, limit: number, signal?: AbortSignal): Promise<{ total: number; refs: ReferenceRecord[] }> {
    return libraryPage(signal, offset, limit);
  }

  /**
   * Older references (stored before thumbnails existed, or restored from a backup) get their
   * thumbnail now, made in the image worker from the stored original and kept with the record.
   * Returns the updated records (the worker's copies follow).
   */
  async ensureThumbnails(refs: ReferenceRecord[], signal?: AbortSignal): Promise<ReferenceRecord[]> {
    const missing = refs.filter((r) => !r.thumbBlobId);
    if (!missing.length) return [];
    // Read, made and stored in the store worker: the page never decodes the originals.
    const updated = await makeReferenceThumbnails(
      signal,
      missing.map((r) => r.id),
    );
    await this.put(updated, signal);
    return updated;
  }

  /** The current records of `ids` (e.g. the hits on screen after tagging). */
  records(ids: string[], signal?: AbortSignal): Promise<ReferenceRecord[]> {
    return referenceRecords(signal, ids);
  }

  /** Deletes references (record, blobs, vector row); answers what was deleted, for `restore` (Undo). */
  async remove(ids: string[], signal?: AbortSignal): Promise<DeletedReference[]> {
    this.need();
    const r = await removeFromIndex(signal, ids);
    this.summary = r.summary;
    return r.deleted;
  }

  /** Undo of `remove`: the same records (ids, blobs, thumbnails, vectors, tags, collections) back. */
  async restore(deleted: DeletedReference[], signal?: AbortSignal): Promise<ReferenceRecord[]> {
    this.need();
    const r = await restoreInIndex(signal, deleted);
    this.summary = r.summary;
    return r.restored;
  }

  /**
   * Zero-shot tags: saves the labels (any language) and gives every reference its best `top`
   * labels (cosine of image vs label text, both L2-normalized) with scores. References added or
   * re-embedded later are tagged with the same labels.
   */
  async tagAll(labels: string[], signal?: AbortSignal): Promise<number> {
    this.need();
    const clean = [...new Set(labels.map((l) => l.trim()).filter(Boolean))];
    if (clean.length === 0) throw new LibraryError('refs.error.noLabels');
    const n = await this.applyTags(undefined, clean, signal);
    await setTagLabels(clean);
    this.labels = clean;
    return n;
  }

  /** Tags `ids` (all references when undefined) with `labels`; returns how many were tagged. */
  private async applyTags(ids: string[] | undefined, labels = this.labels, signal?: AbortSignal): Promise<number> {
    if (labels.length === 0 || (ids && ids.length === 0) || this.summary.count === 0) return 0;
    const emb = await embedTexts(signal, labels);
    const r = await tagInIndex(
      signal,
      { labels, vectors: emb.vectors, dim: emb.dim, top: TOP_TAGS, thresholds: this.thresholds },
      ids,
    );
    this.summary = r.summary;
    return r.n;
  }

  /** Every tag in use (zero-shot applied and the user's), sorted. */
  allTags(): string[] {
    return this.summary.tags;
  }

  allCollections(): string[] {
    return this.summary.collections;
  }

  /**
   * Re-embeds every reference with the active model. All vectors are computed first (cancel →
   * nothing changed); then one transaction (in the vectors worker) writes the new chunks and
   * records and removes the vectors of the models they came from.
   */
  async reembedAll(signal?: AbortSignal, report?: Report): Promise<void> {
    const model = this.need();
    const items = await libraryItems(signal);
    const blobs: Blob[] = [];
    for (const it of items) {
      const b = await getBlob(it.blobId);
      blobs.push(b ? toBlob(b) : new Blob([]));
    }
    const emb = await embedImages(signal, blobs, embedReport(report));
    if (emb.dim !== model.dim) throw new LibraryError('refs.error.dim', { got: emb.dim, want: model.dim });
    const failed = new Set(emb.failed.map((f) => f.index));
    const ids: string[] = [];
    const vectors = new Float32Array((items.length - failed.size) * model.dim);
    items.forEach((it, i) => {
      if (failed.has(i)) return;
      vectors.set(emb.vectors.subarray(i * emb.dim, (i + 1) * emb.dim), ids.length * model.dim);
      ids.push(it.id);
    });
    this.summary = await replaceIndex(signal, { id: model.vectorsId, dim: model.dim }, ids, vectors);
    await this.applyTags(ids, this.labels, signal);
  }
}
