/**
 * Hybrid reference search (issue 14): the text of each reference (file name, tags the user gave
 * or accepted, zero-shot tags above the calibrated threshold, collections, notes) in a BM25
 * TextIndex (src/core/search) fused with the CLIP picture ranking (Library.search, vectors
 * worker) by weighted reciprocal rank fusion (FUSION, chosen on a validation set). Each hit says
 * why it matched: name / tag / collection / note, and picture when its CLIP rank is ≤ 3.
 *
 * `RefMeta` keeps the records' metadata on the main thread (the text index needs it; the records
 * with vectors live in the vectors worker). It reloads from the store on `load()`; the view's own
 * edits update it in place. Filters (tag incl. user tags, collection, project) apply here.
 */
import { TextIndex, MAX_QUERY_CHARS, type TextField } from '../../core/search/text-index';
import { fuseTextPicture, FUSION } from '../../core/search/fusion';
import { words } from '../../core/search/tokens';
import { listReferences } from '../../store/references';
import type { ReferenceRecord } from '../../store/schema';
import { LibraryError, type Library } from './library';

export type Why = TextField | 'picture';
export const PICTURE_BADGE_RANK = 3;
/** CLIP candidates fused per query (all references when fewer). */
export const PICTURE_POOL = 200;

export interface HybridFilter {
  projectId?: string;
  tag?: string;
  collection?: string;
}

export interface HybridHit {
  id: string;
  ref: ReferenceRecord;
  /** Fused score (RRF). */
  score: number;
  /** CLIP cosine when the picture ranking had it. */
  cosine?: number;
  why: Why[];
}

export interface HybridResult {
  hits: HybridHit[];
  truncated: boolean;
  maxLength: number;
  /** The query had no words (emoji only, symbols): ranked by picture alone. */
  pictureOnly: boolean;
  /** The query was longer than the text matcher reads (MAX_QUERY_CHARS). */
  textCut: boolean;
}

/** Applied + user tags of a record (what is searched and filtered). */
export function tagsOf(r: ReferenceRecord): string[] {
  return [...new Set([...(r.userTags ?? []), ...r.tags.map((t) => t.label)])];
}

export class RefMeta {
  refs = new Map<string, ReferenceRecord>();
  readonly text = new TextIndex();

  get size(): number {
    return this.refs.size;
  }

  async load(): Promise<void> {
    const recs = await listReferences();
    for (const id of [...this.refs.keys()]) this.text.remove(id);
    this.refs = new Map();
    for (const r of recs) this.set(r);
  }

  set(r: ReferenceRecord): void {
    this.refs.set(r.id, r);
    this.text.upsert({ id: r.id, name: r.name, tags: tagsOf(r), collections: r.collections ?? [], notes: r.notes ?? '' });
  }

  delete(id: string): void {
    this.refs.delete(id);
    this.text.remove(id);
  }

  tags(): string[] {
    return [...new Set([...this.refs.values()].flatMap(tagsOf))].sort();
  }

  collections(): string[] {
    return [...new Set([...this.refs.values()].flatMap((r) => r.collections ?? []))].sort();
  }

  accept(f: HybridFilter): (id: string) => boolean {
    return (id) => {
      const r = this.refs.get(id);
      if (!r) return false;
      if (f.projectId && r.projectId !== f.projectId) return false;
      if (f.tag && !tagsOf(r).includes(f.tag)) return false;
      if (f.collection && !(r.collections ?? []).includes(f.collection)) return false;
      return true;
    };
  }

  /** Filter only (no query): best zero-shot score first, then user tags, then name. */
  list(f: HybridFilter, k: number): HybridHit[] {
    const ok = this.accept(f);
    const score = (r: ReferenceRecord) => (f.tag ? (r.userTags?.includes(f.tag) ? 1 : r.tags.find((t) => t.label === f.tag)?.score ?? 0) : 0);
    return [...this.refs.values()]
      .filter((r) => ok(r.id))
      .sort((a, b) => score(b) - score(a) || a.name.localeCompare(b.name))
      .slice(0, k)
      .map((r) => ({ id: r.id, ref: r, score: score(r), why: f.collection && !f.tag ? ['collection'] : ['tag'] }));
  }
}

export async function hybridSearch(lib: Library, meta: RefMeta, query: string, f: HybridFilter = {}, k = 12, signal?: AbortSignal): Promise<HybridResult> {
  if (meta.size === 0) throw new LibraryError('refs.error.emptyLibrary');
  const q = query.trim();
  const base = { truncated: false, maxLength: lib.model?.maxLength ?? 0, pictureOnly: false, textCut: false };
  if (!q) {
    if (f.tag || f.collection) return { ...base, hits: meta.list(f, k) };
    throw new LibraryError('refs.error.emptyQuery');
  }
  const accept = meta.accept(f);
  const pics = await lib.search(q, { k: Math.min(meta.size, Math.max(PICTURE_POOL, k)), ...(f.projectId ? { projectId: f.projectId } : {}) }, signal);
  const pictures = pics.hits.filter((h) => accept(h.id));
  const text = meta.text.search(q, { accept });
  const cos = new Map(pictures.map((h) => [h.id, h.score]));
  const fields = new Map(text.map((h) => [h.id, h.fields]));
  const fused = fuseTextPicture(text.map((h) => h.id), pictures.map((h) => h.id), FUSION);
  const hits = fused.slice(0, k).flatMap((x): HybridHit[] => {
    const ref = meta.refs.get(x.id);
    if (!ref) return [];
    const why: Why[] = [...(fields.get(x.id) ?? [])];
    if (x.ranks[1] > 0 && x.ranks[1] <= PICTURE_BADGE_RANK) why.push('picture');
    return [{ id: x.id, ref, score: x.score, ...(cos.has(x.id) ? { cosine: cos.get(x.id) } : {}), why }];
  });
  return { ...base, hits, truncated: pics.truncated, maxLength: pics.maxLength, pictureOnly: words(q).length === 0, textCut: q.length > MAX_QUERY_CHARS };
}
