/**
 * Bench entry (bundled into dist/__bench_search/search.js): the library's vector search at 10k /
 * 100k / 1M Toon-CLIP vectors (128-d): a plain-JS fp32 loop + heap (the baseline), the exact fp32
 * VectorIndex scan, the fast path (int8 WASM SIMD scan + fp32 rescoring of k × R candidates) and
 * its int8 kernel in plain JS; recall@10 of the fast path vs the exact result for R = 1, 2, 4, 8
 * on clustered "CLIP-like" vectors (image-like and text-like queries) and uniform ones
 * (test/bench/search-data.ts); bytes per reference and MB held.
 */
import { Int8Codes, TopK, VectorIndex, RESCORE } from '../../src/core/vectors';
import { clusteredSet, recallAt, uniformSet } from './search-data';

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timeEach<T>(qs: Float32Array[], fn: (q: Float32Array) => T): { ms: number; out: T[] } {
  fn(qs[0]); // warm-up
  const ts: number[] = [];
  const out = qs.map((q) => {
    const t = performance.now();
    const r = fn(q);
    ts.push(performance.now() - t);
    return r;
  });
  return { ms: median(ts), out };
}

const rowsOf = (a: Float32Array, dim: number) =>
  Array.from({ length: a.length / dim }, (_, i) => a.subarray(i * dim, (i + 1) * dim));

export function searchScale(n: number, { dim = 128, k = 10, queries = 20, uniform = true } = {}) {
  const set = clusteredSet(n, dim, queries, n);
  const index = new VectorIndex(dim);
  for (let i = 0; i < n; i++) index.upsert(`ref-${i}`, set.data.subarray(i * dim, (i + 1) * dim));
  const fp32Bytes = index.memoryBytes;
  set.data = new Float32Array(0);
  // Baseline: plain JS — one accumulator over one flat Float32Array (the index's rows), heap top-k.
  const flat = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) flat.set(index.get(`ref-${i}`)!, i * dim);
  const near = rowsOf(set.queries, dim);
  const far = rowsOf(set.far!, dim);
  const unit = (q: Float32Array) => {
    let s = 0;
    for (const x of q) s += x * x;
    return q.map((x) => x / Math.sqrt(s));
  };
  const plain = timeEach(near, (q0) => {
    const q = unit(q0);
    const top = new TopK(k);
    for (let i = 0; i < n; i++) {
      let s = 0;
      const o = i * dim;
      for (let j = 0; j < dim; j++) s += flat[o + j] * q[j];
      if (s > top.threshold) top.push(`ref-${i}`, s);
    }
    return top.result();
  });
  const exact = timeEach(near, (q) => index.search(q, k, undefined, { exact: true }));
  const fast = timeEach(near, (q) => index.search(q, k));
  const built = index.memoryBytes;
  const same = exact.out.every((e, i) => e.map((h) => h.id).join() === plain.out[i].map((h) => h.id).join());
  const exactFar = far.map((q) => index.search(q, k, undefined, { exact: true }));
  const recall: Record<string, number> = {};
  for (const R of [1, 2, 4, 8]) {
    recall[`near R${R}`] = recallAt(
      exact.out,
      near.map((q) => index.search(q, k, undefined, { rescore: R })),
      k,
    );
    recall[`far R${R}`] = recallAt(
      exactFar,
      far.map((q) => index.search(q, k, undefined, { rescore: R })),
      k,
    );
  }
  // Exactness of the rescoring: each fast hit's score is the exact fp32 cosine.
  const scoresExact = fast.out.every((hits, i) =>
    hits.every((h) => exact.out[i].some((e) => e.id === h.id && e.score === h.score)),
  );
  // The int8 kernel in plain JS (what runs without WebAssembly SIMD), scan only.
  const js = new Int8Codes(dim, { forceJs: true });
  js.reserve(n, true);
  js.alloc(n);
  for (let i = 0; i < n; i++) js.set(i, flat, i * dim);
  const scratch = new Float32Array(4096);
  const jsScan = timeEach(near.slice(0, 5), (q) => {
    js.setQuery(unit(q));
    for (let f = 0; f < n; f += 4096) js.scan(f, Math.min(4096, n - f), scratch);
    return 0;
  });
  const uniformRecall: Record<string, number> = {};
  if (uniform) {
    const u = uniformSet(n, dim, queries, n + 1);
    const ui = new VectorIndex(dim);
    for (let i = 0; i < n; i++) ui.upsert(`u${i}`, u.data.subarray(i * dim, (i + 1) * dim));
    const uq = rowsOf(u.queries, dim);
    const ue = uq.map((q) => ui.search(q, k, undefined, { exact: true }));
    for (const R of [1, 2, 4])
      uniformRecall[`uniform R${R}`] = recallAt(
        ue,
        uq.map((q) => ui.search(q, k, undefined, { rescore: R })),
        k,
      );
  }
  return {
    n,
    R: RESCORE,
    kernel: index.fastKernel,
    plainMs: plain.ms,
    exactMs: exact.ms,
    fastMs: fast.ms,
    jsScanMs: jsScan.ms,
    same,
    scoresExact,
    recall,
    uniformRecall,
    bytesPerRef: built / n,
    fp32BytesPerRef: fp32Bytes / n,
    mb: built / 2 ** 20,
  };
}
