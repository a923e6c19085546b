// Prints max/mean |Δab| (Lab units) of each ONNX variant (onnxruntime-web, WASM, Node) against
// the torch fp32 reference outputs: `node models/colorizer/measure-variants.mjs` (numbers for CARD.md).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-web';

const dir = path.dirname(fileURLToPath(import.meta.url));
const info = JSON.parse(fs.readFileSync(path.join(dir, 'reference/cases.json'), 'utf8'));
const f32 = (f) => {
  const b = fs.readFileSync(path.join(dir, 'reference', f));
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};
ort.env.wasm.numThreads = 1;
for (const file of ['colorizer.onnx', 'build/colorizer.fp32.onnx', 'build/colorizer.int8.onnx']) {
  if (!fs.existsSync(path.join(dir, file))) continue;
  const s = await ort.InferenceSession.create(fs.readFileSync(path.join(dir, file)), { executionProviders: ['wasm'] });
  let max = 0,
    sum = 0,
    n = 0;
  for (const c of info.cases) {
    const out = await s.run({
      gray: new ort.Tensor('float32', f32(c.files.gray), [1, 1, c.height, c.width]),
      hints: new ort.Tensor('float32', f32(c.files.hints), [1, 3, c.height, c.width]),
    });
    const ref = f32(c.files.ab);
    const d = out.ab.data;
    for (let i = 0; i < d.length; i++) {
      const e = Math.abs(d[i] - ref[i]);
      max = Math.max(max, e);
      sum += e;
      n++;
    }
  }
  console.log(
    `${file}: ${fs.statSync(path.join(dir, file)).size} bytes, max |Δab| ${max.toFixed(4)}, mean |Δab| ${(sum / n).toFixed(5)}`,
  );
}
