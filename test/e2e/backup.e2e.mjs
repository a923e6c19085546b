// Backup and restore through the UI only (issues 12 and 18): panels dropped on the Strip, references
// dropped in References (nav links between views), Strip → Export backup; the file is restored
// into a FRESH browser profile: the panels' stored bytes and decoded pixels equal the originals,
// the References view lists the restored references and a Korean search finds them; a backup
// holding an HTML "image" is refused with a message and nothing stored changes; restoring the
// same file again gives a project whose name differs (visible in the project select) and no
// second copy of the library.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { strToU8, unzipSync, zipSync } from 'fflate';

export const timeout = 420_000;

const PANELS = ['1F3E0.png', '1F333.png'];
const REFS = ['1F408.png', '1F431.png', '1F415.png', '1F333.png', '1F3E0.png'];

const refsView = (page) => page.locator('toon-references-view');
const stripView = (page) => page.locator('toon-strip-view');

/** A DataTransfer holding the given files (as a person's drop would). */
function transfer(page, files) {
  return page.evaluateHandle(
    (list) => {
      const dt = new DataTransfer();
      for (const f of list) dt.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: 'image/png' }));
      return dt;
    },
    files.map((f) => ({ name: f.name, bytes: [...f.bytes] })),
  );
}

async function go(page, id) {
  await page.locator(`toon-app nav a[data-route=${id}]`).click();
  await page.waitForURL(new RegExp(`#/${id}$`));
  await page.locator(`toon-${id}-view h2`).first().waitFor();
}

/** The current project's panels: original blob bytes (sha) and, decoded, their RGBA pixels (sha). */
function currentPanels() {
  return (async () => {
    const db = await new Promise((res, rej) => {
      const r = indexedDB.open('toonsmith');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const get = (store, key) =>
      new Promise((res) => {
        const r = db.transaction(store).objectStore(store).get(key);
        r.onsuccess = () => res(r.result);
      });
    const current = (await get('settings', 'currentProjectId')).value;
    const project = await get('projects', current);
    const hex = async (b) =>
      [...new Uint8Array(await crypto.subtle.digest('SHA-256', b))]
        .map((x) => x.toString(16).padStart(2, '0'))
        .join('');
    const out = [];
    for (const id of project.panelIds) {
      const panel = await get('panels', id);
      const blob = await get('blobs', panel.originalBlobId);
      const bmp = await createImageBitmap(blob.blob, {
        colorSpaceConversion: 'none',
        premultiplyAlpha: 'none',
      });
      const c = new OffscreenCanvas(bmp.width, bmp.height);
      const g = c.getContext('2d');
      g.drawImage(bmp, 0, 0);
      const px = g.getImageData(0, 0, bmp.width, bmp.height).data;
      out.push({
        name: panel.sourceName,
        type: blob.type,
        bytes: await hex(await blob.blob.arrayBuffer()),
        pixels: await hex(px.buffer),
        w: bmp.width,
        h: bmp.height,
      });
    }
    db.close();
    return { name: project.name, panels: out };
  })();
}

/** Pixels of a PNG file the way currentPanels() decodes them. */
function filePixels(bytes) {
  return (async () => {
    const bmp = await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: 'image/png' }), {
      colorSpaceConversion: 'none',
      premultiplyAlpha: 'none',
    });
    const c = new OffscreenCanvas(bmp.width, bmp.height);
    const g = c.getContext('2d');
    g.drawImage(bmp, 0, 0);
    const px = g.getImageData(0, 0, bmp.width, bmp.height).data;
    return [...new Uint8Array(await crypto.subtle.digest('SHA-256', px.buffer))]
      .map((x) => x.toString(16).padStart(2, '0'))
      .join('');
  })();
}

/** Everything stored, binary as SHA-256: for "nothing changed" checks. */
function storeDump() {
  return (async () => {
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
    const hex = async (b) =>
      [...new Uint8Array(await crypto.subtle.digest('SHA-256', b))]
        .map((x) => x.toString(16).padStart(2, '0'))
        .join('');
    const out = {};
    for (const s of ['projects', 'panels', 'blobs', 'hints', 'palettes', 'references', 'vectorChunks']) {
      out[s] = [];
      for (const r of await all(s)) {
        const copy = { ...r };
        for (const [k, v] of Object.entries(copy)) if (v instanceof ArrayBuffer) copy[k] = await hex(v);
        out[s].push(copy);
      }
    }
    db.close();
    return JSON.stringify(out);
  })();
}

async function searchNames(page, query) {
  const v = refsView(page);
  await v.locator('[data-testid=refs-query]').fill(query);
  const key = `${query}|${Math.random()}`;
  await v.evaluate((el, k) => (el.dataset.lastQuery = k), key);
  await v.locator('[data-testid=refs-search]').click();
  await page.waitForFunction(
    (k) => {
      const el = document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-references-view');
      return (
        el && el.dataset.lastQuery !== k && el.shadowRoot.querySelector('[data-testid=refs-results], p.no-results')
      );
    },
    key,
    { timeout: 60_000 },
  );
  return v
    .locator('[data-testid=refs-hit]')
    .evaluateAll((els) => els.map((e) => ({ name: e.dataset.name, score: e.dataset.score })));
}

const refsCount = async (page) =>
  Number((await refsView(page).locator('[data-testid=refs-count]').innerText()).replace(/\D+/g, ''));

export default async function (ctx) {
  const { assert, log, fixturesDir } = ctx;
  const shots = path.join('test-results', 'backup');
  fs.mkdirSync(shots, { recursive: true });
  const sprite = (f) => ({ name: f, bytes: fs.readFileSync(path.join(fixturesDir, 'dataset', 'sprites', f)) });

  // 1. Profile A: two panels dropped on the Strip, five references dropped in References.
  const a = await ctx.newContext({ locale: 'en-US', acceptDownloads: true });
  const pageA = await a.newPage();
  await pageA.goto('/');
  await stripView(pageA).locator('[data-testid=strip-empty]').waitFor();
  await stripView(pageA)
    .locator('[data-testid=drop-zone]')
    .dispatchEvent('drop', { dataTransfer: await transfer(pageA, PANELS.map(sprite)) });
  await stripView(pageA).locator('[data-testid=panel-item]').nth(1).waitFor();
  const original = await pageA.evaluate(currentPanels);
  assert.equal(original.name, 'My first strip');
  for (const [i, f] of PANELS.entries()) {
    const file = sprite(f).bytes;
    assert.equal(
      original.panels[i].bytes,
      crypto.createHash('sha256').update(file).digest('hex'),
      `${f} stored byte for byte`,
    );
    assert.equal(original.panels[i].pixels, await pageA.evaluate(filePixels, [...file]), `${f} pixels`);
  }

  await go(pageA, 'references');
  await refsView(pageA)
    .locator('[data-testid=refs-model]')
    .filter({ hasText: /Toon-CLIP.*128-d/ })
    .waitFor({ timeout: 180_000 });
  await refsView(pageA)
    .locator('[data-testid=refs-drop]')
    .dispatchEvent('drop', { dataTransfer: await transfer(pageA, REFS.map(sprite)) });
  await pageA
    .locator('toon-notifier [role=status]', { hasText: `Added ${REFS.length} references` })
    .waitFor({ timeout: 120_000 });
  const before = await searchNames(pageA, '고양이');
  log('A: 고양이 →', before.map((h) => `${h.name} ${h.score}`).join(', '));
  assert.deepEqual(before.map((h) => h.name).sort(), [...REFS].sort());

  // 2. Strip → Export backup.
  await go(pageA, 'strip');
  const [dl] = await Promise.all([
    pageA.waitForEvent('download'),
    stripView(pageA).locator('[data-testid=export-backup]').click(),
  ]);
  const backup = fs.readFileSync(await dl.path());
  const manifest = JSON.parse(Buffer.from(unzipSync(backup)['manifest.json']).toString());
  assert.equal(manifest.version, 3);
  assert.equal(manifest.library.references.length, REFS.length, 'the library is in the backup');
  log('backup', backup.length, 'bytes,', Object.keys(unzipSync(backup)).length, 'entries');

  // 3. A fresh profile: restore through the UI.
  const b = await ctx.newContext({ locale: 'en-US' });
  const pageB = await b.newPage();
  await pageB.goto('/');
  await stripView(pageB).locator('[data-testid=strip-empty]').waitFor();
  await stripView(pageB)
    .locator('[data-testid=backup-input]')
    .setInputFiles({ name: 'strip.toonsmith.zip', mimeType: 'application/zip', buffer: backup });
  await pageB
    .locator('toon-notifier [role=status]', { hasText: 'Backup imported: My first strip.' })
    .waitFor({ timeout: 60_000 });
  await pageB.locator('toon-notifier [role=status]', { hasText: `${REFS.length} reference image(s) added` }).waitFor();
  await stripView(pageB).locator('[data-testid=panel-item]').nth(1).waitFor();
  const restored = await pageB.evaluate(currentPanels);
  // The fresh profile's default project was never used: the restored one takes its place and name.
  assert.equal(restored.name, 'My first strip', 'no "(2)" beside an empty default project');
  assert.deepEqual(await stripView(pageB).locator('[data-testid=project-select] option').allInnerTexts(), [
    'My first strip',
  ]);
  assert.deepEqual(restored.panels, original.panels, 'panels: same bytes, same decoded pixels, same order');
  await pageB.screenshot({ path: path.join(shots, 'restored-strip.png'), fullPage: true });

  // 4. References in the fresh profile: listed and searchable, same ranking and scores.
  await go(pageB, 'references');
  await refsView(pageB)
    .locator('[data-testid=refs-model]')
    .filter({ hasText: /Toon-CLIP.*128-d/ })
    .waitFor({ timeout: 180_000 });
  assert.equal(await refsCount(pageB), REFS.length);
  const after = await searchNames(pageB, '고양이');
  log('B: 고양이 →', after.map((h) => `${h.name} ${h.score}`).join(', '));
  assert.deepEqual(after, before, 'the restored vectors rank and score exactly as before');
  await refsView(pageB)
    .locator('[data-testid=refs-hit] img')
    .first()
    .evaluate((img) => img.decode());
  await pageB.screenshot({ path: path.join(shots, 'restored-references.png'), fullPage: true });

  // 5. A backup whose image is HTML: refused with a message, nothing stored changes.
  await go(pageB, 'strip');
  const files = unzipSync(backup);
  const evilManifest = JSON.parse(Buffer.from(files['manifest.json']).toString());
  const html = strToU8('<!doctype html><script>document.title = "pwned"</script>');
  const entry = evilManifest.blobs[0];
  files[entry.path] = html;
  Object.assign(entry, {
    type: 'text/html',
    size: html.length,
    sha256: crypto.createHash('sha256').update(html).digest('hex'),
  });
  files['manifest.json'] = strToU8(JSON.stringify(evilManifest));
  const dump = await pageB.evaluate(storeDump);
  await stripView(pageB)
    .locator('[data-testid=backup-input]')
    .setInputFiles({
      name: 'evil.toonsmith.zip',
      mimeType: 'application/zip',
      buffer: Buffer.from(zipSync(files, { level: 0 })),
    });
  await pageB
    .locator('toon-notifier [role=alert]', {
      hasText: 'evil.toonsmith.zip: this backup holds a file that is not a valid PNG, JPEG or WebP image',
    })
    .waitFor({ timeout: 60_000 });
  assert.equal(await pageB.evaluate(storeDump), dump, 'the refused backup changed nothing');

  // 6. The same backup again: a second project, named apart; the library is not doubled.
  await stripView(pageB)
    .locator('[data-testid=backup-input]')
    .setInputFiles({ name: 'strip.toonsmith.zip', mimeType: 'application/zip', buffer: backup });
  await pageB
    .locator('toon-notifier [role=status]', { hasText: 'Backup imported: My first strip (2).' })
    .waitFor({ timeout: 60_000 });
  const options = await stripView(pageB).locator('[data-testid=project-select] option').allInnerTexts();
  log('projects:', options.join(' | '));
  assert.deepEqual([...options].sort(), ['My first strip', 'My first strip (2)']);
  assert.deepEqual((await pageB.evaluate(currentPanels)).panels, original.panels);
  await go(pageB, 'references');
  assert.equal(await refsCount(pageB), REFS.length, 'restoring twice does not double the library');
  // The view's count follows the library's change events; the store itself says the same.
  const stored = await pageB.evaluate(
    () =>
      new Promise((res, rej) => {
        const r = indexedDB.open('toonsmith');
        r.onerror = () => rej(r.error);
        r.onsuccess = () => {
          const q = r.result.transaction('references').objectStore('references').count();
          q.onsuccess = () => (r.result.close(), res(q.result));
          q.onerror = () => rej(q.error);
        };
      }),
  );
  assert.equal(stored, REFS.length, 'restoring twice stores no second copy of the references');
  await pageB.screenshot({ path: path.join(shots, 'restored-twice-references.png'), fullPage: true });
  await go(pageB, 'strip');
  await stripView(pageB)
    .locator('[data-testid=project-select]')
    .screenshot({ path: path.join(shots, 'project-select.png') });

  // 7. Renaming a project to a name another project has is refused, in the user's words.
  const nameInput = stripView(pageB).locator('[data-testid=project-name]');
  await nameInput.fill('my first STRIP');
  await nameInput.press('Enter');
  await nameInput.blur();
  await pageB
    .locator('toon-notifier [role=alert]', { hasText: 'A project named “my first STRIP” already exists' })
    .waitFor();
  assert.equal(await nameInput.inputValue(), 'My first strip (2)');
  assert.deepEqual(
    [...(await stripView(pageB).locator('[data-testid=project-select] option').allInnerTexts())].sort(),
    ['My first strip', 'My first strip (2)'],
  );
}
