// Strip: drop an 800×6000 strip with 4 panels → cut editor (edit, undo; clicks on the preview
// land on the clicked row at several scroll positions, at Fit and 100% zoom) → split (gutters
// remembered) → reload → identical bytes → offline reload → backup export / clear site data /
// import → byte-identical, gutters kept → every bad input shows its message and changes nothing
// → export dialog (PNG slices, gutters included) → stitch (gutters drawn in) and undo.
// The harness fails the test if any request leaves the origin.
import fs from 'node:fs';
import { strToU8, zipSync, unzipSync } from 'fflate';

export const timeout = 300_000;

const GUTTERS = [1500, 3000, 4500]; // panel boundaries; each gutter is 120 rows around these

/** In the page: an 800×6000 PNG strip with 4 framed panels on white (returns a DataTransfer). */
function makeStripTransfer() {
  return (async () => {
    const c = new OffscreenCanvas(800, 6000);
    const g = c.getContext('2d');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, 800, 6000);
    const panels = [
      [40, 1440],
      [1560, 2940],
      [3060, 4440],
      [4560, 5960],
    ];
    panels.forEach(([top, bottom], i) => {
      const grad = g.createLinearGradient(0, top, 800, bottom);
      grad.addColorStop(0, ['#f39', '#3c9', '#39f', '#fc3'][i]);
      grad.addColorStop(1, '#123');
      g.fillStyle = grad;
      g.fillRect(30, top, 740, bottom - top);
      g.lineWidth = 6;
      g.strokeStyle = '#000';
      g.strokeRect(33, top + 3, 734, bottom - top - 6);
      g.fillStyle = '#fff';
      g.beginPath();
      g.arc(400, (top + bottom) / 2, 200, 0, Math.PI * 2);
      g.fill();
    });
    const blob = await c.convertToBlob({ type: 'image/png' });
    const dt = new DataTransfer();
    dt.items.add(new File([blob], 'strip.png', { type: 'image/png' }));
    return dt;
  })();
}

/** In the page: the current project's panels and sha-256 of their stored blobs, plus totals. */
function dumpStore() {
  return (async () => {
    const db = await new Promise((res, rej) => {
      const r = indexedDB.open('toonsmith');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const all = (store) =>
      new Promise((res, rej) => {
        const r = db.transaction(store).objectStore(store).getAll();
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
    const [projects, panels, blobs, settings] = await Promise.all(['projects', 'panels', 'blobs', 'settings'].map(all));
    db.close();
    const hex = async (b) =>
      [...new Uint8Array(await crypto.subtle.digest('SHA-256', b))]
        .map((x) => x.toString(16).padStart(2, '0'))
        .join('');
    const hashes = {};
    for (const b of blobs) hashes[b.id] = await hex(await b.blob.arrayBuffer());
    const current = settings.find((s) => s.key === 'currentProjectId')?.value;
    const project = projects.find((p) => p.id === current);
    const byId = Object.fromEntries(panels.map((p) => [p.id, p]));
    const strip = (project?.panelIds ?? []).map((id) => ({
      w: byId[id].width,
      h: byId[id].height,
      sha: hashes[byId[id].originalBlobId],
      ...(byId[id].gapBefore ? { above: byId[id].gapBefore.height } : {}),
      ...(byId[id].gapAfter ? { below: byId[id].gapAfter.height } : {}),
    }));
    return {
      strip,
      totals: { projects: projects.length, panels: panels.length, blobs: blobs.length },
      all: JSON.stringify({ projects, panels, hashes }),
    };
  })();
}

export default async function (ctx) {
  const { assert, log } = ctx;
  const T0 = Date.now();
  const context = await ctx.newContext({ locale: 'en-US', acceptDownloads: true });
  const page = await context.newPage();
  await page.goto('/');
  const items = page.locator('[data-testid=panel-item]');
  await page.locator('[data-testid=strip-empty]').waitFor();

  // 1. Drop the strip; the cut editor proposes 3 cuts; edit (add, nudge, undo) and accept.
  const dt = await page.evaluateHandle(makeStripTransfer);
  await page.locator('[data-testid=drop-zone]').dispatchEvent('drop', { dataTransfer: dt });
  const cutRows = page.locator('[data-testid=cut-row]');
  await page.locator('[data-testid=cut-editor]').waitFor();
  assert.equal(await cutRows.count(), 3);
  const proposed = await cutRows.evaluateAll((els) => els.map((e) => Number(e.value)));
  proposed.forEach((c, i) => assert.ok(Math.abs(c - GUTTERS[i]) <= 2, `cut ${c} near ${GUTTERS[i]}`));
  await page.locator('[data-testid=cut-add-row]').fill('700');
  await page.locator('[data-testid=cut-add]').click();
  assert.equal(await cutRows.count(), 4);
  await page.locator('[data-testid=cut-down]').nth(1).click();
  assert.equal(Number(await cutRows.nth(1).inputValue()), proposed[0] + 1);
  await page.locator('[data-testid=cut-undo]').click();
  await page.locator('[data-testid=cut-undo]').click();
  assert.deepEqual(await cutRows.evaluateAll((els) => els.map((e) => Number(e.value))), proposed);

  // 1b. A click on the preview adds a cut at the clicked row — at any scroll position, at Fit
  // (160 px wide: 5 rows per screen px) and at 100% (1 row per px). The expected row comes from
  // the scroll box's own geometry and scrollTop, not from the image's box the app uses.
  const preview = page.locator('[data-testid=cut-preview]');
  const cutsNow = () => cutRows.evaluateAll((els) => els.map((e) => Number(e.value)));
  const clickRow = async (scrollTo, yInBox) => {
    const box = await preview.evaluate((el, st) => {
      el.scrollTop = st === 'max' ? el.scrollHeight : st;
      el.scrollIntoView({ block: 'center' }); // the page itself may scroll too; rects are read after
      const r = el.getBoundingClientRect();
      return {
        top: r.top + el.clientTop,
        left: r.left + el.clientLeft,
        scrollTop: el.scrollTop,
        clientHeight: el.clientHeight,
      };
    }, scrollTo);
    const shownH = await preview.locator('img').evaluate((img) => img.getBoundingClientRect().height);
    const y = Math.round(box.top + (yInBox < 0 ? box.clientHeight + yInBox : yInBox));
    const before = await cutsNow();
    await page.mouse.click(box.left + 60, y);
    await cutRows.nth(before.length).waitFor();
    const added = (await cutsNow()).filter((c) => !before.includes(c));
    const expected = ((y - box.top + box.scrollTop) * 6000) / shownH;
    assert.equal(added.length, 1);
    assert.ok(
      Math.abs(added[0] - expected) <= 1,
      `click at scrollTop ${box.scrollTop}: cut ${added[0]}, clicked row ${expected.toFixed(1)}`,
    );
    // Ctrl+Z right after the click (the focus is on the page, not in the editor: a trial's did nothing)
    await page.keyboard.press('Control+z');
    await cutRows.nth(before.length).waitFor({ state: 'detached' });
    return { scrollTop: box.scrollTop, row: added[0], expected: Math.round(expected) };
  };
  const clicked = [];
  assert.equal(await page.locator('[data-testid=cut-zoom-fit]').getAttribute('aria-pressed'), 'true');
  assert.equal(Math.round(await preview.locator('img').evaluate((img) => img.getBoundingClientRect().height)), 1200);
  // The bug report: scrolled, clicked near row 3300, the cut landed at 1979.
  for (const [st, y] of [
    [0, 50],
    [560, 100],
    [300, 7],
    ['max', -20],
  ])
    clicked.push(await clickRow(st, y));
  await page.locator('[data-testid=cut-zoom-full]').click();
  assert.equal(Math.round(await preview.locator('img').evaluate((img) => img.getBoundingClientRect().height)), 6000);
  for (const [st, y] of [
    [0, 30],
    [2500, 200],
    [4100, 3],
    ['max', -10],
  ])
    clicked.push(await clickRow(st, y));
  log(
    'preview clicks (scrollTop → row, expected):',
    clicked.map((c) => `${c.scrollTop}→${c.row}/${c.expected}`).join(' '),
  );
  assert.deepEqual(await cutsNow(), proposed);
  await page.locator('[data-testid=cut-zoom-fit]').click();
  await page.locator('[data-testid=cut-accept]').click();
  await items.nth(3).waitFor();
  assert.equal(await items.count(), 4);
  const first = await page.evaluate(dumpStore);
  assert.deepEqual(
    first.strip.map((p) => [p.w, p.h]),
    [
      [800, 1400],
      [800, 1380],
      [800, 1380],
      [800, 1400],
    ],
  );
  // The gutters around them are remembered: top margin, three gutters, bottom margin = 6000 rows.
  assert.equal(first.strip[0].above + first.strip.reduce((n, p) => n + p.h + p.below, 0), 6000);
  log('split into', first.strip.map((p) => `${p.h}+${p.below}`).join(', '), 'below a margin of', first.strip[0].above);

  // 2. Delete with undo, reorder with the keyboard and back.
  const shas = async () => (await page.evaluate(dumpStore)).strip.map((p) => p.sha);
  // Polls the stored order until `check` holds (a deadline, not a try count: each read hashes
  // every stored image, slow on a loaded machine).
  const until = async (what, check) => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const s = await shas();
      if (check(s)) return;
      if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what} (stored order ${s.join()})`);
      await page.waitForTimeout(100);
    }
  };
  const order = first.strip.map((p) => p.sha);
  await page.locator('[data-testid=panel-delete]').nth(1).click();
  await until('delete', (s) => s.length === 3 && s[1] === order[2]);
  await page.locator('[data-testid=strip-undo]').click();
  await until('undo', (s) => s.join() === order.join());
  await items.nth(3).waitFor();
  // Which panel has the keyboard focus, as its place in the list (what the next key acts on).
  const focusedAt = () =>
    page.evaluate(() => {
      let el = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return el?.dataset.testid === 'panel-item' ? [...el.parentElement.children].indexOf(el) : -1;
    });
  await items.nth(0).focus();
  await page.keyboard.press('Alt+ArrowDown');
  // The focus follows the panel at once, before the store answers.
  assert.equal(await focusedAt(), 1);
  await until('Alt+Down', (s) => s[0] === order[1] && s[1] === order[0]);
  await page.keyboard.press('Alt+ArrowUp');
  assert.equal(await focusedAt(), 0);
  await until('Alt+Up', (s) => s.join() === order.join());
  // Two moves in quick succession (no wait between) act on the order shown, not a stale one.
  await page.keyboard.press('Alt+ArrowDown');
  await page.keyboard.press('Alt+ArrowDown');
  assert.equal(await focusedAt(), 2);
  await until('Alt+Down twice', (s) => s.join() === [order[1], order[2], order[0], order[3]].join());
  await page.keyboard.press('Alt+ArrowUp');
  await page.keyboard.press('Alt+ArrowUp');
  await until('Alt+Up twice', (s) => s.join() === order.join());
  assert.equal(await focusedAt(), 0);
  assert.deepEqual((await page.evaluate(dumpStore)).strip, first.strip);

  log('t', Date.now() - T0, 'ms before reload');
  // 3. Reload: the same 4 panels, byte-identical.
  await page.reload();
  await items.nth(3).waitFor();
  assert.deepEqual((await page.evaluate(dumpStore)).strip, first.strip);

  // 4. Offline reload (service worker).
  // The service worker may still have been installing at the last load: once it is active, a
  // load it did not control needs one more reload to be controlled.
  await page.evaluate(() => navigator.serviceWorker.ready);
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) {
    await page.reload();
    await items.nth(3).waitFor();
  }
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
  await context.setOffline(true);
  await page.reload();
  await items.nth(3).waitFor();
  assert.equal(await items.count(), 4);
  // The list shows the panel's stored thumbnail (long side 320 px), not the 800 × 1400 panel.
  const thumbSize = await items
    .nth(0)
    .locator('img')
    .evaluate((img) => img.decode().then(() => [img.naturalWidth, img.naturalHeight]));
  assert.deepEqual(thumbSize, [Math.round((800 * 320) / 1400), 320]);
  await context.setOffline(false);

  // 5. Backup: export, clear site data, import → byte-identical panels.
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=export-backup]').click()]);
  const backup = fs.readFileSync(await dl.path());
  assert.ok(unzipSync(backup)['manifest.json'], 'backup has a manifest');
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', { origin: new URL(ctx.baseURL).origin, storageTypes: 'all' });
  await page.reload();
  await page.locator('[data-testid=strip-empty]').waitFor();
  await page
    .locator('[data-testid=backup-input]')
    .setInputFiles({ name: 'backup.toonsmith.zip', mimeType: 'application/zip', buffer: backup });
  await items.nth(3).waitFor();
  const restored = await page.evaluate(dumpStore);
  assert.deepEqual(restored.strip, first.strip);

  log('t', Date.now() - T0, 'ms before bad input');
  // 6. Bad input: message shown, nothing stored changes.
  const before = restored.all;
  const pngOf = async (w, h) =>
    Buffer.from(
      await page.evaluate(
        async ([w, h]) => {
          const c = new OffscreenCanvas(w, h);
          const g = c.getContext('2d');
          for (let i = 0; i < 50; i++) {
            g.fillStyle = `hsl(${i * 37} 80% 50%)`;
            g.fillRect((i * 53) % w, (i * 97) % h, 40, 40);
          }
          return Array.from(new Uint8Array(await (await c.convertToBlob({ type: 'image/png' })).arrayBuffer()));
        },
        [w, h],
      ),
    );
  const png = await pngOf(300, 400);
  const wide = await pngOf(16_400, 8);
  const damaged = Buffer.from(backup);
  damaged[Math.floor(damaged.length / 2)] ^= 0xff;
  const cases = [
    [
      'file-input',
      'notes.txt',
      'text/plain',
      Buffer.from('hello, not an image'),
      'notes.txt: not a PNG, JPEG or WebP image.',
    ],
    [
      'file-input',
      'cut.png',
      'image/png',
      png.subarray(0, png.length >> 1),
      'cut.png: the image is damaged or incomplete',
    ],
    ['file-input', 'zero.png', 'image/png', Buffer.alloc(0), 'zero.png: the file is empty (0 bytes).'],
    ['file-input', 'wide.png', 'image/png', wide, 'wide.png: the image is too large (limits: 100 MB, 16,384 px wide'],
    [
      'backup-input',
      'foreign.zip',
      'application/zip',
      Buffer.from(zipSync({ 'photo.txt': strToU8('hi') })),
      'foreign.zip: this is not a Toonsmith backup.',
    ],
    ['backup-input', 'damaged.zip', 'application/zip', damaged, 'damaged.zip: this backup is damaged'],
  ];
  for (const [input, name, mimeType, buffer, message] of cases) {
    await page.locator(`[data-testid=${input}]`).setInputFiles({ name, mimeType, buffer });
    await page.locator('toon-notifier [role=alert]', { hasText: message }).waitFor({ timeout: 30_000 });
    assert.equal((await page.evaluate(dumpStore)).all, before, `${name} changed the store`);
    log('bad input ok:', name);
  }
  // The same message in Korean.
  await page.locator('[data-testid=locale]').selectOption('ko');
  await page
    .locator('[data-testid=file-input]')
    .setInputFiles({ name: 'zero2.png', mimeType: 'image/png', buffer: Buffer.alloc(0) });
  await page.locator('toon-notifier [role=alert]', { hasText: 'zero2.png: 빈 파일입니다' }).waitFor();
  assert.equal((await page.evaluate(dumpStore)).all, before);
  assert.equal(await items.count(), 4);
  await page.locator('[data-testid=locale]').selectOption('en');

  // 7. Several files at once (picker: PNG + JPEG kept byte for byte) and paste.
  const jpeg = Buffer.from(
    await page.evaluate(async () => {
      const c = new OffscreenCanvas(400, 300);
      const g = c.getContext('2d');
      g.fillStyle = '#36c';
      g.fillRect(0, 0, 400, 300);
      return Array.from(
        new Uint8Array(await (await c.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer()),
      );
    }),
  );
  await page.locator('[data-testid=file-input]').setInputFiles([
    { name: 'small.png', mimeType: 'image/png', buffer: png },
    { name: 'photo.jpg', mimeType: 'image/jpeg', buffer: jpeg },
  ]);
  await items.nth(5).waitFor();
  const sha = async (b) => (await import('node:crypto')).createHash('sha256').update(b).digest('hex');
  let now = await page.evaluate(dumpStore);
  assert.deepEqual(now.strip.slice(4), [
    { w: 300, h: 400, sha: await sha(png) },
    { w: 400, h: 300, sha: await sha(jpeg) },
  ]);
  await page.evaluate((bytes) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], 'pasted.png', { type: 'image/png' }));
    window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt }));
  }, Array.from(png));
  await items.nth(6).waitFor();

  log('t', Date.now() - T0, 'ms before slices');
  // 8. Export the strip through the export dialog (Canvas preset, PNG): the split strip comes back
  // at its full 6000 rows (gutters included), then the three loose panels scaled to 800 wide.
  const exportDialog = page.locator('toon-export-dialog');
  const exportReady = () =>
    exportDialog.evaluate(
      (el) =>
        new Promise((res) => {
          const check = () =>
            el.dataset.state === 'ready' || el.dataset.state === 'failed'
              ? res(el.dataset.state)
              : setTimeout(check, 50);
          check();
        }),
    );
  await page.locator('[data-testid=export-zip]').click();
  assert.equal(await exportReady(), 'ready');
  await page.locator('[data-testid=export-format]').selectOption('png');
  assert.equal(await exportReady(), 'ready');
  const [zipDl] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('[data-testid=export-confirm]').click(),
  ]);
  const slices = unzipSync(fs.readFileSync(await zipDl.path()));
  const total = Math.round(6000 + (400 * 800) / 300 + (300 * 800) / 400 + (400 * 800) / 300);
  const names = Object.keys(slices).sort();
  assert.equal(names[0], '001.png');
  // Width and height from each PNG's IHDR.
  const dims = names.map((n) => {
    const dv = new DataView(slices[n].buffer, slices[n].byteOffset);
    return [dv.getUint32(16), dv.getUint32(20)];
  });
  assert.ok(
    dims.every(([w, h]) => w === 800 && h <= 1280 && h >= 640),
    `slice sizes ${dims}`,
  );
  assert.equal(
    dims.reduce((n, [, h]) => n + h, 0),
    total,
  );
  log('slices', dims.map(([, h]) => h).join('/'), 'of', total, 'rows');

  log('t', Date.now() - T0, 'ms before stitch');
  // 9. Stitch into one strip, then undo.
  now = await page.evaluate(dumpStore);
  await page.locator('[data-testid=stitch]').click();
  await until('stitch', (s) => s.length === 1);
  const stitched = (await page.evaluate(dumpStore)).strip[0];
  // Inner gutters are drawn into the stitched image; the outer ones stay on the new panel.
  const inner = now.strip.reduce(
    (n, p, i) => n + (i > 0 ? (p.above ?? 0) : 0) + (i < now.strip.length - 1 ? (p.below ?? 0) : 0),
    0,
  );
  assert.deepEqual([stitched.w, stitched.h], [800, now.strip.reduce((n, p) => n + p.h, 0) + inner]);
  assert.equal(stitched.above, now.strip[0].above);
  assert.equal(inner, 6000 - 5560 - now.strip[0].above);
  await page.locator('[data-testid=strip-undo]').click();
  await until('undo stitch', (s) => s.join() === now.strip.map((p) => p.sha).join());

  // 10. Rename the project and create another.
  await page.locator('[data-testid=project-name]').fill('Episode 1');
  await page.locator('[data-testid=project-name]').press('Enter');
  await page.locator('[data-testid=project-select] option', { hasText: 'Episode 1' }).waitFor({ state: 'attached' });
  await page.locator('[data-testid=project-new]').click();
  await page.locator('[data-testid=strip-empty]').waitFor();
  // The restore in step 5 took the place of the fresh profile's unused default project, so: the
  // restored "Episode 1" and the new one.
  assert.equal(await page.locator('[data-testid=project-select] option').count(), 2);
}
