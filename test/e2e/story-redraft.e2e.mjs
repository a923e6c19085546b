// Story mode: drafting again replaces the previous draft's panels, with Undo (smoke diffusion
// folder, test/fixtures/diffusion/smoke-model). Through the UI only, after opening the app on
// Generate:
// - a single panel is generated and added to the strip (a panel that is not part of any draft);
// - story A (3 sentences) is drafted → the project holds [single, A1, A2, A3];
// - story B (2 sentences) is drafted → a notice says the previous draft's 3 panels were replaced,
//   with "Undo"; the story view shows B's 2 panels; the stored project holds exactly
//   [single, B1, B2] (A's panel, blob and draft records are gone); the Strip view, opened with its
//   nav link, shows exactly those 3 panels (visible boxes);
// - back on Generate (nav link), "Undo" in the notice → story A's text, seed and 3 panels are back
//   in the view, the stored panels equal the first draft's ids and bytes, B's are gone; after a
//   reload the Strip view (nav link) shows [single, A1, A2, A3];
// - story C is drafted and the Strip opened (nav link) while it draws: the Strip changes as the
//   panels land and ends at [single, C1, C2, C3] without being opened again.
// Screenshots: test-results/story-redraft.png (story view after the re-draft),
// test-results/story-redraft-strip.png, test-results/story-redraft-undone.png,
// test-results/story-redraft-live-strip.png.
import fs from 'node:fs';
import { gen, notice, panelHashes, pickSmokeModel, setNumber } from './gen-helpers.mjs';

export const timeout = 420_000;

const STORY_A = 'A cat sits under a tree. A house at night. A dog on the beach.';
const STORY_B = 'Two birds fly over the sea. A boat at sunset.';
const STORY_C = 'A girl reads a book. The rain falls on the city. A cat sleeps on a sofa.';

const storyPanels = (page) => gen(page).locator('[data-testid=story-panel]');
const nav = (page, id) => page.locator(`toon-app nav a[data-route=${id}]`).click();

/** Every stored panel id, blob id and the project's story draft panel ids, from IndexedDB. */
function storedRecords() {
  return (async () => {
    const db = await new Promise((res, rej) => {
      const r = indexedDB.open('toonsmith');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const req = (r) =>
      new Promise((res, rej) => ((r.onsuccess = () => res(r.result)), (r.onerror = () => rej(r.error))));
    const store = (name) => db.transaction(name).objectStore(name);
    const cur = (await req(store('settings').get('currentProjectId'))).value;
    const project = await req(store('projects').get(cur));
    const panels = await req(store('panels').getAll());
    const blobs = await req(store('blobs').getAllKeys());
    const story = await req(store('stories').get(cur));
    db.close();
    return {
      order: project.panelIds,
      panels: panels.map((p) => ({ id: p.id, blobs: [p.originalBlobId, p.resultBlobId].filter(Boolean) })),
      blobs,
      draft: story ? { story: story.story, ids: story.panels.map((p) => p.panelId) } : null,
    };
  })();
}

/** Ids of the panels the Strip view shows, each a visible box, in order. */
async function stripShows(page) {
  const items = page.locator('toon-strip-view [data-testid=panel-item]');
  const out = [];
  for (let i = 0; i < (await items.count()); i++) {
    const box = await items.nth(i).boundingBox();
    if (box && box.width > 0 && box.height > 0) out.push(await items.nth(i).getAttribute('data-id'));
  }
  return out;
}

async function draft(page, story, seed, n) {
  await gen(page).locator('[data-testid=story-text]').fill(story);
  await setNumber(gen(page).locator('[data-testid=story-seed]'), seed);
  // This run's number: the previous draft's panels stay landed and the button enabled until the
  // run has started (it first awaits the project), so wait for the counter, not for the old state.
  const run = Number(await gen(page).locator('[data-testid=story-step]').getAttribute('data-run')) + 1;
  await gen(page).locator('[data-testid=story-run]').click();
  await gen(page)
    .locator(`[data-testid=story-step][data-run="${run}"]`)
    .waitFor({ state: 'attached', timeout: 60_000 });
  await page.waitForFunction(
    (want) => {
      const root = document
        .querySelector('toon-app')
        ?.shadowRoot?.querySelector('toon-generate-view')
        ?.shadowRoot?.querySelector('toon-story-mode')?.shadowRoot;
      const button = root?.querySelector('[data-testid=story-run]');
      const landed = root?.querySelectorAll('[data-testid=story-panel][data-landed=yes]').length ?? 0;
      return !!button && !button.disabled && landed === want;
    },
    n,
    { timeout: 240_000 },
  );
  return storyPanels(page).evaluateAll((els) => els.map((e) => e.dataset.panelId));
}

export default async function (ctx) {
  const { assert, log } = ctx;
  fs.mkdirSync('test-results', { recursive: true });
  const context = await ctx.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await pickSmokeModel(page, log);

  // A panel that belongs to no draft.
  await gen(page).locator('[data-testid=generate-prompt]').fill('A red ball on the grass.');
  await gen(page).locator('[data-testid=generate-run]').click();
  await gen(page).locator('[data-testid=generate-add]').click({ timeout: 120_000 });
  await notice(page, 'Added as a panel', 'status');
  const [single] = (await panelHashes(page)).map((p) => p.id);
  assert.ok(single, 'single panel stored');

  await setNumber(gen(page).locator('[data-testid=story-steps]'), 3);
  await setNumber(gen(page).locator('[data-testid=story-guidance]'), 1);
  const idsA = await draft(page, STORY_A, 10, 3);
  await notice(page, 'The panels were added to the strip', 'status');
  const first = await panelHashes(page);
  const recA = await page.evaluate(storedRecords);
  log(`after draft A: ${first.map((p) => p.id.slice(0, 6))}`);
  assert.deepEqual(
    first.map((p) => p.id),
    [single, ...idsA],
    'draft A follows the single panel',
  );

  // Draft again: B replaces A.
  const idsB = await draft(page, STORY_B, 50, 2);
  await notice(page, "replaced the previous draft's 3 panels", 'status');
  assert.equal(await storyPanels(page).count(), 2, 'the story view shows the new draft only');
  const recB = await page.evaluate(storedRecords);
  log(
    `after draft B: order ${recB.order.map((id) => id.slice(0, 6))}, ${recB.panels.length} panel records, ${recB.blobs.length} blobs`,
  );
  assert.deepEqual(recB.order, [single, ...idsB], 'exactly one draft in the project');
  assert.deepEqual(recB.panels.map((p) => p.id).sort(), [single, ...idsB].sort(), 'no panel record of draft A left');
  const blobsA = recA.panels.filter((p) => idsA.includes(p.id)).flatMap((p) => p.blobs);
  assert.equal(blobsA.filter((b) => recB.blobs.includes(b)).length, 0, "draft A's images are gone");
  assert.deepEqual(recB.draft, { story: STORY_B, ids: idsB });
  await gen(page).locator('toon-story-mode').screenshot({ path: 'test-results/story-redraft.png' });

  // The Strip view shows the same: the single panel and B's two.
  await nav(page, 'strip');
  await page.locator('toon-strip-view [data-testid=panel-item]').nth(2).waitFor({ timeout: 60_000 });
  const shownB = await stripShows(page);
  log(`strip after the re-draft shows ${shownB.length} panels`);
  assert.deepEqual(shownB, [single, ...idsB], 'the Strip view shows exactly one draft');
  await page.screenshot({ path: 'test-results/story-redraft-strip.png', fullPage: true });

  // Undo (the notice waits): draft A, its text and settings and its panels come back.
  await nav(page, 'generate');
  await gen(page).locator('[data-testid=story-text]').waitFor();
  await page.locator('toon-notifier').getByRole('button', { name: 'Undo' }).click();
  await notice(page, 'The previous draft and its 3 panels are back', 'status');
  await gen(page).locator('[data-testid=story-panel][data-landed=yes]').nth(2).waitFor({ timeout: 60_000 });
  assert.deepEqual(await storyPanels(page).evaluateAll((els) => els.map((e) => e.dataset.panelId)), idsA);
  assert.equal(await gen(page).locator('[data-testid=story-text]').inputValue(), STORY_A);
  assert.equal(await gen(page).locator('[data-testid=story-seed]').inputValue(), '10');
  assert.deepEqual(await panelHashes(page), first, 'the first draft is back, same ids and bytes');
  const recU = await page.evaluate(storedRecords);
  assert.deepEqual(recU.panels.map((p) => p.id).sort(), [single, ...idsA].sort(), "draft B's panel records are gone");
  assert.deepEqual(recU.draft, { story: STORY_A, ids: idsA });
  assert.equal(await page.locator('toon-notifier').getByRole('button', { name: 'Undo' }).count(), 0, 'undo is used up');
  await gen(page).locator('toon-story-mode').screenshot({ path: 'test-results/story-redraft-undone.png' });

  await page.reload();
  await gen(page).locator('[data-testid=story-panel][data-landed=yes]').nth(2).waitFor({ timeout: 120_000 });
  // …and the box still shows draft A's text (the undo is newer than B's typing), not story B.
  const box = await gen(page).locator('[data-testid=story-text]').elementHandle();
  await page.waitForFunction(([el, want]) => el.value === want, [box, STORY_A], { timeout: 30_000 });
  await nav(page, 'strip');
  await page.locator('toon-strip-view [data-testid=panel-item]').nth(3).waitFor({ timeout: 60_000 });
  assert.deepEqual(await stripShows(page), [single, ...idsA], 'the Strip view shows draft A again');

  // Watching the Strip while a story draws: opened with its nav link while story C is still being
  // drawn, the Strip shows each panel as it lands — without being opened again.
  await nav(page, 'generate');
  await setNumber(gen(page).locator('[data-testid=story-steps]'), 150);
  await gen(page).locator('[data-testid=story-text]').fill(STORY_C);
  const runC = Number(await gen(page).locator('[data-testid=story-step]').getAttribute('data-run')) + 1;
  await gen(page).locator('[data-testid=story-run]').click();
  await gen(page)
    .locator(`[data-testid=story-step][data-run="${runC}"]`)
    .waitFor({ state: 'attached', timeout: 60_000 });
  await nav(page, 'strip');
  await page.locator('toon-strip-view [data-testid=panel-item]').first().waitFor({ timeout: 60_000 });
  const states = [];
  const drawn = () =>
    page.evaluate(() => {
      const root = document
        .querySelector('toon-app')
        ?.shadowRoot?.querySelector('toon-generate-view')
        ?.shadowRoot?.querySelector('toon-story-mode')?.shadowRoot;
      const button = root?.querySelector('[data-testid=story-run]');
      return (
        !!button && !button.disabled && root.querySelectorAll('[data-testid=story-panel][data-landed=yes]').length === 3
      );
    });
  const deadline = Date.now() + 300_000;
  let final;
  for (;;) {
    const shown = (await stripShows(page)).join(',');
    if (states.at(-1) !== shown) states.push(shown);
    if (!final && (await drawn())) final = (await page.evaluate(storedRecords)).order.join(',');
    if (final && shown === final) break;
    if (Date.now() > deadline) throw new Error(`the Strip never showed story C; states seen: ${states.join(' | ')}`);
    await page.waitForTimeout(50); // sampling what the Strip shows while the story draws
  }
  const short = (list) =>
    list
      .split(',')
      .map((id) => id.slice(0, 4))
      .join(' ');
  log(`strip while story C drew (no re-navigation): ${states.map(short).join(' → ')}`);
  assert.ok(states.length >= 2, 'the Strip was opened before the story finished, and changed as panels landed');
  assert.equal(final.split(',').length, 4, 'story C replaced draft A: the single panel and C1–C3');
  assert.equal(final.split(',')[0], single);
  await page.screenshot({ path: 'test-results/story-redraft-live-strip.png', fullPage: true });

  assert.deepEqual(
    ctx.console.filter((m) => m.type === 'error' || m.type === 'pageerror'),
    [],
    'no console error',
  );
  await context.close();
}
