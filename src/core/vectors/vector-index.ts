/**
 * VectorIndex: one model's vectors in contiguous Float32Array chunks (pure, DOM-free).
 *
 * - Vectors are L2-normalized on append, so a dot product is the cosine similarity.
 * - A chunk holds up to `chunkRows` rows of `dim` floats, row-major, plus the reference id per
 *   row ('' = deleted row, skipped by search, reused by the next append).
 * - Mutations return the chunk they changed, so the caller persists exactly that chunk.
 * - search() is exact: it scores every live row (dotAt over contiguous memory) into a TopK heap.
 */
import { dotAt, l2normalize } from './dot';
import { TopK, type Hit } from './topk';

export interface VectorChunk {
  id: number;
  dim: number;
  /** Rows in use (live or deleted); data.length ≥ rows × dim. */
  rows: number;
  data: Float32Array;
  ids: string[];
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
      const chunk: VectorChunk = { id: c.id, dim, rows: c.rows, data, ids: c.ids.slice(0, c.rows) };
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
    return this.toData(w.chunk);
  }

  /** Exact top-k by cosine; `accept` filters ids (e.g. by project or tag). */
  search(query: ArrayLike<number>, k: number, accept?: (id: string) => boolean): Hit[] {
    if (query.length !== this.dim) {
      throw new Error(`Query size ${query.length} does not match the index (${this.dim})`);
    }
    const q = l2normalize(query);
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
