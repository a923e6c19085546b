/**
 * Validation vectors for the fast search (shared by test/unit/vectors-fast.test.ts and
 * test/bench/search-scale.entry.ts). Two kinds, both seeded:
 *
 * - `uniform`: i.i.d. uniform components (a weak proxy: neighbours are far apart and similar).
 * - `clustered` ("CLIP-like"): what real embeddings look like — a shared mean offset (the
 *   "cone" of CLIP embeddings, all cosines > 0), a few dominant dimensions (per-dim spread from
 *   0.3 to 3, 4 outlier dims), and tight clusters (one per ~50 vectors: near-duplicate panels
 *   and series). Queries: `near` = a cluster centre plus the same noise as the data (an image
 *   query), `far` = a cluster centre plus 3× the noise (a text query, whose cosines with images
 *   are low and close together — the hardest case for a quantized ranking).
 */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32 - 0.5;
}

/** Standard normal from the lcg (Box–Muller). */
function gauss(r: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(r() + 0.5 + 1e-12)) * Math.cos(2 * Math.PI * (r() + 0.5));
}

export interface VectorSet {
  /** n × dim, row-major (not normalized). */
  data: Float32Array;
  /** queries × dim. */
  queries: Float32Array;
  /** clusteredSet only: the same number of `far` (text-like) queries. */
  far?: Float32Array;
}

export function uniformSet(n: number, dim: number, queries: number, seed = 1): VectorSet {
  const r = lcg(seed);
  return { data: Float32Array.from({ length: n * dim }, r), queries: Float32Array.from({ length: queries * dim }, r) };
}

export function clusteredSet(n: number, dim: number, queries: number, seed = 2): VectorSet {
  const r = lcg(seed);
  const g = gauss(r);
  const spread = Float32Array.from({ length: dim }, (_, d) => (d % 32 === 5 ? 3 : 0.3 + 0.7 * (r() + 0.5)));
  const mean = Float32Array.from({ length: dim }, (_, d) => 0.8 * spread[d] * (r() + 0.5));
  const nc = Math.max(4, Math.min(20_000, Math.round(n / 50)));
  const centres = new Float32Array(nc * dim);
  for (let c = 0; c < nc; c++) for (let d = 0; d < dim; d++) centres[c * dim + d] = mean[d] + spread[d] * g();
  const noise = 0.35;
  const data = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const c = Math.floor((r() + 0.5) * nc) % nc;
    for (let d = 0; d < dim; d++) data[i * dim + d] = centres[c * dim + d] + noise * spread[d] * g();
  }
  const query = (scale: number) => {
    const qs = new Float32Array(queries * dim);
    for (let i = 0; i < queries; i++) {
      const c = Math.floor((r() + 0.5) * nc) % nc;
      for (let d = 0; d < dim; d++) qs[i * dim + d] = centres[c * dim + d] + scale * noise * spread[d] * g();
    }
    return qs;
  };
  return { data, queries: query(1), far: query(3) };
}

/** Mean |fast top-k ∩ exact top-k| / k. */
export function recallAt(exact: { id: string }[][], fast: { id: string }[][], k: number): number {
  let s = 0;
  exact.forEach((e, i) => {
    const want = new Set(e.slice(0, k).map((h) => h.id));
    s += fast[i].slice(0, k).filter((h) => want.has(h.id)).length / Math.min(k, want.size || 1);
  });
  return s / exact.length;
}
