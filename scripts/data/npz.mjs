// Minimal .npy / .npz writer (npz = zip of .npy files, as numpy's np.load reads it).
// Reproducible: every zip entry gets the same fixed DOS time (1980-01-01 00:00 local), so the same
// arrays always give the same bytes.
import { zipSync } from 'fflate';
import fs from 'node:fs';

const DTYPES = {
  u1: { descr: '|u1', Ctor: Uint8Array },
  i2: { descr: '<i2', Ctor: Int16Array },
  i4: { descr: '<i4', Ctor: Int32Array },
  f4: { descr: '<f4', Ctor: Float32Array },
};

/** Build the bytes of one .npy file (format version 1.0, C order, little endian). */
export function npyBytes(data, dtype, shape) {
  const d = DTYPES[dtype];
  if (!d) throw new Error(`npz: unsupported dtype ${dtype}`);
  if (!(data instanceof d.Ctor)) throw new Error(`npz: ${dtype} needs ${d.Ctor.name}`);
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new Error(`npz: shape ${shape} does not match length ${data.length}`);
  const shapeStr = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${d.descr}', 'fortran_order': False, 'shape': ${shapeStr}, }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header = header + ' '.repeat(pad % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  out[8] = header.length & 0xff;
  out[9] = header.length >> 8;
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}

export const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);

/** entries: [{ name, data, dtype, shape }] → zip bytes (deflate `level`). */
export function npzBytes(entries, level = 6) {
  const files = {};
  for (const e of entries) {
    files[`${e.name}.npy`] = [npyBytes(e.data, e.dtype, e.shape), { level, mtime: FIXED_MTIME }];
  }
  return zipSync(files);
}

export function writeNpz(path, entries, level = 6) {
  const bytes = npzBytes(entries, level);
  fs.writeFileSync(path, bytes);
  return bytes.length;
}
