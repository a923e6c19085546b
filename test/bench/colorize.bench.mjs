// Colorize: ms per 512² and 1024² panel (first run incl. model load, then warm) and per hint
// re-apply, WASM vs WebGPU in the same page (here WebGPU is SwiftShader = software adapter, CPU
// speed), through the real UI and worker (the view's backend override in localStorage).
// Peak memory: performance.measureUserAgentSpecificMemory() (page + workers; needs cross-origin
// isolation) sampled after each run.
function makePanel(size) {
  return (async (n) => {
    const c = new OffscreenCanvas(n, n);
    const g = c.getContext('2d');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, n, n);
    g.lineWidth = Math.max(2, n / 200);
    for (let i = 0; i < 9; i++) {
      g.fillStyle = `rgb(${120 + i * 12},${120 + i * 12},${120 + i * 12})`;
      g.beginPath();
      g.ellipse(((i % 3) + 0.5) * (n / 3), (Math.floor(i / 3) + 0.5) * (n / 3), n / 8, n / 10, 0, 0, Math.PI * 2);
      g.fill();
      g.stroke();
    }
    const blob = await c.convertToBlob({ type: 'image/png' });
    const d = new DataTransfer();
    d.items.add(new File([blob], `bench-${n}.png`, { type: 'image/png' }));
    return d;
  })(size);
}

async function memory(page) {
  return page.evaluate(async () => {
    if (!performance.measureUserAgentSpecificMemory) return NaN;
    try {
      return (await performance.measureUserAgentSpecificMemory()).bytes / 2 ** 20;
    } catch {
      return NaN;
    }
  });
}

export default async function (ctx) {
  const rows = [];
  const context = await ctx.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto('/#/colorize');
  const view = page.locator('toon-colorize-view');
  await view.locator('[data-testid=colorize-drop]').waitFor({ timeout: 60_000 });
  const colored = () => view.getAttribute('data-colored');
  const waitColored = async (prev) => {
    await page.waitForFunction(
      (p) => document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-colorize-view')?.getAttribute('data-colored') !== p,
      prev,
      { timeout: 240_000, polling: 200 },
    );
    return { model: Number(await view.getAttribute('data-model-ms')), total: Number(await view.getAttribute('data-total-ms')), backend: await view.getAttribute('data-backend') };
  };
  for (const backend of ['wasm', 'webgpu']) {
    await page.evaluate((b) => localStorage.setItem('toonsmith.colorize.backend', b), backend);
    const label = backend === 'webgpu' ? 'webgpu (software, SwiftShader)' : 'wasm';
    for (const size of [512, 1024]) {
      let prev = await colored();
      const dt = await page.evaluateHandle(makePanel, size);
      await view.locator('[data-testid=colorize-drop]').dispatchEvent('drop', { dataTransfer: dt });
      ctx.log?.('dropped', size, backend, prev);
      const first = await waitColored(prev);
      ctx.log?.('first', JSON.stringify(first));
      // the new panel is selected; a warm recolor, then a hint re-apply
      prev = await colored();
      await view.getByRole('button', { name: 'Recolor' }).click();
      const warm = await waitColored(prev);
      prev = await colored();
      const box = await view.locator('[data-testid=colorize-image]').boundingBox();
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      const hint = await waitColored(prev);
      const mem = await memory(page);
      if (first.backend !== backend) ctx.log(`${label}: ran on ${first.backend} (fallback)`);
      const base = (n) => (backend === 'wasm' ? { baseline: true } : { baseline: `${n} wasm` });
      rows.push({ name: `${size}² first (incl. model load) ${label}`, value: first.model, unit: 'ms', ...base(`${size}² first (incl. model load)`) });
      rows.push({ name: `${size}² warm ${label}`, value: warm.model, unit: 'ms', ...base(`${size}² warm`) });
      rows.push({ name: `${size}² hint re-apply ${label}`, value: hint.model, unit: 'ms', ...base(`${size}² hint re-apply`) });
      rows.push({ name: `${size}² end-to-end (decode+model+PNG) ${label}`, value: hint.total, unit: 'ms', ...base(`${size}² end-to-end (decode+model+PNG)`) });
      rows.push({ name: `memory after ${size}² ${label}`, value: mem, unit: 'MiB', note: 'measureUserAgentSpecificMemory, page+workers' });
    }
  }
  await context.close();
  return rows;
}
