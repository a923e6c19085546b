/** Pure vector index: exact top-K vs a naive full sort, append/replace/delete, chunk round trip. */
import { describe, expect, it } from 'vitest';
import { VectorIndex, TopK, dotAt, l2normalize } from '../../src/core/vectors';
import { checkClipFolder } from '../../workers/models/clip-folder';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

function randomVec(r: () => number, dim: number): Float32Array {
  return Float32Array.from({ length: dim }, r);
}

function naive(vectors: Map<string, Float32Array>, q: Float32Array, k: number, order: string[]) {
  const qn = l2normalize(q);
  const all = order
    .filter((id) => vectors.has(id))
    .map((id) => {
      const v = l2normalize(vectors.get(id)!);
      let s = 0;
      for (let i = 0; i < v.length; i++) s += v[i] * qn[i];
      return { id, score: s };
    });
  all.sort((a, b) => b.score - a.score);
  return all.slice(0, k);
}

describe('dot and TopK', () => {
  it('dotAt equals a plain loop for any dim (remainder lanes) and offset', () => {
    const r = rng(1);
    for (const dim of [1, 3, 4, 7, 128, 130]) {
      const data = randomVec(r, dim * 3);
      const q = randomVec(r, dim);
      let s = 0;
      for (let i = 0; i < dim; i++) s += data[dim + i] * q[i];
      expect(dotAt(data, dim, q, dim)).toBeCloseTo(s, 5);
    }
  });
  it('TopK keeps the k best, ties in insertion order', () => {
    const t = new TopK(3);
    [
      ['a', 1],
      ['b', 5],
      ['c', 5],
      ['d', 0],
      ['e', 7],
      ['f', 5],
    ].forEach(([id, s]) => t.push(id as string, s as number));
    expect(t.result().map((h) => h.id)).toEqual(['e', 'b', 'c']);
  });
});

describe('VectorIndex', () => {
  it('top-K is identical to a naive full sort (ids and scores), across chunks, with filters', () => {
    const r = rng(42);
    const dim = 24;
    const idx = new VectorIndex(dim, { chunkRows: 64 });
    const vectors = new Map<string, Float32Array>();
    const order: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const id = `r${i}`;
      const v = randomVec(r, dim);
      idx.upsert(id, v);
      vectors.set(id, v);
      order.push(id);
    }
    for (let i = 0; i < 1000; i += 7) {
      idx.remove(`r${i}`);
      vectors.delete(`r${i}`);
    }
    expect(idx.size).toBe(vectors.size);
    for (let trial = 0; trial < 20; trial++) {
      const q = randomVec(r, dim);
      for (const k of [1, 10, 50]) {
        const got = idx.search(q, k);
        const want = naive(vectors, q, k, order);
        expect(got.map((h) => h.id)).toEqual(want.map((h) => h.id));
        got.forEach((h, i) => expect(h.score).toBeCloseTo(want[i].score, 5));
      }
      const even = (id: string) => Number(id.slice(1)) % 2 === 0;
      const evenVecs = new Map([...vectors].filter(([id]) => even(id)));
      expect(idx.search(q, 10, even).map((h) => h.id)).toEqual(naive(evenVecs, q, 10, order).map((h) => h.id));
    }
  });

  it('append, replace, delete, reuse of deleted rows; chunk data round-trips', () => {
    const idx = new VectorIndex(4, { chunkRows: 2, firstChunkId: 10 });
    const a = idx.upsert('a', [1, 0, 0, 0]);
    const b = idx.upsert('b', [0, 1, 0, 0]);
    const c = idx.upsert('c', [0, 0, 1, 0]);
    expect([a.location, b.location, c.location]).toEqual([
      { chunkId: 10, row: 0 },
      { chunkId: 10, row: 1 },
      { chunkId: 11, row: 0 },
    ]);
    expect(idx.search([0, 1, 0, 0], 1)[0]).toEqual({ id: 'b', score: 1 });
    idx.upsert('b', [0, 0, 0, 3]); // replace in place, normalized
    expect(idx.locate('b')).toEqual({ chunkId: 10, row: 1 });
    expect(Array.from(idx.get('b')!)).toEqual([0, 0, 0, 1]);
    const removed = idx.remove('a')!;
    expect(removed.ids).toEqual(['', 'b']);
    expect(Array.from(new Float32Array(removed.data).slice(0, 4))).toEqual([0, 0, 0, 0]);
    expect(idx.search([1, 0, 0, 0], 5).map((h) => h.id)).not.toContain('a');
    expect(idx.upsert('d', [1, 1, 0, 0]).location).toEqual({ chunkId: 11, row: 1 }); // free row of the last chunk
    const copy = new VectorIndex(4, { chunkRows: 2, chunks: idx.allChunks() });
    expect(copy.size).toBe(3);
    expect(copy.search([1, 1, 0, 0], 3)).toEqual(idx.search([1, 1, 0, 0], 3));
    expect(copy.upsert('e', [1, 2, 3, 4]).location).toEqual({ chunkId: 10, row: 0 }); // the deleted row is reused
    expect(copy.upsert('f', [1, 2, 3, 5]).location).toEqual({ chunkId: 12, row: 0 }); // then a new chunk
  });

  it('refuses wrong sizes and non-finite values without changing the index', () => {
    const idx = new VectorIndex(3);
    idx.upsert('a', [1, 2, 3]);
    expect(() => idx.upsert('b', [1, 2])).toThrow(/size/);
    expect(() => idx.upsert('b', [1, NaN, 2])).toThrow(/non-finite/);
    expect(() => idx.search([1, 2], 1)).toThrow(/size/);
    expect(
      () => new VectorIndex(3, { chunks: [{ id: 1, dim: 4, rows: 0, data: new ArrayBuffer(0), ids: [] }] }),
    ).toThrow(/size/);
    expect(idx.size).toBe(1);
    expect(idx.has('b')).toBe(false);
  });
});

describe('imported CLIP folder check', () => {
  const enc = (o: unknown) => new TextEncoder().encode(JSON.stringify(o)).buffer as ArrayBuffer;
  const good = {
    'my-clip/config.json': enc({ model_type: 'clip', projection_dim: 128 }),
    'my-clip/tokenizer.json': enc({}),
    'my-clip/preprocessor_config.json': enc({}),
    'my-clip/onnx/text_model.onnx': new ArrayBuffer(4),
    'my-clip/onnx/vision_model.onnx': new ArrayBuffer(4),
    'my-clip/README.md': new ArrayBuffer(1),
  };
  it('accepts the layout, strips the top folder and drops unrelated files', () => {
    const c = checkClipFolder(good);
    expect(c.ok).toBe(true);
    expect(c.dim).toBe(128);
    expect(Object.keys(c.files).sort()).toEqual([
      'config.json',
      'onnx/text_model.onnx',
      'onnx/vision_model.onnx',
      'preprocessor_config.json',
      'tokenizer.json',
    ]);
  });
  it('names missing files, a wrong model type and a size mismatch', () => {
    const { ['my-clip/onnx/vision_model.onnx']: _, ...missing } = good;
    expect(checkClipFolder(missing).problems).toEqual(['missing onnx/vision_model.onnx']);
    expect(
      checkClipFolder({ ...good, 'my-clip/config.json': enc({ model_type: 'bert', projection_dim: 8 }) }).problems[0],
    ).toMatch(/bert/);
    expect(checkClipFolder(good, 512).problems[0]).toMatch(/128 does not match the library's 512/);
    expect(
      checkClipFolder({ ...good, 'my-clip/config.json': new TextEncoder().encode('{').buffer as ArrayBuffer }).problems,
    ).toContain('config.json is not valid JSON');
  });
});
