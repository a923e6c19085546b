/**
 * Hybrid reference search (pure; run by the vectors worker, workers/vectors/library-index.ts):
 * a BM25 TextIndex over each reference's text (file name; tags the user gave or accepted and
 * zero-shot tags above the calibrated threshold; collections; notes) kept in step with the
 * records, fused with the CLIP picture ranking by weighted reciprocal rank fusion (FUSION).
 * Each hit says why it matched: name / tag / collection / note, and picture when its CLIP rank
 * is ≤ PICTURE_BADGE_RANK. Filters: project, tag (zero-shot or user), collection.
 */
import type { ReferenceRecord } from '../../store/schema';
import { TextIndex, MAX_QUERY_CHARS, type TextField } from './text-index';
import { fuseTextPicture, FUSION, type FusionParams } from './fusion';
import { words } from './tokens';

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
  /** Fused score (RRF), or the tag score of a filter-only list. */
  score: number;
  /** CLIP cosine when the picture ranking had it. */
  cosine?: number;
  why: Why[];
}

export interface HybridAnswer {
  hits: HybridHit[];
  /** The query had no words (emoji only, symbols): ranked by picture alone. */
  pictureOnly: boolean;
  /** The query was longer than the text matcher reads (MAX_QUERY_CHARS). */
  textCut: boolean;
}

/** Applied + user tags of a record (what is searched and filtered). */
export function tagsOf(r: ReferenceRecord): string[] {
  return [...new Set([...(r.userTags ?? []), ...r.tags.map((t) => t.label)])];
}

/** The records and their text index, kept in step (`set` / `delete` / `reset`). */
export class RefText {
  readonly refs = new Map<string, ReferenceRecord>();
  readonly text = new TextIndex();

  get size(): number {
    return this.refs.size;
  }

  reset(recs: readonly ReferenceRecord[]): void {
    for (const id of [...this.refs.keys()]) this.delete(id);
    for (const r of recs) this.set(r);
  }

  set(r: ReferenceRecord): void {
    this.refs.set(r.id, r);
    this.text.upsert({
      id: r.id,
      name: r.name,
      tags: tagsOf(r),
      collections: r.collections ?? [],
      notes: r.notes ?? '',
    });
  }

  delete(id: string): void {
    this.refs.delete(id);
    this.text.remove(id);
  }

  /** Every tag (applied + user) in use, sorted. */
  tags(): string[] {
    const out = new Set<string>();
    for (const r of this.refs.values()) for (const t of tagsOf(r)) out.add(t);
    return [...out].sort();
  }

  collections(): string[] {
    const out = new Set<string>();
    for (const r of this.refs.values()) for (const c of r.collections ?? []) out.add(c);
    return [...out].sort();
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

  /** Filter only (no query): best zero-shot score first (a user tag counts 1), then name. */
  list(f: HybridFilter, k: number): HybridHit[] {
    const ok = this.accept(f);
    const score = (r: ReferenceRecord) =>
      f.tag ? (r.userTags?.includes(f.tag) ? 1 : (r.tags.find((t) => t.label === f.tag)?.score ?? 0)) : 0;
    const why: Why[] = f.collection && !f.tag ? ['collection'] : ['tag'];
    return [...this.refs.values()]
      .filter((r) => ok(r.id))
      .sort((a, b) => score(b) - score(a) || a.name.localeCompare(b.name))
      .slice(0, k)
      .map((r) => ({ id: r.id, ref: r, score: score(r), why: [...why] }));
  }

  /**
   * Text ranking of `query` fused with `pictures` (CLIP hits best first, any filter not yet
   * applied); the top `k` with their why-badges.
   */
  fuse(
    query: string,
    pictures: readonly { id: string; score: number }[],
    f: HybridFilter,
    k: number,
    params: FusionParams = FUSION,
  ): HybridAnswer {
    const q = query.trim();
    const accept = this.accept(f);
    const pics = pictures.filter((h) => accept(h.id));
    const text = this.text.search(q, { accept });
    const cos = new Map(pics.map((h) => [h.id, h.score]));
    const fields = new Map(text.map((h) => [h.id, h.fields]));
    const fused = fuseTextPicture(
      text.map((h) => h.id),
      pics.map((h) => h.id),
      params,
    );
    const hits = fused.slice(0, k).flatMap((x): HybridHit[] => {
      const ref = this.refs.get(x.id);
      if (!ref) return [];
      const why: Why[] = [...(fields.get(x.id) ?? [])];
      if (x.ranks[1] > 0 && x.ranks[1] <= PICTURE_BADGE_RANK) why.push('picture');
      return [{ id: x.id, ref, score: x.score, ...(cos.has(x.id) ? { cosine: cos.get(x.id) } : {}), why }];
    });
    return { hits, pictureOnly: words(q).length === 0, textCut: q.length > MAX_QUERY_CHARS };
  }
}
