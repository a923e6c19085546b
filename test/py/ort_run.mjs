// Runs one ONNX graph with the app's own onnxruntime-web (WASM) under Node, for the pytest lane's
// ONNX-vs-torch parity checks (Debian has no python3-onnxruntime). Usage:
//   node test/py/ort_run.mjs <model.onnx> <dir>
// <dir>/inputs.json: {"<name>": {"dtype": "float32"|"int64"|"int32", "dims": [..], "file": "<raw little-endian>"}}
// Writes <dir>/out.<name>.bin (float32) for every output and <dir>/outputs.json {"<name>": {"dims": [..]}}.
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-web';

const [model, dir] = process.argv.slice(2);
if (!model || !dir) {
  console.error('usage: node test/py/ort_run.mjs <model.onnx> <dir>');
  process.exit(2);
}
ort.env.wasm.numThreads = 1;
const spec = JSON.parse(fs.readFileSync(path.join(dir, 'inputs.json'), 'utf8'));
const arrays = { float32: Float32Array, int64: BigInt64Array, int32: Int32Array };
const feeds = {};
for (const [name, s] of Object.entries(spec)) {
  const b = fs.readFileSync(path.join(dir, s.file));
  const T = arrays[s.dtype];
  if (!T) throw new Error(`dtype ${s.dtype} not supported`);
  const a = new T(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  feeds[name] = new ort.Tensor(s.dtype, a, s.dims);
}
const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'] });
const out = await session.run(feeds);
const info = {};
for (const [name, t] of Object.entries(out)) {
  const data = t.data instanceof Float32Array ? t.data : Float32Array.from(t.data, Number);
  fs.writeFileSync(path.join(dir, `out.${name}.bin`), Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  info[name] = { dims: t.dims };
}
fs.writeFileSync(path.join(dir, 'outputs.json'), JSON.stringify(info));
await session.release();
