/**
 * The reference library (main thread, DOM-free): the active CLIP model, the in-memory
 * VectorIndex of its vectors, and the reference records. Embedding runs in the CLIP worker;
 * search is the exact contiguous-memory loop of src/core/vectors.
 */
import { VectorIndex, type Hit } from '../../core/vectors';
import { embedImages, embedTexts, loadModel, type ClipModelInfo, type ClipProgress } from '../../bridge/clip';
import {
  addReference,
  deleteReferences,
  getTagLabels,
  listReferences,
  setReferenceTags,
  setTagLabels,
} from '../../store/references';
import { getBlob, toBlob } from '../../store/blobs';
import { clearModelVectors, openIndex, toRecord, nextChunkId } from '../../store/vectors';
import { getDB, guardWrite } from '../../store/db';
import type { ReferenceRecord } from '../../store/schema';

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
  hits: (Hit & { ref: ReferenceRecord })[];
  truncated: boolean;
  maxLength: number;
  ms: number;
}

export interface AddResult {
  added: ReferenceRecord[];
  failed: { name: string; message: string }[];
}

export type Report = (fraction: number | undefined, detail?: string) => void;

function embedReport(report?: Report): ((p: ClipProgress) => void) | undefined {
  if (!report) return undefined;
  return (p) => {
    if (p.status === 'embed') report(p.done / p.total, `${p.done} / ${p.total}`);
    else report(p.fraction, p.file);
  };
}

export class Library {
  model?: ClipModelInfo;
  index?: VectorIndex;
  refs = new Map<string, ReferenceRecord>();
  /** Zero-shot tag labels (saved setting). */
  labels: string[] = [];

  /** Loads the model, its stored vectors and the records; re-embeds what another model embedded. */
  async open(signal?: AbortSignal, report?: Report): Promise<void> {
    const model = await loadModel(signal, embedReport(report));
    const index = await openIndex(model.id, model.dim);
    const recs = await listReferences();
    this.labels = await getTagLabels();
    this.model = model;
    this.index = index;
    this.refs = new Map(recs.map((r) => [r.id, r]));
    if (this.stale().length > 0) await this.reembedAll(signal, report);
  }

  /** References whose vector is not in the active model's index. */
  stale(): ReferenceRecord[] {
    return [...this.refs.values()].filter((r) => r.modelId !== this.model?.id || !this.index?.has(r.id));
  }

  private need(): { model: ClipModelInfo; index: VectorIndex } {
    if (!this.model || !this.index) throw new LibraryError('refs.error.noModel');
    return { model: this.model, index: this.index };
  }

  async add(
    items: { blob: Blob; name: string; projectId?: string }[],
    signal?: AbortSignal,
    report?: Report,
  ): Promise<AddResult> {
    const { model, index } = this.need();
    const emb = await embedImages(signal, items.map((i) => i.blob), embedReport(report));
    if (emb.dim !== model.dim) throw new LibraryError('refs.error.dim', { got: emb.dim, want: model.dim });
    const bad = new Map(emb.failed.map((f) => [f.index, f.message]));
    const out: AddResult = { added: [], failed: [] };
    for (const [i, item] of items.entries()) {
      if (bad.has(i)) {
        out.failed.push({ name: item.name, message: bad.get(i)! });
        continue;
      }
      const rec = await addReference(
        { bytes: await item.blob.arrayBuffer(), type: item.blob.type || 'image/png', name: item.name, projectId: item.projectId },
        emb.vectors.slice(i * emb.dim, (i + 1) * emb.dim),
        model.id,
        index,
      );
      this.refs.set(rec.id, rec);
      out.added.push(rec);
    }
    await this.applyTags(out.added, this.labels, signal);
    return out;
  }

  async search(query: string, opts: SearchOptions = {}, signal?: AbortSignal): Promise<SearchResult> {
    const { index } = this.need();
    const q = query.trim();
    if (!q && opts.tag) return this.byTag(opts.tag, opts);
    if (!q) throw new LibraryError('refs.error.emptyQuery');
    const emb = await embedTexts(signal, [q]);
    const t0 = performance.now();
    const accept =
      opts.projectId || opts.tag
        ? (id: string) => {
            const r = this.refs.get(id);
            if (!r) return false;
            if (opts.projectId && r.projectId !== opts.projectId) return false;
            if (opts.tag && !r.tags.some((t) => t.label === opts.tag)) return false;
            return true;
          }
        : undefined;
    const hits = index.search(emb.vectors, opts.k ?? 12, accept);
    const ms = performance.now() - t0;
    return {
      hits: hits.flatMap((h) => {
        const ref = this.refs.get(h.id);
        return ref ? [{ ...h, ref }] : [];
      }),
      truncated: emb.truncated[0],
      maxLength: emb.model.maxLength,
      ms,
    };
  }

  /** Every reference carrying `tag` (in its project when asked), best tag score first. */
  byTag(tag: string, opts: SearchOptions = {}): SearchResult {
    const t0 = performance.now();
    const hits = [...this.refs.values()]
      .filter((r) => !opts.projectId || r.projectId === opts.projectId)
      .flatMap((ref) => ref.tags.filter((x) => x.label === tag).map((x) => ({ id: ref.id, score: x.score, ref })))
      .sort((a, b) => b.score - a.score)
      .slice(0, opts.k ?? 12);
    return { hits, truncated: false, maxLength: this.model?.maxLength ?? 0, ms: performance.now() - t0 };
  }

  async remove(ids: string[]): Promise<void> {
    const { model, index } = this.need();
    await deleteReferences(ids, index, model.id);
    for (const id of ids) this.refs.delete(id);
  }

  /**
   * Zero-shot tags: saves the labels (any language) and gives every reference its best `top`
   * labels (cosine of image vs label text, both L2-normalized) with scores. References added or
   * re-embedded later are tagged with the same labels.
   */
  async tagAll(labels: string[], signal?: AbortSignal): Promise<void> {
    this.need();
    const clean = [...new Set(labels.map((l) => l.trim()).filter(Boolean))];
    if (clean.length === 0) throw new LibraryError('refs.error.noLabels');
    await this.applyTags([...this.refs.values()], clean, signal);
    await setTagLabels(clean);
    this.labels = clean;
  }

  private async applyTags(refs: ReferenceRecord[], labels = this.labels, signal?: AbortSignal, top = 3): Promise<void> {
    const { index } = this.need();
    if (labels.length === 0 || refs.length === 0) return;
    const emb = await embedTexts(signal, labels);
    for (const ref of refs) {
      const v = index.get(ref.id);
      if (!v) continue;
      const scores = labels.map((label, j) => {
        let s = 0;
        for (let i = 0; i < emb.dim; i++) s += v[i] * emb.vectors[j * emb.dim + i];
        return { label, score: Math.round(s * 1000) / 1000 };
      });
      scores.sort((a, b) => b.score - a.score);
      const tags = scores.slice(0, Math.min(top, scores.length));
      await setReferenceTags(ref.id, tags);
      this.refs.set(ref.id, { ...(this.refs.get(ref.id) ?? ref), tags });
    }
  }

  allTags(): string[] {
    return [...new Set([...this.refs.values()].flatMap((r) => r.tags.map((t) => t.label)))].sort();
  }

  /**
   * Re-embeds every reference with the active model. All vectors are computed first (cancel →
   * nothing changed); then one transaction writes the new chunks and records and removes the
   * vectors of the models they came from.
   */
  async reembedAll(signal?: AbortSignal, report?: Report): Promise<void> {
    const { model } = this.need();
    const refs = [...this.refs.values()];
    const blobs: Blob[] = [];
    for (const r of refs) {
      const b = await getBlob(r.blobId);
      blobs.push(b ? toBlob(b) : new Blob([]));
    }
    const emb = await embedImages(signal, blobs, embedReport(report));
    const oldModels = new Set(refs.map((r) => r.modelId).filter((m) => m !== model.id));
    const index = new VectorIndex(model.dim, { firstChunkId: await nextChunkId() });
    const failed = new Set(emb.failed.map((f) => f.index));
    const updated: ReferenceRecord[] = [];
    refs.forEach((r, i) => {
      if (failed.has(i)) return;
      const { location } = index.upsert(r.id, emb.vectors.subarray(i * emb.dim, (i + 1) * emb.dim));
      updated.push({ ...r, modelId: model.id, chunkId: location.chunkId, row: location.row });
    });
    await clearModelVectors(model.id);
    const db = await getDB();
    await guardWrite(async () => {
      const tx = db.transaction(['references', 'vectorChunks'], 'readwrite');
      for (const c of index.allChunks()) void tx.objectStore('vectorChunks').put(toRecord(model.id, c));
      for (const r of updated) void tx.objectStore('references').put(r);
      await tx.done;
    });
    for (const m of oldModels) await clearModelVectors(m);
    this.index = index;
    for (const r of updated) this.refs.set(r.id, r);
    await this.applyTags(updated, this.labels, signal);
  }
}
