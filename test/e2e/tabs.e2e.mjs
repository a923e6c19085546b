// Two tabs of the app (two pages, one browser profile) keep each other up to date through the
// change channel (src/store/changes.ts): a panel imported in tab A appears in tab B's Strip
// without a reload; a panel deleted in A and then acted on in a tab that has not heard of it yet
// gets a translated message (en, then ko), never a raw id, and that tab's list catches up.
//
// "Has not heard of it yet": tab B's page holds incoming change messages until the test releases
// them (an init script wraps BroadcastChannel's message listeners in B only) — what a tab frozen
// in the background, or one acting in the instant before the message lands, sees.
import fs from 'node:fs';
import path from 'node:path';

export const timeout = 240_000;

const strip = (page) => page.locator('toon-strip-view');
const items = (page) => strip(page).locator('[data-testid=panel-item]');

export default async function (ctx) {
  const { assert, log, fixturesDir } = ctx;
  const context = await ctx.newContext({ locale: 'en-US' });
  const a = await context.newPage();
  await a.goto('/#/strip');
  await strip(a).locator('[data-testid=strip-empty]').waitFor({ timeout: 60_000 });

  const b = await context.newPage();
  await b.addInitScript(() => {
    const held = [];
    let holding = false;
    const add = BroadcastChannel.prototype.addEventListener;
    BroadcastChannel.prototype.addEventListener = function (type, fn, opts) {
      if (type !== 'message') return add.call(this, type, fn, opts);
      return add.call(this, type, (e) => (holding ? held.push(() => fn.call(this, e)) : fn.call(this, e)), opts);
    };
    window.__holdChanges = () => (holding = true);
    window.__releaseChanges = () => {
      holding = false;
      for (const f of held.splice(0)) f();
    };
  });
  await b.goto('/#/strip');
  await strip(b).locator('[data-testid=strip-empty]').waitFor({ timeout: 60_000 });
  assert.equal(
    await strip(a).locator('[data-testid=project-select]').inputValue(),
    await strip(b).locator('[data-testid=project-select]').inputValue(),
    'both tabs on the same project',
  );

  // Import in A → B's strip shows it, no reload, no navigation.
  const png = fs.readFileSync(path.join(fixturesDir, 'dataset', 'sprites', '1F408.png'));
  await strip(a)
    .locator('[data-testid=file-input]')
    .setInputFiles([{ name: 'cat.png', mimeType: 'image/png', buffer: png }]);
  await items(a).first().waitFor({ timeout: 60_000 });
  await items(b).first().waitFor({ timeout: 30_000 });
  assert.equal(await items(b).count(), 1, "tab B shows tab A's import");
  assert.equal(await items(b).first().getAttribute('data-id'), await items(a).first().getAttribute('data-id'));
  // The thumbnail is the stored image (decoded, not a broken image).
  await b.waitForFunction(
    () => {
      const img = document
        .querySelector('toon-app')
        ?.shadowRoot?.querySelector('toon-strip-view')
        ?.shadowRoot?.querySelector('toon-panel-list')
        ?.shadowRoot?.querySelector('[data-testid=panel-thumb]');
      return img && img.complete && img.naturalWidth > 0;
    },
    null,
    { timeout: 30_000 },
  );
  log('import in A appeared in B without reload');

  // A second import in A, so the stale action below has a panel left around it.
  await strip(a)
    .locator('[data-testid=file-input]')
    .setInputFiles([
      {
        name: 'dog.png',
        mimeType: 'image/png',
        buffer: fs.readFileSync(path.join(fixturesDir, 'dataset', 'sprites', '1F415.png')),
      },
    ]);
  await b.waitForFunction(
    () =>
      document
        .querySelector('toon-app')
        ?.shadowRoot?.querySelector('toon-strip-view')
        ?.shadowRoot?.querySelector('toon-panel-list')
        ?.shadowRoot?.querySelectorAll('[data-testid=panel-item]').length === 2,
    null,
    { timeout: 30_000 },
  );

  // B stops hearing; A deletes the cat; B (still showing it) deletes it too → translated message.
  await b.evaluate(() => window.__holdChanges());
  const catId = await items(a).first().getAttribute('data-id');
  await items(a).first().locator('[data-testid=panel-delete]').click();
  await a.locator('toon-notifier [role=status]', { hasText: 'Panel deleted.' }).waitFor({ timeout: 30_000 });
  assert.equal(await items(a).count(), 1);
  assert.equal(await items(b).count(), 2, 'tab B has not heard of the delete yet');
  await strip(b).locator(`[data-testid=panel-item][data-id="${catId}"] [data-testid=panel-delete]`).click();
  const alert = b.locator('toon-notifier [role=alert]', { hasText: 'That panel is no longer in this project' });
  await alert.waitFor({ timeout: 30_000 });
  const text = await alert.innerText();
  log('stale delete in B:', text.replace(/\s+/g, ' '));
  assert.ok(!text.includes(catId), 'no raw id in the message');
  assert.ok(!/not in project|No panel/.test(text), 'not the raw store error');
  // B's list caught up (it reloads after a stale action) — the dog is still there, the cat gone.
  await b.waitForFunction(
    (id) => {
      const list = document
        .querySelector('toon-app')
        ?.shadowRoot?.querySelector('toon-strip-view')
        ?.shadowRoot?.querySelector('toon-panel-list')?.shadowRoot;
      const ids = [...(list?.querySelectorAll('[data-testid=panel-item]') ?? [])].map((e) => e.dataset.id);
      return ids.length === 1 && !ids.includes(id);
    },
    catId,
    { timeout: 30_000 },
  );

  // In Korean: B moves a panel A has just deleted.
  await b.locator('toon-app [data-testid=locale]').selectOption('ko');
  const dogId = await items(a).first().getAttribute('data-id');
  await strip(a)
    .locator('[data-testid=file-input]')
    .setInputFiles([
      {
        name: 'tree.png',
        mimeType: 'image/png',
        buffer: fs.readFileSync(path.join(fixturesDir, 'dataset', 'sprites', '1F333.png')),
      },
    ]);
  await b.evaluate(() => window.__releaseChanges());
  await b.waitForFunction(
    () =>
      document
        .querySelector('toon-app')
        ?.shadowRoot?.querySelector('toon-strip-view')
        ?.shadowRoot?.querySelector('toon-panel-list')
        ?.shadowRoot?.querySelectorAll('[data-testid=panel-item]').length === 2,
    null,
    { timeout: 30_000 },
  );
  await b.evaluate(() => window.__holdChanges());
  await items(a).first().locator('[data-testid=panel-delete]').click();
  await a
    .locator('toon-notifier [role=status]', { hasText: 'Panel deleted.' })
    .nth(1)
    .waitFor({ timeout: 30_000 })
    .catch(() => undefined);
  await a.waitForFunction(
    () =>
      document
        .querySelector('toon-app')
        ?.shadowRoot?.querySelector('toon-strip-view')
        ?.shadowRoot?.querySelector('toon-panel-list')
        ?.shadowRoot?.querySelectorAll('[data-testid=panel-item]').length === 1,
    null,
    { timeout: 30_000 },
  );
  await strip(b).locator(`[data-testid=panel-item][data-id="${dogId}"] [data-testid=panel-down]`).click();
  const ko = b.locator('toon-notifier [role=alert]', { hasText: '이 컷은 더 이상 프로젝트에 없습니다' });
  await ko.waitFor({ timeout: 30_000 });
  assert.ok(!(await ko.innerText()).includes(dogId));
  log('stale move in B (ko):', (await ko.innerText()).replace(/\s+/g, ' '));
  await b.evaluate(() => window.__releaseChanges());
  await b.waitForFunction(
    () =>
      document
        .querySelector('toon-app')
        ?.shadowRoot?.querySelector('toon-strip-view')
        ?.shadowRoot?.querySelector('toon-panel-list')
        ?.shadowRoot?.querySelectorAll('[data-testid=panel-item]').length === 1,
    null,
    { timeout: 30_000 },
  );
  await b.screenshot({ path: 'test-results/tabs-stale-ko.png' });
}
