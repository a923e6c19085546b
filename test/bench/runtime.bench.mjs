// Model runtime: session creation and run of the shipped colour graph on WASM vs WebGPU
// (SwiftShader here = software WebGPU), measured by the Status page's self-test in the built app.
// Two rounds in one page: round 1 includes compiling ORT's wasm; round 2 is warm.
// Lightness (the Values view's conversion) in the app's built runtime worker: TypeScript on the
// CPU (what Values uses) vs the same ONNX graph on WASM, 512² and 1024² (Values' panel size
// limit), ratios against the ONNX/WASM rows; median of 7 after one cold call and 2 warm-ups.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'vite';

async function lightnessRows(ctx, page) {
  const out = path.join(ctx.distDir, '__bench_runtime');
  await build({
    configFile: false,
    root: ctx.root,
    logLevel: 'warn',
    worker: { format: 'es' },
    build: {
      outDir: out,
      emptyOutDir: true,
      target: 'es2022',
      lib: { entry: path.join(ctx.root, 'test/bench/runtime.entry.ts'), formats: ['es'], fileName: () => 'runtime.js' },
    },
  });
  const workerFile = fs.readdirSync(path.join(ctx.distDir, 'assets')).find((f) => /^runtime\.worker-.*\.js$/.test(f));
  if (!workerFile) throw new Error('dist has no runtime.worker-*.js: build the app first');
  const rows = [];
  try {
    for (const size of [512, 1024]) {
      const r = await page.evaluate(
        async ([url, s]) => (await import('/__bench_runtime/runtime.js')).lightnessBench(url, s),
        [`/assets/${workerFile}`, size],
      );
      ctx.log(`lightness ${size}²: ${JSON.stringify(r)}`);
      if (r.cpu.backend !== 'cpu' || r.onnx.backend !== 'wasm')
        throw new Error(`unexpected backends ${r.cpu.backend} / ${r.onnx.backend}`);
      const base = `lightness ${size}²: ONNX graph on WASM (in worker)`;
      const note = `max |ΔL*/100| TS vs ONNX ${r.maxDiff.toExponential(1)}`;
      rows.push({ name: base, value: r.onnx.ms, unit: `ms lightness ${size}²` });
      rows.push({
        name: `lightness ${size}²: TypeScript CPU (in worker)`,
        value: r.cpu.ms,
        unit: `ms lightness ${size}²`,
        baseline: base,
        note,
      });
      const rtBase = `lightness ${size}²: ONNX graph on WASM (round trip)`;
      rows.push({ name: rtBase, value: r.onnx.roundTripMs, unit: `ms round trip ${size}²` });
      rows.push({
        name: `lightness ${size}²: TypeScript CPU (round trip)`,
        value: r.cpu.roundTripMs,
        unit: `ms round trip ${size}²`,
        baseline: rtBase,
      });
      const coldBase = `lightness ${size}²: ONNX graph on WASM (first call, cold)`;
      rows.push({ name: coldBase, value: r.onnx.firstMs, unit: `ms first ${size}²` });
      rows.push({
        name: `lightness ${size}²: TypeScript CPU (first call, cold)`,
        value: r.cpu.firstMs,
        unit: `ms first ${size}²`,
        baseline: coldBase,
      });
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
  return rows;
}

export default async function (ctx) {
  const context = await ctx.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  const t0 = Date.now();
  await page.goto('/#/status');
  const view = page.locator('toon-status-view');
  await view.locator('[data-testid=backend]').waitFor({ timeout: 60_000 });
  const shellMs = Date.now() - t0;
  const available = (await view.locator('[data-testid=webgpu-available]').getAttribute('data-available')) === 'true';
  const expected = available ? 2 : 1;
  const rows = [{ name: 'status page ready (cold, incl. worker probe)', value: shellMs, unit: 'ms' }];
  for (const round of [1, 2]) {
    await view.locator('[data-testid=self-test]').click();
    await page.waitForFunction(
      (n) => {
        const v = document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-status-view')?.shadowRoot;
        return (
          v?.querySelectorAll('[data-testid=self-test-results] tr[data-backend]').length === n &&
          !v.querySelector('[data-testid=self-test]')?.hasAttribute('disabled')
        );
      },
      expected,
      { timeout: 180_000 },
    );
    for (const row of await view.locator('[data-testid=self-test-results] tr[data-backend]').all()) {
      const backend = await row.getAttribute('data-backend');
      const label = backend === 'webgpu' ? 'webgpu (software, SwiftShader)' : 'wasm';
      const create = Number(await row.getAttribute('data-create-ms'));
      const run = Number(await row.getAttribute('data-run-ms'));
      rows.push({
        name: `round ${round} session create ${label}`,
        value: create,
        unit: 'ms',
        ...(backend === 'wasm' ? {} : { baseline: `round ${round} session create wasm` }),
      });
      rows.push({
        name: `round ${round} first run ${label}`,
        value: run,
        unit: 'ms',
        ...(backend === 'wasm' ? {} : { baseline: `round ${round} first run wasm` }),
      });
    }
  }
  ctx.log(`WebGPU available: ${available}`);
  rows.push(...(await lightnessRows(ctx, page)));
  return rows;
}
