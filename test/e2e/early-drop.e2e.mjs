// Files given to the app right after a cold start are imported, not lost (issue 18 item 10):
// (1) an image dropped on the page at DOMContentLoaded — before the Strip view's code has even
//     loaded — is queued (src/app/launch-files.ts) and lands in the current project;
// (2) an image picked in the Strip import zone the moment the zone exists (before the project
//     has finished opening, when the race allows) waits for the project and is imported.
// Both are checked by what a person sees: two panels in the list, with their thumbnails.
// (3) a picture dropped on References while its model loads waits for it and is added.
import fs from 'node:fs';
import path from 'node:path';

export const timeout = 180_000;

const strip = (page) => page.locator('toon-strip-view');

export default async function (ctx) {
  const { assert, log, fixturesDir } = ctx;
  const dropped = fs.readFileSync(path.join(fixturesDir, 'dataset', 'sprites', '1F408.png')).toString('base64');
  const picked = fs.readFileSync(path.join(fixturesDir, 'dataset', 'sprites', '1F415.png'));
  const context = await ctx.newContext({ locale: 'en-US' });
  await context.addInitScript((b64) => {
    try {
      if (location.protocol !== 'http:' || sessionStorage.getItem('early-drop-done')) return; // once: not again on the reload below
      sessionStorage.setItem('early-drop-done', '1');
    } catch {
      return; // a document without storage (about:blank)
    }
    document.addEventListener('DOMContentLoaded', () => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'dropped-cat.png', { type: 'image/png' }));
      // Where the drop happened: no view yet (the Strip view is a lazy chunk, not loaded at this point).
      window.__viewAtDrop = !!document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-strip-view');
      document.body.dispatchEvent(
        new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true, composed: true }),
      );
      window.__dropPrevented = !document.body.dispatchEvent(
        new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true, composed: true }),
      );
    });
  }, dropped);
  const page = await context.newPage();
  await page.goto('/#/strip');
  // Pick as soon as the input exists (no wait on the project).
  await strip(page)
    .locator('[data-testid=file-input]')
    .setInputFiles([{ name: 'picked-dog.png', mimeType: 'image/png', buffer: picked }]);
  const projectOpenAtPick = await strip(page).evaluate((el) => el.dataset.idle !== undefined);
  log(
    `view existed at drop: ${await page.evaluate(() => window.__viewAtDrop)}; project open when picked: ${projectOpenAtPick}`,
  );
  assert.equal(await page.evaluate(() => window.__viewAtDrop), false, 'the drop came before the Strip view existed');
  assert.equal(
    await page.evaluate(() => window.__dropPrevented),
    true,
    'the app took the drop (the browser did not open the file)',
  );

  await page.waitForFunction(
    () => {
      const list = document
        .querySelector('toon-app')
        ?.shadowRoot?.querySelector('toon-strip-view')
        ?.shadowRoot?.querySelector('toon-panel-list')?.shadowRoot;
      const imgs = [...(list?.querySelectorAll('[data-testid=panel-thumb]') ?? [])];
      return imgs.length === 2 && imgs.every((i) => i.complete && i.naturalWidth > 0);
    },
    null,
    { timeout: 120_000 },
  );
  const names = await strip(page)
    .locator('[data-testid=panel-item]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent));
  log('panels:', names.map((n) => n.replace(/\s+/g, ' ').trim()).join(' | '));
  assert.ok(
    names.some((n) => n.includes('dropped-cat.png')),
    'the early drop was imported',
  );
  assert.ok(
    names.some((n) => n.includes('picked-dog.png')),
    'the early pick was imported',
  );
  // Stored, not just shown: both survive a reload.
  await page.reload();
  await strip(page).locator('[data-testid=panel-item]').nth(1).waitFor({ timeout: 60_000 });
  assert.equal(await strip(page).locator('[data-testid=panel-item]').count(), 2);
  await page.screenshot({ path: 'test-results/early-drop.png' });

  // (3) Pictures dropped on References the moment its drop zone exists, while its model still loads
  // (a trial's six pictures were refused with "The model is not loaded yet" and lost): they wait
  // for the model and are added.
  await page.locator('toon-app nav a[data-route=references]').click();
  const refs = page.locator('toon-references-view');
  await refs.locator('[data-testid=refs-drop]').waitFor();
  const early = await page.evaluateHandle((b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], 'early-ref.png', { type: 'image/png' }));
    return dt;
  }, dropped);
  const stillLoading = await refs.locator('[data-testid=refs-search]').isDisabled();
  await refs.locator('[data-testid=refs-drop]').dispatchEvent('drop', { dataTransfer: early });
  log(`dropped on References while ${stillLoading ? 'its model was still loading' : 'ready'}`);
  await page.locator('toon-notifier [role=status]', { hasText: 'Added 1 reference.' }).waitFor({ timeout: 120_000 });
  await refs.locator('[data-testid=refs-count]').filter({ hasText: '1 reference' }).waitFor();
  assert.equal(
    await page.locator('toon-notifier [role=alert]', { hasText: 'not loaded' }).count(),
    0,
    'no "model not loaded" error',
  );
}
