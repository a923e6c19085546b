// References, bad input (issue 5): an empty / blank query, a 10,000-character query, an image that
// fails to decode (alone, and beside a good one), an empty file and a drop without images → a
// clear message each; the stored library (records, vectors, tags) is byte-for-byte unchanged
// except for the one good image, and search answers as before.
import fs from 'node:fs';
import path from 'node:path';
import { SPRITES, count, libraryWithSprites, search, snapshot, view } from './refs-helpers.mjs';

export const timeout = 400_000;

export default async function (ctx) {
  const { assert, log, fixturesDir } = ctx;
  const context = await ctx.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await libraryWithSprites(page, fixturesDir);
  const s0 = await snapshot(page);
  const h0 = await search(page, '고양이');
  const alert = async (text) => {
    const el = page.locator('toon-notifier [role=alert]', { hasText: text }).last();
    await el.waitFor({ timeout: 120_000 });
    log((await el.innerText()).replace(/\s*×\s*$/, ''));
    await el.getByRole('button').click(); // dismiss, so the next wait sees a new one
  };
  const unchanged = async (why) => {
    assert.deepEqual(await snapshot(page), s0, `${why}: library unchanged`);
    assert.equal(await count(page), SPRITES.length);
  };

  for (const q of ['', '   \n\t ']) {
    await view(page).locator('[data-testid=refs-query]').fill(q);
    await view(page).locator('[data-testid=refs-search]').click();
    await alert('Type what to search for');
    await unchanged(`query ${JSON.stringify(q)}`);
  }

  // 10,000 characters: truncated to the model's max length, with a notice; still answers.
  const long = '고양이 cat 猫 '.repeat(1000).slice(0, 10_000);
  assert.equal(long.length, 10_000);
  const hl = await search(page, long);
  const notice = page.locator('toon-notifier [role=status]', { hasText: /only its first \d+ tokens were used/ }).last();
  await notice.waitFor({ timeout: 60_000 });
  log(await notice.innerText(), `→ ${hl.length} hits`);
  assert.equal(hl.length, SPRITES.length);
  assert.ok(hl.every((h) => Number.isFinite(h.score)));
  await unchanged('10,000-character query');

  const input = view(page).locator('[data-testid=refs-file-input]');
  await input.setInputFiles([
    { name: 'broken.png', mimeType: 'image/png', buffer: Buffer.from('definitely not a png') },
  ]);
  await alert('broken.png');
  await unchanged('undecodable image');
  await input.setInputFiles([{ name: 'empty.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(0) }]);
  await alert('empty.jpg');
  await unchanged('empty file');
  await input.setInputFiles([{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') }]);
  await alert('No images in that drop');
  await unchanged('no images');
  assert.deepEqual(
    (await search(page, '고양이')).map((h) => h.name),
    h0.map((h) => h.name),
    'search unchanged',
  );

  // A broken image beside a good one: the good one is added, the broken one reported, nothing else moves.
  const good = '1F436.png';
  await input.setInputFiles([
    {
      name: 'truncated.png',
      mimeType: 'image/png',
      buffer: fs.readFileSync(path.join(fixturesDir, 'dataset', 'sprites', good)).subarray(0, 60),
    },
    { name: good, mimeType: 'image/png', buffer: fs.readFileSync(path.join(fixturesDir, 'dataset', 'sprites', good)) },
  ]);
  await alert('truncated.png');
  await page.locator('toon-notifier [role=status]', { hasText: 'Added 1 reference.' }).waitFor({ timeout: 60_000 });
  const s1 = await snapshot(page);
  assert.deepEqual(
    s1.refs.filter((r) => r.name !== good),
    s0.refs,
    'existing references untouched',
  );
  assert.deepEqual(s1.refs.map((r) => r.name).sort(), [...SPRITES.map(([f]) => f), good].sort());
  for (const c of s0.chunks) {
    const now = s1.chunks.find((x) => x.id === c.id);
    assert.deepEqual(now.data.slice(0, c.data.length), c.data, 'existing vectors untouched');
  }
}
