// References: the shipped Toon-CLIP loads in its worker (transformers.js, same origin only), the
// dataset's cat/dog/tree/house sprites are embedded and stored; "고양이" and "cat" each rank all
// five references by descending score with a cat first (issue 5); "개" and "dog" rank the dog
// first; the index survives a reload and answers identically;
// bad input (empty query, 10,000-char query, undecodable image) gives a clear message and leaves
// the library unchanged.
// The torch side of the same check is models/clip/EVAL.md's "fixture probe" table.
import fs from 'node:fs';
import path from 'node:path';

export const timeout = 300_000;

const SPRITES = [
  ['1F408.png', 'cat'],
  ['1F431.png', 'cat'],
  ['1F415.png', 'dog'],
  ['1F333.png', 'tree'],
  ['1F3E0.png', 'house'],
];

function view(page) {
  return page.locator('toon-references-view');
}

async function searchTop(page, query) {
  await view(page).locator('[data-testid=refs-query]').fill(query);
  await view(page).locator('[data-testid=refs-search]').click();
  const first = view(page).locator('[data-testid=refs-hit]').first();
  await page
    .waitForFunction(
      (q) => {
        const v = document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-references-view');
        return v?.shadowRoot?.querySelector('[data-testid=refs-hit]') && v.dataset.lastQuery === q;
      },
      query,
      { timeout: 60_000 },
    )
    .catch(() => undefined);
  const hits = await view(page)
    .locator('[data-testid=refs-hit]')
    .evaluateAll((els) => els.map((e) => ({ name: e.dataset.name, score: Number(e.dataset.score) })));
  await first.waitFor();
  return hits;
}

async function count(page) {
  return Number((await view(page).locator('[data-testid=refs-count]').innerText()).replace(/\D+/g, ''));
}

export default async function (ctx) {
  const { assert, log, fixturesDir } = ctx;
  const context = await ctx.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto('/#/references');
  await view(page)
    .locator('[data-testid=refs-model]')
    .filter({ hasText: /Toon-CLIP.*128-d/ })
    .waitFor({ timeout: 180_000 });
  log(await view(page).locator('[data-testid=refs-model]').innerText());

  const dir = path.join(fixturesDir, 'dataset', 'sprites');
  await view(page)
    .locator('[data-testid=refs-file-input]')
    .setInputFiles(
      SPRITES.map(([f]) => ({ name: f, mimeType: 'image/png', buffer: fs.readFileSync(path.join(dir, f)) })),
    );
  await page.locator('toon-notifier [role=status]', { hasText: 'Added 5 references' }).waitFor({ timeout: 120_000 });
  assert.equal(await count(page), 5);

  const cats = new Set(SPRITES.filter(([, k]) => k === 'cat').map(([f]) => f));
  const before = {};
  for (const q of ['고양이', 'cat']) {
    const hits = await searchTop(page, q);
    log(`${q}: ${hits.map((h) => `${h.name} ${h.score}`).join(', ')} (cat first: ${cats.has(hits[0].name)})`);
    assert.deepEqual(hits.map((h) => h.name).sort(), SPRITES.map(([f]) => f).sort(), `"${q}" ranks every reference`);
    for (let i = 1; i < hits.length; i++) assert.ok(hits[i - 1].score >= hits[i].score, `"${q}" hits sorted by score`);
    assert.ok(
      hits.every((h) => Number.isFinite(h.score) && h.score <= 1 && h.score >= -1),
      'cosine scores',
    );
    assert.ok(cats.has(hits[0].name), `"${q}" ranks a cat first (got ${hits[0].name})`);
    before[q] = hits;
  }
  for (const q of ['개', 'dog']) {
    const hits = await searchTop(page, q);
    log(`${q}: ${hits.map((h) => `${h.name} ${h.score}`).join(', ')}`);
    assert.equal(hits[0].name, '1F415.png', `"${q}" ranks the dog first`);
  }

  // Bad input: empty query, 10,000-character query, an undecodable image.
  await view(page).locator('[data-testid=refs-query]').fill('   ');
  await view(page).locator('[data-testid=refs-search]').click();
  await page.locator('toon-notifier [role=alert]', { hasText: 'Type what to search for' }).waitFor({ timeout: 30_000 });
  await view(page).locator('[data-testid=refs-query]').fill('고양이 cat '.repeat(1000).slice(0, 10_000));
  await view(page).locator('[data-testid=refs-search]').click();
  await page
    .locator('toon-notifier [role=status]', { hasText: 'only its first 64 tokens' })
    .waitFor({ timeout: 60_000 });
  await view(page)
    .locator('[data-testid=refs-file-input]')
    .setInputFiles([{ name: 'broken.png', mimeType: 'image/png', buffer: Buffer.from('definitely not a png') }]);
  await page.locator('toon-notifier [role=alert]', { hasText: 'broken.png' }).waitFor({ timeout: 60_000 });
  assert.equal(await count(page), 5);

  // Reload: the index is still there and still answers.
  await page.reload();
  await view(page)
    .locator('[data-testid=refs-model]')
    .filter({ hasText: /Toon-CLIP/ })
    .waitFor({ timeout: 180_000 });
  await page.waitForFunction(
    () => {
      const v = document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-references-view');
      return /\b5\b/.test(v?.shadowRoot?.querySelector('[data-testid=refs-count]')?.textContent ?? '');
    },
    null,
    { timeout: 60_000 },
  );
  const after = await searchTop(page, '고양이');
  assert.deepEqual(
    after.map((h) => h.name),
    before['고양이'].map((h) => h.name),
    'same ranking after reload',
  );
  after.forEach((h, i) => assert.ok(Math.abs(h.score - before['고양이'][i].score) < 1e-4, 'same scores after reload'));
  const stored = await page.evaluate(async () => {
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
    const [refs, chunks] = [await all('references'), await all('vectorChunks')];
    db.close();
    return {
      refs: refs.length,
      chunks: chunks.length,
      rows: chunks.reduce((s, c) => s + c.ids.filter(Boolean).length, 0),
      dims: chunks.map((c) => c.dim),
    };
  });
  log(JSON.stringify(stored));
  assert.deepEqual(stored, { refs: 5, chunks: 1, rows: 5, dims: [128] });
}
