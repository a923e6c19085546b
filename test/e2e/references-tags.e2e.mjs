// References, zero-shot tags (issue 5): labels in Korean, English, Japanese/Chinese → every
// reference keeps its best 3 labels with scores (sorted); each score is the cosine the search
// shows for that label as a query; tags filter searches (with and without a query); labels and
// tags survive a reload, and a reference added later is tagged with the saved labels.
import fs from 'node:fs';
import path from 'node:path';
import { SPRITES, addSprites, modelShown, search, snapshot, view } from './refs-helpers.mjs';

export const timeout = 400_000;
const LABELS = ['고양이', 'dog', '家', '나무', 'ねこ'];

export default async function (ctx) {
  const { assert, log, fixturesDir } = ctx;
  const context = await ctx.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto('/#/references');
  await modelShown(page, /Toon-CLIP.*128-d/);
  await addSprites(page, fixturesDir);

  // No labels → message, nothing tagged.
  await view(page).locator('[data-testid=refs-labels]').fill(' , ，');
  await view(page).locator('[data-testid=refs-tag-all]').click();
  await page.locator('toon-notifier [role=alert]', { hasText: 'Enter at least one label' }).waitFor({ timeout: 30_000 });
  assert.ok((await snapshot(page)).refs.every((r) => r.tags.length === 0));

  await view(page).locator('[data-testid=refs-labels]').fill(LABELS.join(', '));
  await view(page).locator('[data-testid=refs-tag-all]').click();
  await page.locator('toon-notifier [role=status]', { hasText: `Tagged ${SPRITES.length} references` }).waitFor({ timeout: 60_000 });
  const s1 = await snapshot(page);
  for (const r of s1.refs) {
    log(`${r.name}: ${r.tags.map((t) => `${t.label} ${t.score}`).join(', ')}`);
    assert.equal(r.tags.length, 3, `${r.name} has its best 3 labels`);
    assert.ok(r.tags.every((t) => LABELS.includes(t.label) && t.score >= -1 && t.score <= 1));
    for (let i = 1; i < 3; i++) assert.ok(r.tags[i - 1].score >= r.tags[i].score, 'best label first');
  }

  // Each tag score is the cosine between the image and the label as a search query.
  const byName = Object.fromEntries(s1.refs.map((r) => [r.name, r]));
  for (const label of LABELS) {
    const hits = await search(page, label);
    assert.equal(hits.length, SPRITES.length);
    for (const h of hits) {
      const tag = byName[h.name].tags.find((t) => t.label === label);
      if (tag) assert.ok(Math.abs(tag.score - h.score) < 2e-3, `${h.name} "${label}": tag ${tag.score} vs search ${h.score}`);
      else assert.ok(h.score <= byName[h.name].tags[2].score + 2e-3, `${h.name}: untagged "${label}" scores below its 3rd label`);
    }
    if (label === LABELS[0]) assert.ok(hits.every((h) => h.tags.length > 0), 'hits show their tags');
  }

  // Filter by tag: with no query (best tag score first) and with a query.
  for (const label of LABELS) {
    const want = s1.refs.filter((r) => r.tags.some((t) => t.label === label));
    const only = await search(page, '', label);
    log(`tag "${label}": ${only.map((h) => `${h.name} ${h.score}`).join(', ') || '(none)'}`);
    assert.deepEqual(only.map((h) => h.name).sort(), want.map((r) => r.name).sort(), `tag "${label}" lists exactly its references`);
    for (let i = 1; i < only.length; i++) assert.ok(only[i - 1].score >= only[i].score);
    if (want.length === 0) assert.equal(await view(page).locator('[data-testid=refs-no-results]').count(), 1);
    const withQuery = await search(page, 'a cute animal', label);
    assert.deepEqual(withQuery.map((h) => h.name).sort(), want.map((r) => r.name).sort(), `query + tag "${label}"`);
  }

  // Reload: tags and labels kept; a new reference is tagged with the saved labels.
  await page.reload();
  await modelShown(page, /Toon-CLIP/);
  assert.equal(await view(page).locator('[data-testid=refs-labels]').inputValue(), LABELS.join(', '));
  assert.deepEqual((await snapshot(page)).refs, s1.refs, 'tags survive a reload');
  const extra = '1F436.png';
  await view(page).locator('[data-testid=refs-file-input]').setInputFiles({
    name: extra, mimeType: 'image/png', buffer: fs.readFileSync(path.join(fixturesDir, 'dataset', 'sprites', extra)),
  });
  await page.locator('toon-notifier [role=status]', { hasText: 'Added 1 references' }).waitFor({ timeout: 120_000 });
  const added = (await snapshot(page)).refs.find((r) => r.name === extra);
  log(`${extra} (added later): ${added.tags.map((t) => `${t.label} ${t.score}`).join(', ')}`);
  assert.equal(added.tags.length, 3, 'a reference added later gets the saved labels');
  const options = await view(page).locator('[data-testid=refs-tag] option').evaluateAll((els) => els.map((e) => e.value).filter(Boolean));
  assert.ok(options.length > 0 && options.every((o) => LABELS.includes(o)), 'the tag filter offers the labels in use');
}
