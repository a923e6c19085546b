// Model runtime: session creation and run of the shipped colour graph on WASM vs WebGPU
// (SwiftShader here = software WebGPU), measured by the Status page's self-test in the built app.
// Two rounds in one page: round 1 includes compiling ORT's wasm; round 2 is warm.
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
        return v?.querySelectorAll('[data-testid=self-test-results] tr[data-backend]').length === n &&
          !v.querySelector('[data-testid=self-test]')?.hasAttribute('disabled');
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
  return rows;
}
