/**
 * Hybrid reference search (issue 14), page side: the text index of the references and its fusion
 * with the CLIP picture ranking live in the vectors worker (src/core/search/hybrid.ts run by
 * workers/vectors/library-index.ts), so opening References at thousands of references builds
 * nothing on this thread. This module checks the request (empty library, empty query), lets the
 * Library embed the query text and ask the worker, and receives the top-k hits with why-badges.
 */
import type { HybridFilter, HybridHit, Why } from '../../core/search/hybrid';
import { LibraryError, type Library } from './library';

export { tagsOf, PICTURE_BADGE_RANK, PICTURE_POOL } from '../../core/search/hybrid';
export type { HybridFilter, HybridHit, Why };

export interface HybridResult {
  hits: HybridHit[];
  truncated: boolean;
  maxLength: number;
  /** The query had no words (emoji only, symbols): ranked by picture alone. */
  pictureOnly: boolean;
  /** The query was longer than the text matcher reads (MAX_QUERY_CHARS). */
  textCut: boolean;
}

export async function hybridSearch(
  lib: Library,
  query: string,
  f: HybridFilter = {},
  k = 12,
  signal?: AbortSignal,
): Promise<HybridResult> {
  if (lib.size === 0) throw new LibraryError('refs.error.emptyLibrary');
  const q = query.trim();
  if (!q && !f.tag && !f.collection) throw new LibraryError('refs.error.emptyQuery');
  const filter: HybridFilter = {
    ...(f.projectId ? { projectId: f.projectId } : {}),
    ...(f.tag ? { tag: f.tag } : {}),
    ...(f.collection ? { collection: f.collection } : {}),
  };
  const r = await lib.hybrid(q, filter, k, signal);
  return {
    hits: r.hits,
    truncated: r.truncated,
    maxLength: r.maxLength,
    pictureOnly: r.pictureOnly,
    textCut: r.textCut,
  };
}
