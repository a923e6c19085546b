// The shipped colorizer (fp16-stored weights, fp32 compute) on WebGPU and WASM in Chromium, in the
// app's own built colorize worker (issue 4: keep a quantization only where it stays within
// tolerance of fp32 on WASM *and* WebGPU). Inputs and torch outputs come from
// models/colorizer/reference/ (written by export.py for whatever weights are shipped):
//   `ab16` = torch with the fp16-rounded weights (what the file holds), `ab` = torch fp32.
// Here WebGPU is SwiftShader (software): the adapter is logged and labelled; the numbers say
// nothing about a hardware GPU's precision.
// Asserted: each backend vs ab16 max |Δab| < 0.1 (ORT sums the 116 unrolled Jacobi steps in another
// order: WASM measured max 0.024 in the model test); vs torch fp32 max < 0.15, mean < 0.02
// (CARD.md's fp16 tolerance plus that drift); WebGPU vs WASM max < 0.1.
import fs from 'node:fs';
import path from 'node:path';
import { buildDriver, workerAsset } from './page-driver.mjs';
import { root } from './harness.mjs';

export const timeout = 600_000;

const refDir = path.join(root, 'models/colorizer/reference');
const f32 = (file) => {
  const b = fs.readFileSync(path.join(refDir, file));
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
};
function diff(a, b) {
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    sum += d;
    if (d > max) max = d;
  }
  return { max, mean: sum / a.length };
}

export default async function (ctx) {
  const { assert, log, distDir } = ctx;
  const meta = JSON.parse(fs.readFileSync(path.join(refDir, 'cases.json'), 'utf8'));
  const cases = meta.cases.map((c) => ({
    name: c.name,
    width: c.width,
    height: c.height,
    gray: Array.from(f32(c.files.gray)),
    hints: Array.from(f32(c.files.hints)),
  }));
  const workerFile = workerAsset(distDir, 'colorize');
  assert.ok(workerFile, 'the build has the colorize worker');
  const out = await buildDriver(distDir, 'colorize-parity.entry.ts', '__e2e_colorize_parity', 'parity.js');
  try {
    const context = await ctx.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto('/');
    await page.locator('toon-app').waitFor();
    const res = {};
    for (const backend of ['webgpu', 'wasm']) {
      const r = await page.evaluate(
        async ([url, b, cs]) => (await import('/__e2e_colorize_parity/parity.js')).runCases(url, b, cs),
        [`/assets/${workerFile}`, backend, cases],
      );
      assert.equal(
        r.info.model.backend,
        backend,
        `ran on ${backend}${r.info.model.fallbackReason ? ` (fell back: ${r.info.model.fallbackReason})` : ''}`,
      );
      if (backend === 'webgpu') {
        const a = r.info.adapter;
        log('WebGPU adapter:', JSON.stringify(a));
        log(
          a.isFallbackAdapter
            ? 'WebGPU here is a SOFTWARE adapter (SwiftShader): precision checked, not GPU hardware.'
            : 'WebGPU adapter is hardware.',
        );
      }
      res[backend] = Object.fromEntries(r.out.map((o) => [o.name, Float32Array.from(o.ab)]));
    }
    for (const c of meta.cases) {
      const ab16 = f32(c.files.ab16);
      const ab = f32(c.files.ab);
      for (const backend of ['webgpu', 'wasm']) {
        const got = res[backend][c.name];
        assert.equal(got.length, ab.length, `${backend} ${c.name}: output size`);
        const t = diff(got, ab16);
        const v = diff(got, ab);
        log(
          `${backend} ${c.name} (${c.width}×${c.height}): vs torch-fp16-weights max ${t.max.toFixed(4)} mean ${t.mean.toFixed(5)}; vs torch fp32 max ${v.max.toFixed(4)} mean ${v.mean.toFixed(5)}`,
        );
        assert.ok(t.max < 0.1, `${backend} ${c.name}: max |Δab| vs ab16 ${t.max}`);
        assert.ok(v.max < 0.15 && v.mean < 0.02, `${backend} ${c.name}: vs torch fp32 max ${v.max} mean ${v.mean}`);
      }
      const g = diff(res.webgpu[c.name], res.wasm[c.name]);
      log(`webgpu vs wasm ${c.name}: max ${g.max.toFixed(4)} mean ${g.mean.toFixed(5)}`);
      assert.ok(g.max < 0.1, `${c.name}: WebGPU vs WASM max ${g.max}`);
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
