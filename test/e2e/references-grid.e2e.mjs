// The References library grid (issue 14 #2): 3,000 references are listed in a virtualized grid of
// thumbnails — only the rows in view exist in the DOM, every picture is a thumbnail (natural size
// ≤ 256 px on the long side: 256×192 for the 800×600 originals), never the original; scrolling
// (keyboard, like a person: PageDown, End) reveals later references; older references without a
// thumbnail get one when they come into view (stored in IndexedDB as WebP, the others still
// have none); an image added through the file picker gets its thumbnail at import.
// Setup: the 3,000 references are seeded by a page script in the stored shape (refs-grid-seed.mjs).
import { png } from '../bench/bench-files.mjs';
import { seedReferences } from './refs-grid-seed.mjs';

export const timeout = 420_000;
const N = 3000;

const view = (page) => page.locator('toon-references-view');
const grid = (page) => view(page).locator('toon-ref-grid');

/** What the grid shows: items in the DOM (index, name) and their loaded thumbnails' natural sizes. */
function shown(page) {
  return grid(page).evaluate((g) => {
    const items = [...g.shadowRoot.querySelectorAll('[data-testid=refs-grid-item]')];
    const vp = g.shadowRoot.querySelector('[data-testid=refs-grid]').getBoundingClientRect();
    return items.map((li) => {
      const img = li.querySelector('img');
      const r = li.getBoundingClientRect();
      return {
        index: Number(li.dataset.index),
        name: li.dataset.name,
        visible: r.bottom > vp.top && r.top < vp.bottom,
        w: img?.complete ? img.naturalWidth : 0,
        h: img?.complete ? img.naturalHeight : 0,
      };
    });
  });
}

async function thumbsLoadedFor(page, index) {
  await page.waitForFunction(
    ([i]) => {
      const g = document
        .querySelector('toon-app')
        ?.shadowRoot?.querySelector('toon-references-view')
        ?.shadowRoot?.querySelector('toon-ref-grid');
      const img = g?.shadowRoot?.querySelector(`[data-testid=refs-grid-item][data-index="${i}"] img`);
      return !!img && img.complete && img.naturalWidth > 0;
    },
    [index],
    { timeout: 120_000 },
  );
}

function dbRefs(page) {
  return page.evaluate(async () => {
    const db = await new Promise((res, rej) => {
      const r = indexedDB.open('toonsmith');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const all = (s) =>
      new Promise((res) => {
        const r = db.transaction(s).objectStore(s).getAll();
        r.onsuccess = () => res(r.result);
      });
    const refs = await all('references');
    const out = {};
    for (const r of refs) {
      if (!r.thumbBlobId) {
        out[r.name] = null;
        continue;
      }
      const b = await new Promise((res) => {
        const q = db.transaction('blobs').objectStore('blobs').get(r.thumbBlobId);
        q.onsuccess = () => res(q.result);
      });
      const bmp = await createImageBitmap(b.blob);
      out[r.name] = { type: b.type, w: bmp.width, h: bmp.height, bytes: b.blob.size };
    }
    db.close();
    return out;
  });
}

/**
 * Presses `key` on the focused grid and waits until the scroll it starts has ended (the
 * viewport's `scrollend`, armed before the press). Keyboard scrolls are animated: a key pressed
 * while an earlier one still animates may be folded into it or dropped by the browser, so each
 * press waits for its own scroll to finish, as a person watching the grid does.
 */
async function pressAndSettle(page, key) {
  await grid(page).evaluate((g) => {
    const vp = g.shadowRoot.querySelector('[data-testid=refs-grid]');
    g.dataset.scrollEnded = 'no';
    vp.addEventListener('scrollend', () => (g.dataset.scrollEnded = String(vp.scrollTop)), { once: true });
  });
  await page.keyboard.press(key);
  await view(page).locator('toon-ref-grid:not([data-scroll-ended=no])').waitFor({ state: 'attached', timeout: 60_000 });
}

/** The grid's scroll state and window, for a failure message. */
function gridState(page) {
  return grid(page).evaluate((g) => {
    const vp = g.shadowRoot.querySelector('[data-testid=refs-grid]');
    const items = [...g.shadowRoot.querySelectorAll('[data-testid=refs-grid-item]')].map((li) => li.dataset.index);
    let a = document.activeElement;
    const path = [];
    while (a) {
      path.push(a.tagName.toLowerCase() + (a.dataset?.testid ? `[${a.dataset.testid}]` : ''));
      a = a.shadowRoot?.activeElement;
    }
    return `scrollTop ${vp.scrollTop} of ${vp.scrollHeight - vp.clientHeight}, window ${items[0]}–${items.at(-1)}, focus ${path.join(' > ')}`;
  });
}

export default async function (ctx) {
  const { assert, log } = ctx;
  const context = await ctx.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto('/#/strip');
  await page.locator('toon-strip-view [data-testid=drop-zone]').waitFor({ timeout: 60_000 });
  await page.locator('toon-strip-view[data-idle]').waitFor({ state: 'attached', timeout: 60_000 });
  await seedReferences(page, { n: N, image: [...png(5, 800, 600)] });

  await page.locator('toon-app nav a[data-route=references]').click();
  await view(page).locator('[data-testid=refs-model]').filter({ hasText: /128-d/ }).waitFor({ timeout: 300_000 });
  await view(page)
    .locator('[data-testid=refs-count]')
    .filter({ hasText: '3,000 references' })
    .waitFor({ timeout: 120_000 });
  await view(page).locator('[data-testid=refs-grid-toggle]').click();
  await grid(page).locator('[data-testid=refs-grid]').scrollIntoViewIfNeeded();
  await thumbsLoadedFor(page, 0);

  // Virtualized: a few rows of cells in the DOM, not 3,000; the first ones are thumbnails.
  let s = await shown(page);
  log(
    `top: ${s.length} cells in the DOM (${s.filter((x) => x.visible).length} visible), first ${s[0].name} ${s[0].w}×${s[0].h}`,
  );
  assert.ok(s.length > 0 && s.length < 150, `only the rows in view are rendered (${s.length} cells)`);
  assert.equal(s[0].index, 0);
  assert.equal(s[0].name, 'ref-0.png');
  const firstVisible = s.filter((x) => x.visible);
  await Promise.all(firstVisible.map((x) => thumbsLoadedFor(page, x.index)));
  s = await shown(page);
  for (const x of s.filter((y) => y.visible)) {
    assert.deepEqual([x.w, x.h], [256, 192], `${x.name}: a 256×192 thumbnail of the 800×600 original`);
  }
  await page.screenshot({ path: 'test-results/references-grid-top.png' });

  // Scroll like a person: focus the grid, PageDown three times → later references, early ones gone.
  await grid(page).locator('[data-testid=refs-grid]').focus();
  for (let i = 0; i < 3; i++) await pressAndSettle(page, 'PageDown');
  await page.waitForFunction(
    () => {
      const g = document
        .querySelector('toon-app')
        .shadowRoot.querySelector('toon-references-view')
        .shadowRoot.querySelector('toon-ref-grid');
      const first = g.shadowRoot.querySelector('[data-testid=refs-grid-item]');
      return first && Number(first.dataset.index) > 0;
    },
    null,
    { timeout: 60_000 },
  );
  s = await shown(page);
  log(`after PageDown ×3: indexes ${s[0].index}–${s.at(-1).index}`);
  assert.ok(s[0].index > 0, 'the window moved down');

  // End: the last references, their thumbnails made now (lazily) and shown.
  await pressAndSettle(page, 'End');
  await grid(page)
    .locator(`[data-testid=refs-grid-item][data-index="${N - 1}"]`)
    .waitFor({ timeout: 60_000 })
    .catch(async (e) => {
      throw new Error(`the last reference never came into the window after End: ${await gridState(page)}`, {
        cause: e,
      });
    });
  await thumbsLoadedFor(page, N - 1);
  s = await shown(page);
  const last = s.find((x) => x.index === N - 1);
  log(`end: ${s.length} cells, last ${last.name} ${last.w}×${last.h}`);
  assert.equal(last.name, `ref-${N - 1}.png`);
  assert.deepEqual([last.w, last.h], [256, 192]);
  assert.ok(s.length < 150 && !s.some((x) => x.index === 0), 'still virtualized at the end');
  await page.screenshot({ path: 'test-results/references-grid-end.png' });

  // Stored: the thumbnails made on view are WebP 256×192 in IndexedDB; never-shown ones have none yet.
  let db = await dbRefs(page);
  assert.deepEqual({ ...db[`ref-${N - 1}.png`], bytes: 0 }, { type: 'image/webp', w: 256, h: 192, bytes: 0 });
  assert.ok(db[`ref-${N - 1}.png`].bytes < 30_000, 'a small thumbnail');
  // Lazily made: only what scrolled through view got one. (Which middle rows End's animated scroll
  // passes over depends on frame timing, so this counts instead of naming one.)
  const made = Object.values(db).filter(Boolean).length;
  log(`references with a thumbnail after the scroll: ${made} of ${N}`);
  assert.ok(made < N / 2, `most references never shown still have no thumbnail (${made} of ${N} have one)`);
  assert.equal(db['ref-0.png'] !== null && db[`ref-${N - 1}.png`] !== null, true, 'the shown ones have one');

  // Import through the file picker: the thumbnail is made at import.
  await view(page)
    .locator('[data-testid=refs-file-input]')
    .setInputFiles([{ name: 'wide-new.png', mimeType: 'image/png', buffer: png(9, 1024, 512) }]);
  await page.locator('toon-notifier [role=status]', { hasText: 'Added 1 reference.' }).waitFor({ timeout: 120_000 });
  db = await dbRefs(page);
  assert.deepEqual(
    { ...db['wide-new.png'], bytes: 0 },
    { type: 'image/webp', w: 256, h: 128, bytes: 0 },
    'thumbnail stored at import',
  );
  await view(page).locator('[data-testid=refs-count]').filter({ hasText: '3,001 references' }).waitFor();
  await grid(page).locator('[data-testid=refs-grid]').focus();
  await page.keyboard.press('End');
  await grid(page).locator(`[data-testid=refs-grid-item][data-index="${N}"]`).waitFor({ timeout: 60_000 });
  await thumbsLoadedFor(page, N);
  const added = (await shown(page)).find((x) => x.index === N);
  assert.deepEqual([added.name, added.w, added.h], ['wide-new.png', 256, 128]);
  await page.screenshot({ path: 'test-results/references-grid-added.png' });
  await context.close();
}
