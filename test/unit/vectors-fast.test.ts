/**
 * The fast vector search (src/core/vectors: int8 codes, WASM SIMD kernel, fp32 rescoring):
 * kernel results equal plain integer dot products (SIMD and JS), the fast top-10 matches the
 * exact fp32 top-10 (recall@10 ≥ 0.99) on clustered CLIP-like and uniform vectors, every
 * returned score is the exact fp32 cosine, and upsert/remove/filters behave as in the exact path.
 */
import { describe, expect, it } from 'vitest';
import { createKernel, dotAt, Int8Codes, l2normalize, SIMD_MODULE, VectorIndex } from '../../src/core/vectors';
import { clusteredSet, lcg, recallAt, uniformSet } from '../bench/search-data';

const DIM = 128;

function indexOf(data: Float32Array, n: number, dim = DIM): VectorIndex {
  const idx = new VectorIndex(dim, { chunkRows: 1000 });
  for (let i = 0; i < n; i++) idx.upsert(`r${i}`, data.subarray(i * dim, (i + 1) * dim));
  return idx;
}

const rows = (a: Float32Array, dim = DIM) =>
  Array.from({ length: a.length / dim }, (_, i) => a.subarray(i * dim, (i + 1) * dim));

describe('int8 kernel', () => {
  it('the SIMD module validates and both kernels give the exact integer dot products', () => {
    expect(WebAssembly.validate(SIMD_MODULE)).toBe(true);
    const r = lcg(5);
    const n = 37;
    for (const forceJs of [false, true]) {
      const k = createKernel(DIM, { forceJs });
      expect(k.simd).toBe(!forceJs);
      const m = new Int8Array(k.memory.buffer);
      const q = 0;
      const out = 256;
      const codes = 1024;
      for (let i = 0; i < DIM; i++) m[q + i] = Math.round(r() * 254);
      for (let i = 0; i < n * DIM; i++) m[codes + i] = i < DIM ? (i % 2 ? 127 : -127) : Math.round(r() * 254);
      k.scan(codes, n, DIM, q, out);
      const got = new Int32Array(k.memory.buffer, out, n);
      for (let row = 0; row < n; row++) {
        let s = 0;
        for (let j = 0; j < DIM; j++) s += m[codes + row * DIM + j] * m[q + j];
        expect(got[row]).toBe(s);
      }
    }
  });

  it('a dim that is not a multiple of 16 falls back to the JS kernel', () => {
    expect(createKernel(100).simd).toBe(false);
    const codes = new Int8Codes(100);
    const v = l2normalize(Float32Array.from({ length: 100 }, lcg(3)));
    codes.alloc(1);
    codes.set(0, v, 0);
    codes.setQuery(v);
    const out = new Float32Array(1);
    codes.scan(0, 1, out);
    expect(out[0]).toBeGreaterThan(0);
  });
});

describe('fast search vs exact fp32', () => {
  const n = 20_000;
  const k = 10;
  for (const [name, set] of [
    ['clustered, image-like queries', clusteredSet(n, DIM, 40, 11)],
    ['uniform', uniformSet(n, DIM, 40, 12)],
  ] as const) {
    it(`recall@10 ≥ 0.99 and exact scores (${name})`, () => {
      const idx = indexOf(set.data, n);
      const qs = rows(set.queries);
      const exact = qs.map((q) => idx.search(q, k, undefined, { exact: true }));
      const fast = qs.map((q) => idx.search(q, k));
      expect(idx.fastKernel).toBe('simd');
      expect(recallAt(exact, fast, k)).toBeGreaterThanOrEqual(0.99);
      fast.forEach((hits, i) => {
        const q = l2normalize(qs[i]);
        expect(hits).toHaveLength(k);
        for (const h of hits) expect(h.score).toBe(dotAt(idx.get(h.id)!, 0, q, DIM));
        for (let j = 1; j < hits.length; j++) expect(hits[j - 1].score).toBeGreaterThanOrEqual(hits[j].score);
      });
    });
  }

  it('text-like (far) queries on clustered vectors: recall@10 ≥ 0.99', () => {
    const set = clusteredSet(n, DIM, 40, 13);
    const idx = indexOf(set.data, n);
    const qs = rows(set.far!);
    expect(
      recallAt(
        qs.map((q) => idx.search(q, k, undefined, { exact: true })),
        qs.map((q) => idx.search(q, k)),
        k,
      ),
    ).toBeGreaterThanOrEqual(0.99);
  });

  it('rescoring is exact: when the true top-k are among the candidates the result IS the exact result', () => {
    const set = clusteredSet(3000, DIM, 20, 14);
    const idx = indexOf(set.data, 3000);
    for (const q of rows(set.queries)) {
      // 100 candidates per hit over 3,000 rows: the exact top-10 are always among them.
      expect(idx.search(q, 10, undefined, { fast: true, rescore: 100 })).toEqual(
        idx.search(q, 10, undefined, { exact: true }),
      );
    }
  });

  it('follows upserts, removals and filters after the codes are built', () => {
    const set = clusteredSet(6000, DIM, 5, 15);
    const idx = indexOf(set.data, 6000);
    const q = rows(set.queries)[0];
    const before = idx.search(q, 10);
    expect(idx.fastKernel).toBe('simd');
    // Removed: never returned; a new vector equal to the query: first, with score 1.
    idx.remove(before[0].id);
    idx.upsert('new', q);
    const after = idx.search(q, 10);
    expect(after[0].id).toBe('new');
    expect(after[0].score).toBeCloseTo(1, 6);
    expect(after.map((h) => h.id)).not.toContain(before[0].id);
    expect(after).toEqual(idx.search(q, 10, undefined, { exact: true }));
    // Replaced in place: the old top hit now points away from the query.
    idx.upsert(
      'new',
      q.map((x) => -x),
    );
    expect(idx.search(q, 10).map((h) => h.id)).not.toContain('new');
    // Filter: only accepted ids, same as the exact filtered search.
    const even = (id: string) => /\d+$/.test(id) && Number(/\d+$/.exec(id)![0]) % 2 === 0;
    const f = idx.search(q, 10, even);
    expect(f.every((h) => even(h.id))).toBe(true);
    expect(f).toEqual(idx.search(q, 10, even, { exact: true }));
    // Chunks appended after the codes were built (new rows beyond the loaded ones) are scanned.
    for (let i = 0; i < 1500; i++) idx.upsert(`late${i}`, rows(set.data)[i]);
    const late = idx.search(rows(set.data)[1400], 3);
    expect(late.map((h) => h.id)).toContain('late1400');
  });

  it('a reloaded index (chunks from the store) searches the same', () => {
    const set = clusteredSet(5000, DIM, 5, 16);
    const idx = indexOf(set.data, 5000);
    idx.remove('r7');
    const again = new VectorIndex(DIM, { chunks: idx.allChunks() });
    for (const q of rows(set.queries))
      expect(again.search(q, 10)).toEqual(idx.search(q, 10, undefined, { exact: true }));
  });
});
