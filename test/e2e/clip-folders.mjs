// CLIP folders for the references e2e tests, built at test time from the shipped Toon-CLIP files
// (models/clip/toon-clip, whatever weights it holds now):
// - variantFiles(): the shipped folder with each tower in the other precision than the app ships
//   (int8 text graph, fp32 vision graph) under the plain names — a different, valid model in the
//   transformers.js layout whose image vectors differ from the shipped (int8 vision) ones;
// - sliceOutput(): an ONNX graph whose output is cut to its first `width` columns (a Slice node is
//   appended by editing the protobuf), to make a model that gives vectors of another size.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { root } from './harness.mjs';

export const SHIPPED = path.join(root, 'models/clip/toon-clip');
/** What the app files the shipped model's vectors and references under (workers/clip/vectors-id.ts). */
export const SHIPPED_VECTORS_ID = (() => {
  const rev = JSON.parse(fs.readFileSync(path.join(SHIPPED, 'config.json'), 'utf8')).toonsmith?.revision;
  return typeof rev === 'string' && rev ? `clip/toon-clip@${rev}` : 'clip/toon-clip';
})();
const JSON_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'preprocessor_config.json'];

/**
 * path → bytes of a variant of the shipped model: each tower in the other precision (the app ships
 * an fp32 text and an int8 vision graph; this is the int8 text and the fp32 vision graph), under the
 * plain names, so both its text and its image vectors differ slightly from the shipped ones.
 */
export function variantFiles() {
  const files = {};
  for (const f of JSON_FILES) files[f] = fs.readFileSync(path.join(SHIPPED, f));
  files['onnx/text_model.onnx'] = fs.readFileSync(path.join(SHIPPED, 'onnx/text_model_quantized.onnx'));
  files['onnx/vision_model.onnx'] = fs.readFileSync(path.join(SHIPPED, 'onnx/vision_model.onnx'));
  return files;
}

/** Writes files under a fresh temp folder named `name`; returns its path. */
export function writeFolder(name, files) {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'toon-clip-')), name);
  for (const [rel, bytes] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), bytes);
  }
  return dir;
}

/**
 * `onnx` with a metadata_props entry (ModelProto field 14) of `mb` MiB appended: still a valid
 * model (onnxruntime loads it), just big and slow to store and load.
 */
export function padded(onnx, mb) {
  const len = (f, payload) => Buffer.concat([varint((f << 3) | 2), varint(payload.length), Buffer.from(payload)]);
  return Buffer.concat([
    onnx,
    len(14, Buffer.concat([len(1, Buffer.from('padding')), len(2, Buffer.alloc(mb << 20, 0x78))])),
  ]);
}

/** A zip whose entries sit under `name/`, as a zipped folder does. */
export function zipFolder(name, files) {
  return Buffer.from(
    zipSync(Object.fromEntries(Object.entries(files).map(([p, b]) => [`${name}/${p}`, new Uint8Array(b)]))),
  );
}

// --- minimal protobuf (wire types 0 varint, 1 fixed64, 2 bytes, 5 fixed32) ---
function readVarint(buf, pos) {
  let v = 0n;
  let shift = 0n;
  for (;;) {
    const b = buf[pos++];
    v |= BigInt(b & 0x7f) << shift;
    if (b < 0x80) return [v, pos];
    shift += 7n;
  }
}
function varint(v) {
  let n = BigInt(v);
  const out = [];
  do {
    let b = Number(n & 0x7fn);
    n >>= 7n;
    if (n > 0n) b |= 0x80;
    out.push(b);
  } while (n > 0n);
  return Buffer.from(out);
}
function parse(buf) {
  const fields = [];
  let pos = 0;
  while (pos < buf.length) {
    let key;
    [key, pos] = readVarint(buf, pos);
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    let value;
    if (wire === 0) [value, pos] = readVarint(buf, pos);
    else if (wire === 1) {
      value = buf.subarray(pos, pos + 8);
      pos += 8;
    } else if (wire === 5) {
      value = buf.subarray(pos, pos + 4);
      pos += 4;
    } else if (wire === 2) {
      let len;
      [len, pos] = readVarint(buf, pos);
      value = buf.subarray(pos, pos + Number(len));
      pos += Number(len);
    } else throw new Error(`protobuf wire type ${wire} not handled`);
    fields.push({ field, wire, value });
  }
  return fields;
}
function encode(fields) {
  return Buffer.concat(
    fields.flatMap(({ field, wire, value }) => {
      const key = varint((field << 3) | wire);
      if (wire === 0) return [key, varint(value)];
      if (wire === 2) return [key, varint(value.length), Buffer.from(value)];
      return [key, Buffer.from(value)];
    }),
  );
}
const bytes = (field, value) => ({ field, wire: 2, value: typeof value === 'string' ? Buffer.from(value) : value });
const num = (field, value) => ({ field, wire: 0, value: BigInt(value) });
const str = (f) => Buffer.from(f.value).toString();

function int64Tensor(name, values) {
  const raw = Buffer.alloc(values.length * 8);
  values.forEach((v, i) => raw.writeBigInt64LE(BigInt(v), i * 8));
  return encode([num(1, values.length), num(2, 7), bytes(8, name), bytes(9, raw)]); // dims, INT64, name, raw_data
}

/**
 * ONNX bytes whose graph output `output` keeps only its first `width` columns (axis 1): the node
 * that produced it now writes `<output>_full`, a Slice node writes `output`, and the output's
 * declared shape is dropped (ModelProto.graph = 7; GraphProto node 1, initializer 5, output 12,
 * value_info 13; NodeProto input 1, output 2, op_type 4).
 */
export function sliceOutput(onnx, output, width) {
  const model = parse(Buffer.from(onnx));
  const g = model.find((f) => f.field === 7);
  const graph = parse(g.value);
  const full = `${output}_full`;
  let found = false;
  const out = graph
    .filter((f) => !(f.field === 13 && str(parse(f.value).find((x) => x.field === 1)) === output))
    .map((f) => {
      if (f.field === 1) {
        const node = parse(f.value);
        if (!node.some((x) => x.field === 2 && str(x) === output)) return f;
        found = true;
        return bytes(1, encode(node.map((x) => (x.field === 2 && str(x) === output ? bytes(2, full) : x))));
      }
      if (f.field === 12 && str(parse(f.value).find((x) => x.field === 1)) === output)
        return bytes(12, encode([bytes(1, output), bytes(2, encode([bytes(1, encode([num(1, 1)]))]))])); // float tensor, no shape
      return f;
    });
  if (!found) throw new Error(`no node writes ${output}`);
  const p = `${output}_slice_`;
  out.push(
    bytes(5, int64Tensor(p + 'starts', [0])),
    bytes(5, int64Tensor(p + 'ends', [width])),
    bytes(5, int64Tensor(p + 'axes', [1])),
  );
  out.push(
    bytes(
      1,
      encode([
        bytes(1, full),
        bytes(1, p + 'starts'),
        bytes(1, p + 'ends'),
        bytes(1, p + 'axes'),
        bytes(2, output),
        bytes(3, p + 'node'),
        bytes(4, 'Slice'),
      ]),
    ),
  );
  return encode(model.map((f) => (f.field === 7 ? bytes(7, encode(out)) : f)));
}

/** The tiny public-layout folders (models/clip/tiny_public_layouts.py): `kind` → path → bytes, without expected.json. */
export const LAYOUTS = path.join(root, 'test/fixtures/clip-layouts');
export function layoutFiles(kind) {
  const files = {};
  const dir = path.join(LAYOUTS, kind);
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name !== 'expected.json') files[path.relative(dir, p).split(path.sep).join('/')] = fs.readFileSync(p);
    }
  };
  walk(dir);
  return files;
}
