/**
 * The int8 scan kernel: for each of `rows` rows of `dim` int8 codes (row-major, contiguous), the
 * integer dot product with an int8 query, written as one int32 per row. Two implementations,
 * same results (integer arithmetic is exact):
 *
 * - WebAssembly SIMD (128-bit): 16 codes per step — i16x8.extmul_{low,high}_i8x16_s, i16x8.add
 *   (|a·b| ≤ 127² so two products fit in int16), i32x4.extadd_pairwise_i16x8_s into an i32x4
 *   accumulator. The module is ~150 bytes, assembled below from its opcodes (no build step, no
 *   binary file); CSP allows it ('wasm-unsafe-eval'). Needs dim % 16 === 0 (Toon-CLIP: 128).
 * - Plain JS fallback (no WebAssembly SIMD, or dim % 16 ≠ 0): an 8-way unrolled Int8Array loop.
 *
 * Memory: a WebAssembly.Memory the caller lays out (codes, query, output); `grow` re-reads the
 * buffer. DOM-free.
 */

/** Unsigned LEB128. */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const name = (s: string) => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];

// Opcodes used (core + SIMD prefix 0xfd with a LEB128 sub-opcode).
const I32 = 0x7f;
const V128 = 0x7b;
const get = (i: number) => [0x20, i];
const set = (i: number) => [0x21, i];
const tee = (i: number) => [0x22, i];
const i32c = (n: number) => [0x41, n]; // small non-negative constants only (< 64)
const simd = (op: number, ...imm: number[]) => [0xfd, ...uleb(op), ...imm];
const V128_LOAD = simd(0x00, 0, 0); // memarg: align 2^0, offset 0
const V128_ZERO = simd(0x0c, ...new Array<number>(16).fill(0));
const EXTMUL_LO = simd(0x9c); // i16x8.extmul_low_i8x16_s
const EXTMUL_HI = simd(0x9d); // i16x8.extmul_high_i8x16_s
const I16_ADD = simd(0x8e); // i16x8.add
const PAIRWISE = simd(0x7e); // i32x4.extadd_pairwise_i16x8_s
const I32X4_ADD = simd(0xae); // i32x4.add
const lane = (i: number) => simd(0x1b, i); // i32x4.extract_lane
const [ADD, SUB, EQZ, LT_U] = [0x6a, 0x6b, 0x45, 0x49];
const STORE = [0x36, 2, 0]; // i32.store align 2^2 offset 0
const [BLOCK, LOOP, END, BR_IF, EMPTY] = [0x02, 0x03, 0x0b, 0x0d, 0x40];

// scan(codes, rows, dim, q, out) — params 0..4; locals: 5 j (i32), 6 acc, 7 a, 8 b (v128).
const [CODES, ROWS, DIM, Q, OUT, J, ACC, A, B] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
const body = [
  2,
  1,
  I32,
  3,
  V128, // locals
  BLOCK,
  EMPTY,
  ...get(ROWS),
  EQZ,
  BR_IF,
  0,
  LOOP,
  EMPTY, // each row
  ...V128_ZERO,
  ...set(ACC),
  ...i32c(0),
  ...set(J),
  LOOP,
  EMPTY, // 16 codes per step
  ...get(CODES),
  ...get(J),
  ADD,
  ...V128_LOAD,
  ...set(A),
  ...get(Q),
  ...get(J),
  ADD,
  ...V128_LOAD,
  ...set(B),
  ...get(ACC),
  ...get(A),
  ...get(B),
  ...EXTMUL_LO,
  ...get(A),
  ...get(B),
  ...EXTMUL_HI,
  ...I16_ADD,
  ...PAIRWISE,
  ...I32X4_ADD,
  ...set(ACC),
  ...get(J),
  ...i32c(16),
  ADD,
  ...tee(J),
  ...get(DIM),
  LT_U,
  BR_IF,
  0,
  END,
  ...get(OUT),
  ...get(ACC),
  ...lane(0),
  ...get(ACC),
  ...lane(1),
  ADD,
  ...get(ACC),
  ...lane(2),
  ADD,
  ...get(ACC),
  ...lane(3),
  ADD,
  ...STORE,
  ...get(OUT),
  ...i32c(4),
  ADD,
  ...set(OUT),
  ...get(CODES),
  ...get(DIM),
  ADD,
  ...set(CODES),
  ...get(ROWS),
  ...i32c(1),
  SUB,
  ...tee(ROWS),
  BR_IF,
  0,
  END,
  END,
  END, // function
];

/** The SIMD module's bytes (exported for the unit test). */
export const SIMD_MODULE = new Uint8Array([
  0x00,
  0x61,
  0x73,
  0x6d,
  0x01,
  0x00,
  0x00,
  0x00,
  ...section(1, [1, 0x60, 5, I32, I32, I32, I32, I32, 0]), // type: (i32 ×5) → ()
  ...section(3, [1, 0]), // one function of type 0
  ...section(5, [1, 0x00, 1]), // one memory, min 1 page, no max
  ...section(7, [2, ...name('mem'), 0x02, 0, ...name('scan'), 0x00, 0]),
  ...section(10, [1, ...uleb(body.length), ...body]),
]);

export interface ScanKernel {
  readonly simd: boolean;
  readonly memory: WebAssembly.Memory;
  /** Dot products of `rows` code rows at byte `codes` with the int8 query at byte `q`, int32 at byte `out`. */
  scan(codes: number, rows: number, dim: number, q: number, out: number): void;
}

type ScanFn = (codes: number, rows: number, dim: number, q: number, out: number) => void;

function jsScan(memory: WebAssembly.Memory): ScanFn {
  return (codes, rows, dim, q, out) => {
    const m = new Int8Array(memory.buffer);
    const o = new Int32Array(memory.buffer, out, rows);
    const end8 = dim - (dim % 8);
    for (let r = 0, base = codes; r < rows; r++, base += dim) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let j = 0;
      for (; j < end8; j += 8) {
        const a = base + j;
        const b = q + j;
        s0 += m[a] * m[b] + m[a + 4] * m[b + 4];
        s1 += m[a + 1] * m[b + 1] + m[a + 5] * m[b + 5];
        s2 += m[a + 2] * m[b + 2] + m[a + 6] * m[b + 6];
        s3 += m[a + 3] * m[b + 3] + m[a + 7] * m[b + 7];
      }
      for (; j < dim; j++) s0 += m[base + j] * m[q + j];
      o[r] = s0 + s1 + s2 + s3;
    }
  };
}

let simdModule: WebAssembly.Module | null | undefined;

function compiled(): WebAssembly.Module | null {
  if (simdModule === undefined) {
    try {
      simdModule =
        typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_MODULE)
          ? new WebAssembly.Module(SIMD_MODULE)
          : null;
    } catch {
      simdModule = null;
    }
  }
  return simdModule;
}

/** A kernel over a fresh memory: WASM SIMD when the engine has it and dim % 16 === 0, else JS. */
export function createKernel(dim: number, { forceJs = false } = {}): ScanKernel {
  const mod = !forceJs && dim % 16 === 0 ? compiled() : null;
  if (mod) {
    const inst = new WebAssembly.Instance(mod, {});
    const memory = inst.exports.mem as WebAssembly.Memory;
    const scan = inst.exports.scan as ScanFn;
    return { simd: true, memory, scan };
  }
  const memory = new WebAssembly.Memory({ initial: 1 });
  return { simd: false, memory, scan: jsScan(memory) };
}
