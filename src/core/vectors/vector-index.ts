/**
 * VectorIndex: one model's vectors in contiguous Float32Array chunks (pure, DOM-free).
 *
 * - Vectors are L2-normalized on append, so a dot product is the cosine similarity.
 * - A chunk holds up to `chunkRows` rows of `dim` floats, row-major, plus the reference id per
 *   row ('' = deleted row, skipped by search, reused by the next append).
 * - Mutations return the chunk they changed, so the caller persists exactly that chunk.
 * - search() returns the exact top-k by cosine. Small indexes (< FAST_MIN live rows) score every
 *   live row in fp32 (dotAt over contiguous memory) into a TopK heap. Larger ones take the fast
 *   path: an int8 copy of every row (Int8Codes, built on the first search and kept in step by
 *   upsert/remove) is scanned by the WASM SIMD kernel (int8-kernel.ts), the best k × RESCORE rows
 *   by that approximate score are kept (TopRows), and those are rescored exactly in fp32 — so the
 *   scores returned are the exact cosines, and the hits are the exact top-k whenever the true
 *   top-k are among the candidates (recall@10 vs exact: test/unit/vectors-fast.test.ts, bench
 *   test/bench/search-scale.bench.mjs).
 */
import { dotAt, l2normalize } from './dot';
import { TopK, type Hit } from './topk';
import { TopRows } from './top-rows';
import { Int8Codes, OUT_ROWS } from './int8-codes';

/** Live rows from which search() takes the int8 fast path. */
export const FAST_MIN = 4096;
/**
 * Candidates rescored in fp32 per wanted hit (k × RESCORE). Chosen on validation queries
 * (test/bench/search-scale.entry.ts, 20 queries per set, 128-d, 10k / 100k / 1M rows): clustered
 * anisotropic "CLIP-like" vectors with image-like and text-like queries, and uniform random ones.
 * recall@10 vs the exact fp32 top-10: R 1 → 0.955–0.98; R 2, 4 and 8 → 1.000 on every set and
 * size. RESCORE 4 is twice the smallest R that was exact everywhere.
 */
export const RESCORE = 4;

export interface SearchOptions {
  /** Force the plain fp32 scan (the reference the fast path is checked against). */
  exact?: boolean;
  /** Candidates per hit for the fast path (default RESCORE). */
  rescore?: number;
  /** Use the fast path at any size (tests). */
  fast?: boolean;
}

export interface VectorChunk {
  id: number;
  dim: number;
  /** Rows in use (live or deleted); data.length ≥ rows × dim. */
  rows: number;
  data: Float32Array;
  ids: string[];
  /** First slot of this chunk's rows in the int8 codes (-1 until the codes are built). */
  slot: number;
}

/** The persisted shape (VectorChunkRecord in src/store/schema.ts, minus modelId). */
export interface ChunkData {
  id: number;
  dim: number;
  rows: number;
  data: ArrayBuffer;
  ids: string[];
}

export interface Location {
  chunkId: number;
  row: number;
}

export class VectorIndex {
  private readonly chunks: VectorChunk[] = [];
  private readonly where = new Map<string, { chunk: VectorChunk; row: number }>();
  /** Free rows (deleted) per chunk, and the chunks that still have room. */
  private readonly holes = new Map<VectorChunk, number[]>();
  private readonly open = new Set<VectorChunk>();
  private nextId: number;
  private codes?: Int8Codes;
  private scratch?: Float32Array;

  constructor(
    readonly dim: number,
    { chunkRows = 1024, firstChunkId = 1, chunks = [] as ChunkData[] } = {},
  ) {
    if (!Number.isInteger(dim) || dim <= 0) throw new Error(`Bad vector size: ${dim}`);
    this.chunkRows = chunkRows;
    let maxId = firstChunkId - 1;
    for (const c of chunks) {
      if (c.dim !== dim) throw new Error(`Chunk ${c.id} has vector size ${c.dim}, index has ${dim}`);
      const cap = Math.max(c.rows, chunkRows);
      const data = new Float32Array(cap * dim);
      data.set(new Float32Array(c.data, 0, c.rows * dim));
      const chunk: VectorChunk = { id: c.id, dim, rows: c.rows, data, ids: c.ids.slice(0, c.rows), slot: -1 };
      this.chunks.push(chunk);
      const holes: number[] = [];
      chunk.ids.forEach((id, row) => {
        if (id) this.where.set(id, { chunk, row });
        else holes.push(row);
      });
      this.holes.set(chunk, holes.reverse());
      if (holes.length > 0 || chunk.rows < cap) this.open.add(chunk);
      maxId = Math.max(maxId, c.id);
    }
    this.nextId = maxId + 1;
  }

  readonly chunkRows: number;

  get size(): number {
    return this.where.size;
  }

  has(id: string): boolean {
    return this.where.has(id);
  }

  ids(): string[] {
    return [...this.where.keys()];
  }

  locate(id: string): Location | undefined {
    const w = this.where.get(id);
    return w && { chunkId: w.chunk.id, row: w.row };
  }

  /** The stored (normalized) vector of `id`, as a copy. */
  get(id: string): Float32Array | undefined {
    const w = this.where.get(id);
    if (!w) return undefined;
    return w.chunk.data.slice(w.row * this.dim, (w.row + 1) * this.dim);
  }

  /** Adds or replaces the vector of `id`. Returns its location and (lazily) the chunk to persist. */
  upsert(id: string, vector: ArrayLike<number>): { location: Location; chunk: ChunkData } {
    if (!id) throw new Error('Empty id');
    if (vector.length !== this.dim) {
      throw new Error(`Vector size ${vector.length} does not match the index (${this.dim})`);
    }
    for (let i = 0; i < vector.length; i++) {
      if (!Number.isFinite(vector[i])) throw new Error('Vector has a non-finite value');
    }
    const v = l2normalize(vector);
    let target = this.where.get(id);
    if (!target) {
      target = this.freeSlot();
      target.chunk.ids[target.row] = id;
      this.where.set(id, target);
    }
    target.chunk.data.set(v, target.row * this.dim);
    const c = target.chunk;
    if (this.codes) this.codes.set(this.slotOf(c) + target.row, c.data, target.row * this.dim);
    // The persisted copy is made only when asked for (bulk appends never copy chunks).
    const toData = () => this.toData(c);
    return {
      location: { chunkId: c.id, row: target.row },
      get chunk() {
        return toData();
      },
    };
  }

  /** Deletes `id` (its row becomes free). Returns the chunk to persist, or undefined if absent. */
  remove(id: string): ChunkData | undefined {
    const w = this.where.get(id);
    if (!w) return undefined;
    this.where.delete(id);
    w.chunk.ids[w.row] = '';
    this.holes.get(w.chunk)?.push(w.row);
    this.open.add(w.chunk);
    w.chunk.data.fill(0, w.row * this.dim, (w.row + 1) * this.dim);
    if (this.codes) this.codes.clear(this.slotOf(w.chunk) + w.row);
    return this.toData(w.chunk);
  }

  /** Exact top-k by cosine; `accept` filters ids (e.g. by project or tag). See the file comment for the fast path. */
  search(query: ArrayLike<number>, k: number, accept?: (id: string) => boolean, opts: SearchOptions = {}): Hit[] {
    if (query.length !== this.dim) {
      throw new Error(`Query size ${query.length} does not match the index (${this.dim})`);
    }
    const q = l2normalize(query);
    const pool = Math.max(1, k) * (opts.rescore ?? RESCORE);
    const fast = !opts.exact && k > 0 && (opts.fast || this.size >= FAST_MIN) && pool < this.size;
    return fast ? this.searchFast(q, k, pool, accept) : this.searchExact(q, k, accept);
  }

  private searchExact(q: Float32Array, k: number, accept?: (id: string) => boolean): Hit[] {
    const top = new TopK(k);
    const dim = this.dim;
    for (const c of this.chunks) {
      const { data, ids, rows } = c;
      for (let r = 0, o = 0; r < rows; r++, o += dim) {
        const id = ids[r];
        if (!id) continue;
        const s = dotAt(data, o, q, dim);
        if (s <= top.threshold) continue;
        if (accept && !accept(id)) continue;
        top.push(id, s);
      }
    }
    return top.result();
  }

  /** int8 scan → best `pool` candidates → exact fp32 rescoring, pushed in scan order (same ties as exact). */
  private searchFast(q: Float32Array, k: number, pool: number, accept?: (id: string) => boolean): Hit[] {
    const codes = this.buildCodes();
    codes.setQuery(q);
    const cand = new TopRows(pool);
    const approx = (this.scratch ??= new Float32Array(OUT_ROWS));
    this.chunks.forEach((c, ci) => {
      const { ids, rows, slot } = c;
      for (let from = 0; from < rows; from += OUT_ROWS) {
        const n = Math.min(OUT_ROWS, rows - from);
        codes.scan(slot + from, n, approx);
        for (let i = 0; i < n; i++) {
          const s = approx[i];
          if (s <= cand.threshold) continue;
          const id = ids[from + i];
          if (!id) continue;
          if (accept && !accept(id)) continue;
          cand.push(s, ci, from + i);
        }
      }
    });
    const top = new TopK(k);
    for (const { chunk, row } of cand.positions()) {
      const c = this.chunks[chunk];
      top.push(c.ids[row], dotAt(c.data, row * this.dim, q, this.dim));
    }
    return top.result();
  }

  /** The int8 codes of every row, built once (then kept in step by upsert/remove). */
  private buildCodes(): Int8Codes {
    if (!this.codes) {
      this.codes = new Int8Codes(this.dim);
      this.codes.reserve(
        this.chunks.reduce((n, c) => n + c.data.length / this.dim, 0),
        true,
      );
      for (const c of this.chunks) {
        c.slot = -1;
        const base = this.slotOf(c);
        for (let r = 0; r < c.rows; r++) if (c.ids[r]) this.codes.set(base + r, c.data, r * this.dim);
      }
    }
    return this.codes;
  }

  private slotOf(c: VectorChunk): number {
    if (c.slot < 0) c.slot = this.codes!.alloc(c.data.length / this.dim);
    return c.slot;
  }

  /** Whether the fast path's codes exist and run on WASM SIMD (undefined: not built yet). */
  get fastKernel(): 'simd' | 'js' | undefined {
    return this.codes && (this.codes.simd ? 'simd' : 'js');
  }

  /** Bytes held in memory by the vectors: fp32 chunks + int8 codes and scales (when built). */
  get memoryBytes(): number {
    return this.chunks.reduce((s, c) => s + c.data.byteLength, 0) + (this.codes?.bytes ?? 0);
  }

  /** Every chunk in its persisted shape. */
  allChunks(): ChunkData[] {
    return this.chunks.map((c) => this.toData(c));
  }

  private freeSlot(): { chunk: VectorChunk; row: number } {
    for (const c of this.open) {
      const hole = this.holes.get(c)?.pop();
      if (hole !== undefined) {
        if (!this.hasRoom(c)) this.open.delete(c);
        return { chunk: c, row: hole };
      }
      if (c.rows < c.data.length / this.dim) {
        c.ids.push('');
        const row = c.rows++;
        if (!this.hasRoom(c)) this.open.delete(c);
        return { chunk: c, row };
      }
      this.open.delete(c);
    }
    const chunk: VectorChunk = {
      id: this.nextId++,
      dim: this.dim,
      rows: 1,
      data: new Float32Array(this.chunkRows * this.dim),
      ids: [''],
      slot: -1,
    };
    this.chunks.push(chunk);
    this.holes.set(chunk, []);
    if (this.hasRoom(chunk)) this.open.add(chunk);
    return { chunk, row: 0 };
  }

  private hasRoom(c: VectorChunk): boolean {
    return (this.holes.get(c)?.length ?? 0) > 0 || c.rows < c.data.length / this.dim;
  }

  private toData(c: VectorChunk): ChunkData {
    return { id: c.id, dim: c.dim, rows: c.rows, data: c.data.slice(0, c.rows * c.dim).buffer, ids: c.ids.slice() };
  }
}

export { type Hit } from './topk';
