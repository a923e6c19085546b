/**
 * Int8Codes: an int8 copy of unit vectors for the fast scan (src/core/vectors/vector-index.ts).
 *
 * - Per-vector scale: code = round(v / s · 127) with s = max|v_i|, so every row uses the full
 *   int8 range whatever its norm spread; the approximate score of a row is dot(code, q8) · s.
 *   (The query's own scale is the same for every row and is left out of the ranking.)
 * - Rows live in slots: a chunk of the index allocates `cap` consecutive slots once and keeps
 *   them; a deleted row is all zeros (score 0, and the index skips it anyway).
 * - Layout of the kernel's memory (int8-kernel.ts): [query: dim rounded up to 16][scan output:
 *   OUT_ROWS int32][codes: slot × dim]. Bytes per stored vector: dim + 4 (the scale).
 */
import { createKernel, type ScanKernel } from './int8-kernel';

/** Rows scanned per kernel call (size of the int32 output area). */
export const OUT_ROWS = 4096;
const PAGE = 65536;

export class Int8Codes {
  readonly kernel: ScanKernel;
  private readonly qBytes: number;
  private readonly outAt: number;
  private readonly codesAt: number;
  private slots = 0;
  private capacity = 0;
  private scaleOf = new Float32Array(0);

  constructor(
    readonly dim: number,
    opts: { forceJs?: boolean } = {},
  ) {
    this.kernel = createKernel(dim, opts);
    this.qBytes = Math.ceil(dim / 16) * 16;
    this.outAt = this.qBytes;
    this.codesAt = this.outAt + OUT_ROWS * 4;
    this.reserve(0);
  }

  get simd(): boolean {
    return this.kernel.simd;
  }

  /** Slots allocated (live, deleted or spare rows of the index's chunks). */
  get size(): number {
    return this.slots;
  }

  /** Bytes held: kernel memory + scales. */
  get bytes(): number {
    return this.kernel.memory.buffer.byteLength + this.scaleOf.byteLength;
  }

  /** Allocates `n` consecutive zeroed slots; returns the first. */
  alloc(n: number): number {
    const first = this.slots;
    this.reserve(first + n);
    this.slots += n;
    return first;
  }

  /** Makes room for `slots` slots in all (exactly, when growing from a known total). */
  reserve(slots: number, exact = false): void {
    if (slots <= this.capacity && this.kernel.memory.buffer.byteLength > 0) return;
    const cap = exact ? slots : Math.max(slots, Math.ceil(this.capacity * 1.5), 1024);
    const need = this.codesAt + cap * this.dim;
    const have = this.kernel.memory.buffer.byteLength;
    if (need > have) this.kernel.memory.grow(Math.ceil((need - have) / PAGE));
    const scales = new Float32Array(cap);
    scales.set(this.scaleOf);
    this.scaleOf = scales;
    this.capacity = cap;
  }

  /** Stores the int8 code of the unit vector at `data[offset .. offset+dim)` in `slot`. */
  set(slot: number, data: Float32Array, offset: number): void {
    const dim = this.dim;
    let m = 0;
    for (let i = 0; i < dim; i++) {
      const a = Math.abs(data[offset + i]);
      if (a > m) m = a;
    }
    const codes = new Int8Array(this.kernel.memory.buffer, this.codesAt + slot * dim, dim);
    const inv = m > 0 ? 127 / m : 0;
    for (let i = 0; i < dim; i++) codes[i] = Math.round(data[offset + i] * inv);
    this.scaleOf[slot] = m / 127;
  }

  clear(slot: number): void {
    new Int8Array(this.kernel.memory.buffer, this.codesAt + slot * this.dim, this.dim).fill(0);
    this.scaleOf[slot] = 0;
  }

  /** Quantizes the (unit) query once per search. */
  setQuery(q: Float32Array): void {
    let m = 0;
    for (let i = 0; i < this.dim; i++) m = Math.max(m, Math.abs(q[i]));
    const inv = m > 0 ? 127 / m : 0;
    const dst = new Int8Array(this.kernel.memory.buffer, 0, this.qBytes);
    dst.fill(0);
    for (let i = 0; i < this.dim; i++) dst[i] = Math.round(q[i] * inv);
  }

  /**
   * Approximate scores of slots [first, first + rows) (rows ≤ OUT_ROWS) into `out[0 .. rows)`:
   * the int8 dot product with the query times the row's scale.
   */
  scan(first: number, rows: number, out: Float32Array): void {
    this.kernel.scan(this.codesAt + first * this.dim, rows, this.dim, 0, this.outAt);
    const dots = new Int32Array(this.kernel.memory.buffer, this.outAt, rows);
    const sc = this.scaleOf;
    for (let r = 0; r < rows; r++) out[r] = dots[r] * sc[first + r];
  }
}
