/**
 * Weighted reciprocal rank fusion (pure): score(d) = Σ_lists weight / (k + rank(d)), rank from 1;
 * a document missing from a list gets nothing from it. Ties: better best rank, then id.
 *
 * FUSION holds the shipped parameters, chosen on the validation split of
 * scripts/search/choose-fusion.mjs (see src/features/references/README.md for the set, the grid
 * and the numbers).
 */

export interface RankedList {
  /** Ids, best first. */
  ids: readonly string[];
  weight: number;
}

export interface Fused {
  id: string;
  score: number;
  /** Rank (from 1) in each input list, or 0 when absent. */
  ranks: number[];
}

export interface FusionParams {
  k: number;
  text: number;
  picture: number;
}

/** Chosen on the validation split (k from {1,5,10,20,60}, text weight 0.5–4, picture 1): scripts/search/fusion-validation.json. */
export const FUSION: FusionParams = { k: 5, text: 1.5, picture: 1 };

export function rrf(lists: readonly RankedList[], k: number): Fused[] {
  const byId = new Map<string, Fused>();
  lists.forEach((list, li) => {
    list.ids.forEach((id, i) => {
      let f = byId.get(id);
      if (!f) byId.set(id, (f = { id, score: 0, ranks: lists.map(() => 0) }));
      if (f.ranks[li] !== 0) return;
      f.ranks[li] = i + 1;
      f.score += list.weight / (k + i + 1);
    });
  });
  const best = (f: Fused) => Math.min(...f.ranks.filter((r) => r > 0));
  return [...byId.values()].sort((a, b) => b.score - a.score || best(a) - best(b) || a.id.localeCompare(b.id));
}

/** Text + picture rankings fused with `params` (defaults: FUSION). */
export function fuseTextPicture(
  text: readonly string[],
  picture: readonly string[],
  params: FusionParams = FUSION,
): Fused[] {
  return rrf(
    [
      { ids: text, weight: params.text },
      { ids: picture, weight: params.picture },
    ],
    params.k,
  );
}
