// Managing references (new-user trial fixes), driven as a person does:
// 1. While References loads, the disabled "Add panels of the current project" and "Search" buttons
//    look disabled (faded, no pointer cursor); once loaded they look enabled.
// 2. Dropping a picture already in the library (same bytes, another name) beside a new one: the new
//    one is added ("Added 1 reference."), the other is named as already there and not stored again;
//    every stored reference keeps the SHA-256 of its bytes.
// 3. A thumbnail of "All references" opens that reference's card (click, and Space on a thumbnail
//    reached with Tab); its tag and collection land in IndexedDB.
// 4. Delete from that card and from a search result: a notice with Undo; Undo puts back the same
//    record (id, blobs, thumbnail, tags, collections, hash), the same image bytes and vector, the card
//    in its place; search finds it again. Korean: the same notices in Korean.
// 5. An empty search says what to do and clears the previous results.
// Screenshots: test-results/references-manage/*.png.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SPRITES, addSprites, count, modelShown, search, view } from './refs-helpers.mjs';
import { readStores } from './store-read.mjs';

export const timeout = 300_000;
const OUT = 'test-results/references-manage';

const grid = (page) => view(page).locator('toon-ref-grid');
const selected = (page) => view(page).locator('[data-testid=refs-selected]');
const status = (page, text) => page.locator('toon-notifier [role=status]', { hasText: text }).last();

/** The look of a button: disabled, opacity, cursor. */
const look = (loc) =>
  loc.evaluate((b) => {
    const cs = getComputedStyle(b);
    return { disabled: b.disabled, opacity: Number(cs.opacity), cursor: cs.cursor };
  });

/** Drops files on the References drop zone (a DataTransfer as the browser makes for a drop). */
async function drop(page, files) {
  const dt = await page.evaluateHandle(
    (list) => {
      const d = new DataTransfer();
      for (const [name, b64] of list)
        d.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name, { type: 'image/png' }));
      return d;
    },
    files.map(([name, buf]) => [name, buf.toString('base64')]),
  );
  await view(page).locator('[data-testid=refs-drop]').dispatchEvent('drop', { dataTransfer: dt });
}

/** A reference as stored, with its blobs' bytes (SHA-256) and its vector. */
function stored(page, name) {
  return page.evaluate(async (n) => {
    const db = await new Promise((res, rej) => {
      const r = indexedDB.open('toonsmith');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const get = (s, k) =>
      new Promise((res) => {
        const r = db.transaction(s).objectStore(s)[k === undefined ? 'getAll' : 'get'](k);
        r.onsuccess = () => res(r.result);
      });
    const ref = (await get('references')).find((r) => r.name === n);
    if (!ref) return (db.close(), null);
    const hex = async (b) =>
      [...new Uint8Array(await crypto.subtle.digest('SHA-256', await b.arrayBuffer()))]
        .map((x) => x.toString(16).padStart(2, '0'))
        .join('');
    const blobs = [];
    for (const id of [ref.blobId, ref.thumbBlobId]) {
      const b = id && (await get('blobs', id));
      blobs.push(b ? { id: b.id, type: b.type, sha256: await hex(b.blob) } : null);
    }
    const chunk = await get('vectorChunks', ref.chunkId);
    const vector =
      chunk?.ids[ref.row] === ref.id ? [...new Float32Array(chunk.data, ref.row * chunk.dim * 4, chunk.dim)] : null;
    db.close();
    const { chunkId: _chunk, row: _row, ...rest } = ref; // the vector's place may change; the vector is compared
    return { ref: rest, blobs, vector };
  }, name);
}

async function cardOf(page, scope, name) {
  const card = scope
    .locator('toon-ref-card')
    .filter({ has: page.locator('[data-testid=refs-hit-name]', { hasText: name }) });
  await card.waitFor();
  return card;
}

export default async function (ctx) {
  const { assert, log, fixturesDir } = ctx;
  fs.mkdirSync(OUT, { recursive: true });
  const sprite = (f) => fs.readFileSync(path.join(fixturesDir, 'dataset', 'sprites', f));
  const context = await ctx.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto('/');
  await page.locator('toon-app nav a[href="#/references"]').click();

  // 1. Disabled while the model loads: visibly so.
  const searchBtn = view(page).locator('[data-testid=refs-search]');
  const panelsBtn = view(page).getByRole('button', { name: 'Add panels of the current project' });
  await searchBtn.waitFor();
  const loading = { search: await look(searchBtn), panels: await look(panelsBtn) };
  await page.screenshot({ path: `${OUT}/loading-disabled.png`, clip: { x: 0, y: 0, width: 1280, height: 420 } });
  log('while loading', JSON.stringify(loading));
  for (const [k, s] of Object.entries(loading)) {
    assert.equal(s.disabled, true, `${k} is disabled while the model loads`);
    assert.ok(s.opacity <= 0.6, `${k} looks faded (opacity ${s.opacity})`);
    assert.notEqual(s.cursor, 'pointer', `${k} has no pointer cursor`);
  }
  await modelShown(page, /Toon-CLIP.*128-d/);
  await view(page).locator('[data-testid=refs-search]:not([disabled])').waitFor();
  const ready = { search: await look(searchBtn), panels: await look(panelsBtn) };
  for (const [k, s] of Object.entries(ready))
    assert.deepEqual(s, { disabled: false, opacity: 1, cursor: 'pointer' }, `${k} looks enabled once loaded`);
  await addSprites(page, fixturesDir);

  // 2. The same picture again (another name) beside a new one.
  await drop(page, [
    ['black-cat.png', sprite('1F408.png')],
    ['1F436.png', sprite('1F436.png')],
  ]);
  await status(page, 'Added 1 reference.').waitFor({ timeout: 120_000 });
  const dupNotice = status(page, 'black-cat.png is already in the library');
  await dupNotice.waitFor();
  log(await dupNotice.innerText());
  assert.match(await dupNotice.innerText(), /as “1F408\.png”/);
  await view(page).locator('[data-testid=refs-count]').filter({ hasText: '6 references' }).waitFor();
  let refs = (await readStores(page, ['references'])).references;
  const sha = (b) => crypto.createHash('sha256').update(b).digest('hex');
  assert.deepEqual(
    refs.map((r) => r.name).sort(),
    [...SPRITES.map(([f]) => f), '1F436.png'].sort(),
    'no black-cat.png',
  );
  for (const r of refs) assert.equal(r.sha256, sha(sprite(r.name)), `${r.name} stored with the SHA-256 of its bytes`);

  // 3. The grid's thumbnails open their card: a click…
  await view(page).locator('[data-testid=refs-grid-section][open]').waitFor();
  await grid(page)
    .getByRole('button', { name: /^Open “1F415\.png”/ })
    .click();
  let card = await cardOf(page, selected(page), '1F415.png');
  await card.locator('[data-testid=refs-add-collection]').fill('pets');
  await card.locator('[data-testid=refs-add-collection]').press('Enter');
  await card.locator('[data-testid=refs-collection-chip][data-label=pets]').waitFor();
  await page.screenshot({ path: `${OUT}/selected-card.png`, fullPage: true });
  // …and the keyboard: Tab from the grid region to its first thumbnail, Space.
  await grid(page).locator('[data-testid=refs-grid]').focus();
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return a?.getAttribute('aria-label');
  });
  assert.match(focused, /^Open “1F408\.png”/, 'Tab reaches the first thumbnail, named for what it opens');
  await page.keyboard.press('Space');
  card = await cardOf(page, selected(page), '1F408.png');
  await card.locator('[data-testid=refs-add-tag]').fill('black');
  await card.locator('[data-testid=refs-add-tag]').press('Enter');
  await card.locator('[data-testid=refs-tag-chip][data-label=black]').waitFor();
  refs = (await readStores(page, ['references'])).references;
  assert.deepEqual(refs.find((r) => r.name === '1F415.png').collections, ['pets']);

  // 4a. Delete from the opened card, then Undo.
  const before = await stored(page, '1F408.png');
  assert.deepEqual(before.ref.userTags, ['black']);
  assert.ok(before.blobs[0] && before.blobs[1] && before.vector, 'image, thumbnail and vector stored');
  await card.getByRole('button', { name: 'Delete' }).click();
  await selected(page).waitFor({ state: 'detached' });
  await view(page).locator('[data-testid=refs-count]').filter({ hasText: '5 references' }).waitFor();
  assert.equal(await stored(page, '1F408.png'), null, 'deleted from IndexedDB');
  const deletedNotice = status(page, 'Deleted the reference “1F408.png”.');
  await deletedNotice.waitFor();
  await page.screenshot({ path: `${OUT}/deleted-undo.png` });
  await deletedNotice.getByRole('button', { name: 'Undo' }).click();
  await status(page, 'Restored the reference “1F408.png”.').waitFor();
  await view(page).locator('[data-testid=refs-count]').filter({ hasText: '6 references' }).waitFor();
  await cardOf(page, selected(page), '1F408.png'); // the card it was deleted from is back
  const after = await stored(page, '1F408.png');
  assert.deepEqual(after.ref, before.ref, 'same record: id, blob ids, thumbnail, tags, hash, time');
  assert.deepEqual(after.blobs, before.blobs, 'same image and thumbnail bytes under the same ids');
  assert.ok(
    after.vector.every((x, i) => Math.abs(x - before.vector[i]) < 1e-6),
    'same vector',
  );
  // Close: the card goes, focus is back on the grid.
  await selected(page).locator('[data-testid=refs-selected-close]').click();
  await selected(page).waitFor({ state: 'detached' });
  assert.equal(
    await page.evaluate(() => {
      let a = document.activeElement;
      while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
      return a?.dataset.testid;
    }),
    'refs-grid',
  );

  // 4b. Delete a search result, then Undo: the card comes back in its place; search finds it.
  const hits = (await search(page, 'cat')).map((h) => h.name);
  log('cat →', hits.join(', '));
  assert.ok(hits.includes('1F431.png'));
  const results = view(page).locator('[data-testid=refs-results]');
  await (await cardOf(page, results, '1F431.png')).getByRole('button', { name: 'Delete' }).click();
  await results.locator('[data-testid=refs-hit][data-name="1F431.png"]').waitFor({ state: 'detached' });
  assert.equal(await count(page), 5);
  await status(page, 'Deleted the reference “1F431.png”.').getByRole('button', { name: 'Undo' }).click();
  await results.locator('[data-testid=refs-hit][data-name="1F431.png"]').waitFor();
  assert.deepEqual(
    await results.locator('[data-testid=refs-hit]').evaluateAll((els) => els.map((e) => e.dataset.name)),
    hits,
    'the card is back in its place',
  );
  assert.equal(await count(page), 6);
  assert.deepEqual(
    (await search(page, 'cat')).map((h) => h.name),
    hits,
    'search finds it again, ranked as before',
  );

  // 5. An empty search: the message, and the old results are gone.
  await view(page).locator('[data-testid=refs-query]').fill('');
  await searchBtn.click();
  await page.locator('toon-notifier [role=alert]', { hasText: 'Type what to search for' }).waitFor();
  await results.waitFor({ state: 'detached' });
  assert.equal(await view(page).locator('[data-testid=refs-hit]').count(), 0, 'no stale results under the empty box');

  // Korean: the duplicate and the delete notices, and Undo.
  await page.locator('toon-app [data-testid=locale]').selectOption('ko');
  await drop(page, [['검은고양이.png', sprite('1F408.png')]]);
  await status(page, '이미 라이브러리에 있는 그림입니다(1F408.png): 검은고양이.png').waitFor({ timeout: 120_000 });
  await grid(page)
    .getByRole('button', { name: /^“1F333\.png” 열기/ })
    .click();
  card = await cardOf(page, selected(page), '1F333.png');
  await card.getByRole('button', { name: '삭제' }).click();
  const ko = status(page, '레퍼런스를 삭제했습니다: “1F333.png”');
  await ko.waitFor();
  await page.screenshot({ path: `${OUT}/deleted-undo-ko.png` });
  await ko.getByRole('button', { name: '실행 취소' }).click();
  await status(page, '레퍼런스를 되살렸습니다: “1F333.png”').waitFor();
  await view(page).locator('[data-testid=refs-count]').filter({ hasText: '레퍼런스 6개' }).waitFor();
  assert.equal((await readStores(page, ['references'])).references.length, 6);
  await context.close();
}
