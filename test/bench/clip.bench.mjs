// CLIP: ms per image / text embedding with the shipped Toon-CLIP on WASM vs WebGPU (SwiftShader
// here = software WebGPU) in the same page; exact search over 10k / 100k / 1M 128-d vectors
// (src/core/vectors) vs a plain-JS Float32Array loop (+ full sort, and + heap); bytes per vector in
// memory and as IndexedDB reports it (navigator.storage.estimate over 10k stored chunk rows).
// Embeddings run in the app's own built worker (dist/assets/clip.worker-*.js), driven via comlink.
// Search: 1M vectors hold 512 MB of floats in the page.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'vite';

export default async function (ctx) {
  const out = path.join(ctx.distDir, '__bench_clip'); // served: the build being benched (TOON_DIST)
  await build({
    configFile: false,
    root: ctx.root,
    logLevel: 'warn',
    worker: { format: 'es' },
    build: {
      outDir: out,
      emptyOutDir: true,
      target: 'es2022',
      lib: { entry: path.join(ctx.root, 'test/bench/clip.entry.ts'), formats: ['es'], fileName: () => 'clip.js' },
    },
  });
  const dir = path.join(ctx.fixturesDir, 'dataset', 'sprites');
  const images = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.png'))
    .slice(0, 16)
    .map((f) => Array.from(fs.readFileSync(path.join(dir, f))));
  const texts = [
    '고양이',
    'cat',
    '웃는 고양이 얼굴',
    'a smiling dog next to a tree',
    '공원에서 개와 고양이가 논다',
    'two cats on the street at night',
    '猫の顔',
    '집 앞의 나무',
    'a house',
    'grinning face',
  ];
  const assets = path.join(ctx.distDir, 'assets');
  const workerFile = fs.readdirSync(assets).find((f) => /^clip\.worker-.*\.js$/.test(f));
  if (!workerFile) throw new Error('dist has no clip.worker-*.js: build the app first');
  const workerUrl = `/assets/${workerFile}`;
  const rows = [];
  try {
    const context = await ctx.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto('/');
    await page.locator('toon-app').waitFor();
    for (const device of ['wasm', 'webgpu']) {
      const r = await page.evaluate(
        async ([url, d, imgs, txt]) => {
          const m = await import('/__bench_clip/clip.js');
          try {
            return await m.embedBench(
              url,
              d,
              imgs.map((a) => new Uint8Array(a)),
              txt,
            );
          } catch (e) {
            return { error: String(e) };
          }
        },
        [workerUrl, device, images, texts],
      );
      ctx.log(`${device}: ${JSON.stringify(r)}`);
      if (r.error) continue;
      const label = r.device === 'webgpu' ? 'webgpu (software, SwiftShader)' : 'wasm';
      const base = device === 'wasm' ? { baseline: true } : {};
      rows.push({
        name: `${label}: image embedding (batch of ${images.length})`,
        value: r.imageMs,
        unit: 'ms/image',
        ...base,
      });
      rows.push({ name: `${label}: text embedding (one query)`, value: r.textMs, unit: 'ms/text', ...base });
      rows.push({
        name: `${label}: text embedding (batch of ${texts.length})`,
        value: r.textBatchMs,
        unit: 'ms/text',
        ...(device === 'wasm' ? {} : { baseline: 'wasm: text embedding (batch of 10)' }),
      });
      rows.push({ name: `${label}: model load`, value: r.loadMs, unit: 'ms load', ...base });
    }
    for (const n of [10_000, 100_000, 1_000_000]) {
      const r = await page.evaluate(async (count) => (await import('/__bench_clip/clip.js')).searchBench(count), n);
      ctx.log(JSON.stringify(r));
      const u = `ms search ${n / 1000}k`;
      rows.push({ name: `${n / 1000}k: plain JS loop + full sort`, value: r.plainSortMs, unit: u, baseline: true });
      rows.push({ name: `${n / 1000}k: plain JS loop + heap`, value: r.plainHeapMs, unit: u });
      rows.push({
        name: `${n / 1000}k: VectorIndex.search (exact, k=10)`,
        value: r.indexMs,
        unit: u,
        note: r.same ? 'same top-10 as plain' : 'TOP-10 DIFFERS',
      });
      if (n === 10_000)
        rows.push({
          name: 'bytes per vector in memory (128-d float32 + id string)',
          value: r.bytesPerVector,
          unit: 'bytes',
        });
    }
    const st = await page.evaluate(async () => (await import('/__bench_clip/clip.js')).storedBytesBench(10_000));
    ctx.log(JSON.stringify(st));
    rows.push({
      name: 'bytes per stored vector in IndexedDB (10k, uuid ids, storage.estimate)',
      value: st.bytesPerVector,
      unit: 'bytes',
    });
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
  return rows;
}
