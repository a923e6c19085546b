/**
 * Small tensor helpers for the diffusion pipeline: dtype conversion to what a graph declares
 * (float32 / float16 / int64 / int32), CFG batching, and image ↔ CHW float conversion.
 */
import type * as Ort from 'onnxruntime-web';

export type OrtModule = typeof Ort;

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE float32 → float16 bits (round to nearest even). */
export function toHalf(v: number): number {
  f32[0] = v;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let h = mant >> shift;
    const rem = mant & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    if (rem > half || (rem === half && h & 1)) h++;
    return sign | h;
  }
  let h = (e << 10) | (mant >> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && h & 1)) h++;
  return sign | h;
}

export function fromHalf(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 0x1f) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

/** A float tensor in the dtype the graph wants ('float32' or 'float16'). */
export function floatTensor(ort: OrtModule, type: string, data: Float32Array, dims: readonly number[]): Ort.Tensor {
  if (type === 'float16') {
    const h = new Uint16Array(data.length);
    for (let i = 0; i < data.length; i++) h[i] = toHalf(data[i]);
    return new ort.Tensor('float16', h, dims);
  }
  return new ort.Tensor('float32', data, dims);
}

/** An integer tensor in the dtype the graph wants ('int64' or 'int32'). */
export function intTensor(ort: OrtModule, type: string, data: ArrayLike<number>, dims: readonly number[]): Ort.Tensor {
  if (type === 'int32') return new ort.Tensor('int32', Int32Array.from(data), dims);
  return new ort.Tensor('int64', BigInt64Array.from(Array.from(data, (v) => BigInt(Math.round(v)))), dims);
}

/** Any float output as float32 (copies from float16; reads GPU buffers). */
export async function readFloat(t: Ort.Tensor): Promise<Float32Array> {
  const data = t.location === 'cpu' || t.location === undefined ? t.data : await t.getData();
  if (data instanceof Float32Array) return data;
  if (data instanceof Uint16Array) return Float32Array.from(data, fromHalf);
  if (typeof Float64Array !== 'undefined' && data instanceof Float64Array) return Float32Array.from(data);
  // Float16Array (where the platform has it) is array-like of numbers.
  return Float32Array.from(data as ArrayLike<number>);
}

/** CHW float in [-1, 1] → RGBA8. */
export function chwToRgba(chw: Float32Array, size: number): Uint8ClampedArray {
  const n = size * size;
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    out[i * 4] = Math.round((chw[i] + 1) * 127.5);
    out[i * 4 + 1] = Math.round((chw[n + i] + 1) * 127.5);
    out[i * 4 + 2] = Math.round((chw[2 * n + i] + 1) * 127.5);
    out[i * 4 + 3] = 255;
  }
  return out;
}

/**
 * RGBA8 of any size → CHW float in [-1, 1] at size×size: centre square crop, then area-average
 * (box) resampling when shrinking or bilinear when enlarging; transparent pixels over white.
 */
export function rgbaToChw(data: Uint8ClampedArray, width: number, height: number, size: number): Float32Array {
  if (width <= 0 || height <= 0 || data.length !== width * height * 4) throw new Error('bad image data');
  const side = Math.min(width, height);
  const x0 = (width - side) / 2;
  const y0 = (height - side) / 2;
  const scale = side / size;
  const n = size * size;
  const out = new Float32Array(3 * n);
  const px = (x: number, y: number, c: number): number => {
    const xi = Math.min(width - 1, Math.max(0, x));
    const yi = Math.min(height - 1, Math.max(0, y));
    const o = (yi * width + xi) * 4;
    const a = data[o + 3] / 255;
    return data[o + c] * a + 255 * (1 - a);
  };
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      for (let c = 0; c < 3; c++) {
        let v = 0;
        if (scale >= 1) {
          const sx0 = Math.floor(x0 + x * scale);
          const sy0 = Math.floor(y0 + y * scale);
          const sx1 = Math.max(sx0 + 1, Math.floor(x0 + (x + 1) * scale));
          const sy1 = Math.max(sy0 + 1, Math.floor(y0 + (y + 1) * scale));
          for (let yy = sy0; yy < sy1; yy++) for (let xx = sx0; xx < sx1; xx++) v += px(xx, yy, c);
          v /= (sx1 - sx0) * (sy1 - sy0);
        } else {
          const fx = x0 + (x + 0.5) * scale - 0.5;
          const fy = y0 + (y + 0.5) * scale - 0.5;
          const ix = Math.floor(fx);
          const iy = Math.floor(fy);
          const ax = fx - ix;
          const ay = fy - iy;
          v =
            (1 - ay) * ((1 - ax) * px(ix, iy, c) + ax * px(ix + 1, iy, c)) +
            ay * ((1 - ax) * px(ix, iy + 1, c) + ax * px(ix + 1, iy + 1, c));
        }
        out[c * n + y * size + x] = v / 127.5 - 1;
      }
    }
  }
  return out;
}
