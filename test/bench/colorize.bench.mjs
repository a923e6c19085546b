// Colorize: ms per 512² and 1024² panel and per hint re-apply, WASM vs WebGPU in the same page,
// through the real UI and worker (the view's backend override in localStorage; times are the
// worker's own: data-model-ms = pipeline incl. model, data-total-ms = decode + pipeline + PNG).
// Per backend and size: the first run (for the first size it includes creating the session),
// then WARM runs (Recolor, median of N) and hint re-applies (a click adds a hint → debounced
// recolor; median of N).
// WebGPU is labelled from the adapter the page gets (software when isFallbackAdapter or a
// SwiftShader/llvmpipe adapter). On a software adapter WebGPU runs at CPU speed (tens of seconds
// per run here), so it is capped to 512² with 1 warm run and 1 hint re-apply (BENCH_WEBGPU_FULL=1
// lifts the cap); a hardware adapter gets the same sizes and repetitions as WASM.
// Memory: peak RSS (VmHWM, reset before each backend) of the page's renderer process (page +
// workers, WASM heaps) and of the GPU process (WebGPU buffers), from /proc (proc-memory.mjs);
// plus performance.measureUserAgentSpecificMemory() after each backend's runs when the page is
// cross-origin isolated (COOP/COEP) — a point sample (page + workers JS/WASM), not a peak.
import { peaks, resetPeaks } from './proc-memory.mjs';
import { adapterInfo, uaMemory } from './page-probes.mjs';
import { makePanel } from './bench-files.mjs';

const WASM_REPS = 3;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export default async function (ctx) {
  const rows = [];
  const context = await ctx.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto('/#/colorize');
  const view = page.locator('toon-colorize-view');
  await view.locator('[data-testid=colorize-drop]').waitFor({ timeout: 60_000 });
  const gpu = await adapterInfo(page);
  ctx.log(
    `WebGPU adapter: ${gpu ? `${gpu.text}${gpu.software ? ' (software)' : ''}` : 'none'}; crossOriginIsolated ${await page.evaluate(() => crossOriginIsolated)}`,
  );
  const waitColored = async (prev, action) => {
    await action();
    await page.waitForFunction(
      (p) =>
        document
          .querySelector('toon-app')
          ?.shadowRoot?.querySelector('toon-colorize-view')
          ?.getAttribute('data-colored') !== p,
      prev,
      { timeout: 300_000, polling: 100 },
    );
    const [model, total, backend] = await Promise.all(
      ['data-model-ms', 'data-total-ms', 'data-backend'].map((a) => view.getAttribute(a)),
    );
    return { model: Number(model), total: Number(total), backend };
  };
  const run = async (action) => waitColored(await view.getAttribute('data-colored'), action);
  for (const backend of ['wasm', 'webgpu']) {
    if (backend === 'webgpu' && !gpu) {
      ctx.log('no WebGPU adapter in this browser: WebGPU rows skipped');
      continue;
    }
    const capped = backend === 'webgpu' && gpu.software && process.env.BENCH_WEBGPU_FULL !== '1';
    const sizes = capped ? [512] : [512, 1024];
    const reps = capped ? 1 : WASM_REPS;
    const label = backend === 'webgpu' ? `webgpu${gpu.software ? ' (software)' : ''}` : 'wasm';
    await page.evaluate((b) => localStorage.setItem('toonsmith.colorize.backend', b), backend);
    const resetOk = resetPeaks();
    for (const size of sizes) {
      const t0 = Date.now();
      const dt = await page.evaluateHandle(makePanel, [size, `bench-${backend}-${size}.png`]);
      const first = await run(() =>
        view.locator('[data-testid=colorize-drop]').dispatchEvent('drop', { dataTransfer: dt }),
      );
      if (first.backend !== backend) ctx.log(`${label} ${size}²: ran on ${first.backend} (fallback)`);
      const warm = [];
      for (let i = 0; i < reps; i++) warm.push(await run(() => view.getByRole('button', { name: 'Recolor' }).click()));
      const hint = [];
      for (let i = 0; i < reps; i++) {
        const box = await view.locator('[data-testid=colorize-image]').boundingBox();
        hint.push(await run(() => page.mouse.click(box.x + box.width * (0.3 + 0.2 * i), box.y + box.height / 2)));
      }
      ctx.log(
        `${label} ${size}²: first ${first.model.toFixed(0)} ms, warm ${warm.map((w) => w.model.toFixed(0))}, hint ${hint.map((h) => h.model.toFixed(0))} (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
      );
      const base = (n) => (backend === 'wasm' ? {} : { baseline: `${n} wasm` });
      const first1 = size === sizes[0] ? 'first (session create + run)' : 'first';
      rows.push({ name: `${size}² ${first1} ${label}`, value: first.model, unit: 'ms', ...base(`${size}² ${first1}`) });
      rows.push({
        name: `${size}² warm, median of ${reps} ${label}`,
        value: median(warm.map((w) => w.model)),
        unit: 'ms',
        ...base(`${size}² warm, median of ${WASM_REPS}`),
      });
      rows.push({
        name: `${size}² hint re-apply, median of ${reps} ${label}`,
        value: median(hint.map((h) => h.model)),
        unit: 'ms',
        ...base(`${size}² hint re-apply, median of ${WASM_REPS}`),
      });
      rows.push({
        name: `${size}² hint re-apply end-to-end (decode+model+PNG) ${label}`,
        value: median(hint.map((h) => h.total)),
        unit: 'ms',
        ...base(`${size}² hint re-apply end-to-end (decode+model+PNG)`),
      });
    }
    if (capped)
      ctx.log(
        `${label}: capped to ${sizes.join(', ')}² and ${reps} warm/hint run(s) (software adapter; BENCH_WEBGPU_FULL=1 for all)`,
      );
    const peak = peaks();
    const note = resetOk
      ? 'VmHWM from /proc, reset before this backend'
      : 'VmHWM from /proc; reset refused, peak since process start';
    if (peak.renderer !== null)
      rows.push({ name: `peak RSS, page renderer (page + workers) ${label}`, value: peak.renderer, unit: 'MiB', note });
    if (peak.gpu !== null) rows.push({ name: `peak RSS, GPU process ${label}`, value: peak.gpu, unit: 'MiB', note });
    const ua = await uaMemory(page);
    if (ua.why) ctx.log(`measureUserAgentSpecificMemory ${label}: ${ua.why}`);
    else
      rows.push({
        name: `measureUserAgentSpecificMemory after runs ${label}`,
        value: ua.mib,
        unit: 'MiB',
        note: 'page + workers (JS, DOM, shared), a point sample after the runs, not a peak',
      });
  }
  await context.close();
  return rows;
}
