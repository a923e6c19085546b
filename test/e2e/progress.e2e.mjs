// Progress with Cancel on a real long task: the Status page's runtime self-test (first WASM
// session compiles ORT's 28 MB wasm: seconds here). Cancel → the worker is terminated, the
// "Cancelled" notice shows, the progress row goes away; the next run starts a fresh worker and passes.
// Also: keyboard reachability of the Cancel button, and the Korean UI for the same flow.
export const timeout = 240_000;

export default async function (ctx) {
  const { assert } = ctx;
  const context = await ctx.newContext({ locale: 'ko-KR' });
  const page = await context.newPage();
  await page.goto('/#/status');
  const view = page.locator('toon-status-view');
  await view.locator('[data-testid=backend]').waitFor({ timeout: 60_000 });
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko', 'locale from navigator.language');

  await view.locator('[data-testid=self-test]').click();
  const row = page.locator('toon-progress .task');
  await row.waitFor({ timeout: 10_000 });
  assert.match(await row.locator('.label').innerText(), /모델 런타임 자체 점검/);
  assert.equal(await row.locator('progress').count(), 1);
  const cancel = row.getByRole('button', { name: '취소' });
  await cancel.focus();
  await page.keyboard.press('Enter');
  await page.locator('toon-notifier [data-kind=info]', { hasText: '취소됨: 모델 런타임 자체 점검' }).waitFor();
  await row.waitFor({ state: 'detached' });
  await page.waitForFunction(() => {
    const v = document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-status-view')?.shadowRoot;
    return v && !v.querySelector('[data-testid=self-test]')?.hasAttribute('disabled');
  });
  const partial = await view.locator('[data-testid=self-test-results] tr[data-backend]').count();
  assert.ok(partial < 2, 'cancelled before all backends ran');

  // Runs again from a fresh worker and passes.
  await view.locator('[data-testid=self-test]').click();
  await page.waitForFunction(
    () => {
      const v = document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-status-view')?.shadowRoot;
      const rows = v?.querySelectorAll('[data-testid=self-test-results] tr[data-backend]') ?? [];
      return rows.length >= 1 && !v.querySelector('[data-testid=self-test]')?.hasAttribute('disabled');
    },
    null,
    { timeout: 180_000 },
  );
  const passes = await view
    .locator('[data-testid=self-test-results] tr[data-backend]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-pass')));
  assert.ok(passes.length >= 1 && passes.every((p) => p === 'true'), `self-test after cancel: ${passes}`);
  assert.equal(await page.locator('toon-progress .task').count(), 0);
}
