// "Update available — reload": a new build's service worker waits, the notice offers Reload,
// clicking it activates the new worker and reloads the page under it.
// The new build is simulated by changing one precache revision in the served sw.js (same length, so
// the preview server's cached Content-Length stays right); the file is restored afterwards.
import fs from 'node:fs';
import path from 'node:path';

export const timeout = 240_000;

export default async function (ctx) {
  const { assert, log } = ctx;
  const swPath = path.join(ctx.distDir, 'sw.js');
  const original = fs.readFileSync(swPath, 'utf8');
  // The injected manifest (workers/sw/sw.ts): [{"revision":"…","url":"index.html"}, …]
  const m = /\{"revision":"([0-9a-f])[0-9a-f]*","url":"index\.html"\}/.exec(original);
  assert.ok(m, 'dist/sw.js precaches index.html with a revision');
  const at = m.index + '{"revision":"'.length;
  const changed = original.slice(0, at) + (m[1] === '0' ? '1' : '0') + original.slice(at + 1);
  assert.equal(changed.length, original.length);
  try {
    const context = await ctx.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto('/');
    await page
      .locator('toon-notifier [data-kind=success]', { hasText: 'Ready to work offline' })
      .waitFor({ timeout: 90_000 });
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
    assert.equal(await page.locator('toon-notifier', { hasText: 'update is available' }).count(), 0);

    fs.writeFileSync(swPath, changed);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    const notice = page.locator('toon-notifier [data-kind=info]', { hasText: 'An update is available.' });
    await notice.waitFor({ timeout: 90_000 });
    const waitingBefore = await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration()).waiting);
    assert.equal(waitingBefore, true, 'a new service worker is waiting');
    const reloaded = page.waitForEvent('load', { timeout: 60_000 });
    await notice.getByRole('button', { name: 'Reload' }).click();
    await reloaded;
    await page.locator('toon-app header h1').waitFor();
    const after = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      return { waiting: !!reg.waiting, controlled: navigator.serviceWorker.controller !== null };
    });
    log(`after reload: ${JSON.stringify(after)}`);
    assert.deepEqual(after, { waiting: false, controlled: true });
  } finally {
    fs.writeFileSync(swPath, original);
  }
}
