/**
 * Dot products over contiguous Float32Array memory. Four independent accumulators let the JIT
 * keep the loop in registers and pipeline it (the SIMD-friendly shape); no allocation per call.
 */
export function dotAt(data: Float32Array, offset: number, q: Float32Array, dim: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  const end4 = dim - (dim % 4);
  for (; i < end4; i += 4) {
    const o = offset + i;
    s0 += data[o] * q[i];
    s1 += data[o + 1] * q[i + 1];
    s2 += data[o + 2] * q[i + 2];
    s3 += data[o + 3] * q[i + 3];
  }
  for (; i < dim; i++) s0 += data[offset + i] * q[i];
  return s0 + s1 + (s2 + s3);
}

/** Scores every row of a row-major rows×dim block against q into `out` (length ≥ rows). */
export function scoreRows(data: Float32Array, rows: number, dim: number, q: Float32Array, out: Float32Array): void {
  for (let r = 0, o = 0; r < rows; r++, o += dim) out[r] = dotAt(data, o, q, dim);
}

/** Returns a unit-length copy of v (a zero vector stays zero). */
export function l2normalize(v: ArrayLike<number>): Float32Array {
  const out = new Float32Array(v.length);
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i] * v[i];
  const inv = n > 0 ? 1 / Math.sqrt(n) : 0;
  for (let i = 0; i < v.length; i++) out[i] = v[i] * inv;
  return out;
}
