// A profile written by the app before DB v3 (story draft, storyboard and character sheet kept in
// the settings store as `story:<id>`, `storyboard:<id>`, `characters:<id>`) opens in the current
// build (Chromium's own IndexedDB, not fake-indexeddb): a person going to Story finds the story
// text and the character, with her picture, as they left them; the records now live in the
// stories / storyboards / characters stores and the old settings keys are gone. Her picture,
// stored inline as an ArrayBuffer before v5, is now a Blob in IndexedDB with the same bytes.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { ROOT, gen } from './gen-helpers.mjs';

export const timeout = 240_000;

/** Builds the v2 database (schema of src/store/migrations.ts v1+v2) with the old settings records. */
function seedV2(page, sprite) {
  return page.evaluate(async (png) => {
    const db = await new Promise((res, rej) => {
      const r = indexedDB.open('toonsmith', 2);
      r.onupgradeneeded = () => {
        const d = r.result;
        d.createObjectStore('projects', { keyPath: 'id' }).createIndex('updatedAt', 'updatedAt');
        d.createObjectStore('panels', { keyPath: 'id' }).createIndex('projectId', 'projectId');
        d.createObjectStore('blobs', { keyPath: 'id' });
        d.createObjectStore('settings', { keyPath: 'key' });
        d.createObjectStore('hints', { keyPath: 'id' }).createIndex('panelId', 'panelId');
        d.createObjectStore('palettes', { keyPath: 'id' }).createIndex('projectId', 'projectId');
        d.createObjectStore('references', { keyPath: 'id' }).createIndex('modelId', 'modelId');
        d.createObjectStore('vectorChunks', { keyPath: 'id' }).createIndex('modelId', 'modelId');
        d.createObjectStore('models', { keyPath: 'id' });
      };
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const tx = db.transaction(['projects', 'blobs', 'settings'], 'readwrite');
    tx.objectStore('projects').put({ id: 'old-p', name: 'Old strip', panelIds: [], createdAt: 1, updatedAt: 1 });
    tx.objectStore('blobs').put({ id: 'old-b', type: 'image/png', bytes: new Uint8Array(png).buffer, createdAt: 1 });
    const settings = tx.objectStore('settings');
    settings.put({ key: 'currentProjectId', value: 'old-p' });
    settings.put({
      key: 'story:old-p',
      value: {
        story: 'Mina walks by the sea.',
        baseSeed: 9,
        steps: 4,
        guidance: 1,
        strength: 0.6,
        panels: [{ text: 'Mina walks by the sea.', seed: 9, take: 0, characters: ['Mina'] }],
        updatedAt: 1,
      },
    });
    settings.put({ key: 'storyboard:old-p', value: { story: '미나가 바닷가에서', panels: [], updatedAt: 1 } });
    settings.put({ key: 'characters:old-p', value: [{ id: 'old-c', name: 'Mina', blobId: 'old-b', createdAt: 1 }] });
    await new Promise((res, rej) => ((tx.oncomplete = res), (tx.onerror = () => rej(tx.error))));
    db.close();
  }, sprite);
}

function readStores(page) {
  return page.evaluate(async () => {
    const db = await new Promise((res, rej) => {
      const r = indexedDB.open('toonsmith');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const all = (s) =>
      new Promise((res, rej) => {
        const r = db.transaction(s).objectStore(s).getAll();
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
    const out = {
      version: db.version,
      settingKeys: (await all('settings')).map((s) => s.key).sort(),
      stories: await all('stories'),
      storyboards: await all('storyboards'),
      characters: await all('characters'),
      blobs: await Promise.all(
        (await all('blobs')).map(async (b) => ({
          keys: Object.keys(b).sort(),
          id: b.id,
          type: b.type,
          isBlob: b.blob instanceof Blob,
          blobType: b.blob?.type,
          sha:
            b.blob instanceof Blob
              ? [...new Uint8Array(await crypto.subtle.digest('SHA-256', await b.blob.arrayBuffer()))]
              : [],
        })),
      ),
    };
    db.close();
    return out;
  });
}

export default async function (ctx) {
  const { assert, log } = ctx;
  const context = await ctx.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  // A blank page of the app's origin (it does not open the database), to write the old profile first.
  await page.route('**/seed-old-profile.html', (r) =>
    r.fulfill({ contentType: 'text/html', body: '<!doctype html><link rel="icon" href="data:,"><title>seed</title>' }),
  );
  await page.goto('/seed-old-profile.html');
  const sprite = [...fs.readFileSync(`${ROOT}test/fixtures/dataset/sprites/1F431.png`)];
  await seedV2(page, sprite);

  await page.goto('/');
  await page.locator('toon-app nav a[data-route=generate]').click(); // the nav link, as a person does
  const mina = gen(page).locator('[data-testid=char-item][data-name=Mina]');
  await mina.waitFor({ timeout: 60_000 });
  const img = mina.locator('img');
  await img.waitFor({ timeout: 30_000 });
  await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle(), {
    timeout: 30_000,
  });
  assert.ok(await mina.isVisible(), 'the character is on screen');
  const natural = await img.evaluate((el) => [el.naturalWidth, el.naturalHeight]);
  assert.ok(natural[0] > 0 && natural[1] > 0, `her picture decodes (${natural.join('×')})`);
  const story = gen(page).locator('[data-testid=story-text]');
  await page.waitForFunction((el) => el.value === 'Mina walks by the sea.', await story.elementHandle(), {
    timeout: 30_000,
  });
  await gen(page).locator('toon-story-mode').screenshot({ path: 'test-results/store-upgrade.png' });

  const s = await readStores(page);
  log(`version ${s.version}; settings ${s.settingKeys.join(', ')}`);
  assert.equal(s.version, 5);
  const sha = [...crypto.createHash('sha256').update(Buffer.from(sprite)).digest()];
  assert.deepEqual(
    s.blobs,
    [
      {
        keys: ['blob', 'createdAt', 'id', 'type'],
        id: 'old-b',
        type: 'image/png',
        isBlob: true,
        blobType: 'image/png',
        sha,
      },
    ],
    'v5: the picture is a Blob with the same bytes',
  );
  assert.ok(!s.settingKeys.some((k) => /^(story|storyboard|characters):/.test(k)), 'old keys deleted');
  assert.deepEqual(
    s.stories.map((r) => [r.projectId, r.story]),
    [['old-p', 'Mina walks by the sea.']],
  );
  assert.deepEqual(
    s.storyboards.map((r) => [r.projectId, r.story]),
    [['old-p', '미나가 바닷가에서']],
  );
  assert.deepEqual(
    s.characters.map((c) => [c.id, c.projectId, c.name, c.blobId, c.pos]),
    [['old-c', 'old-p', 'Mina', 'old-b', 0]],
  );
  await context.close();
}
