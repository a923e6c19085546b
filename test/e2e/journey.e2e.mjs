// An artist's whole day through the UI only — nav clicks (no page.goto between views), drops, file
// pickers, keyboard; nothing written to IndexedDB by the test:
// import a strip → fix a cut → colorize two panels with hints and a palette → add references and
// search in Korean → generate a panel → export slices with each preset → backup → restore into a
// fresh profile → offline reload.
// After every navigation: only the active view's heading is on screen (bounding boxes) and focus
// moved into that view. The runner fails the test on any off-origin request, CSP violation or
// console error.
import { readStores } from './store-read.mjs';
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { SPRITES, view, search, modelShown } from './refs-helpers.mjs';

export const timeout = 900_000;

// The strip: 800 × 3200, three panels separated by gutters of 150 and 400 rows (the pacing that
// slices must keep). Panel rows: [40, 1040), [1190, 2040), [2440, 3160).
const PANELS = [
  [40, 1040],
  [1190, 2040],
  [2440, 3160],
];

/** In the page: the strip as a PNG file in a DataTransfer (gray tones + black outlines on white). */
function makeStrip(panels) {
  return (async () => {
    const c = new OffscreenCanvas(800, 3200);
    const g = c.getContext('2d');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, 800, 3200);
    panels.forEach(([top, bottom], i) => {
      g.fillStyle = ['#d8d8d8', '#bdbdbd', '#e6e6e6'][i];
      g.fillRect(30, top, 740, bottom - top);
      g.lineWidth = 6;
      g.strokeStyle = '#000';
      g.strokeRect(33, top + 3, 734, bottom - top - 6);
      // a "character": head and body outlines with lighter fills
      const cy = (top + bottom) / 2;
      g.fillStyle = '#f4f4f4';
      g.beginPath();
      g.arc(400, cy - 120, 110, 0, Math.PI * 2);
      g.fill();
      g.stroke();
      g.fillStyle = '#9a9a9a';
      g.fillRect(300, cy, 200, 220);
      g.strokeRect(300, cy, 200, 220);
    });
    const blob = await c.convertToBlob({ type: 'image/png' });
    const dt = new DataTransfer();
    dt.items.add(new File([blob], 'episode-1.png', { type: 'image/png' }));
    return dt;
  })(panels);
}

/** Tags of the views whose h2 has a non-empty box. */
function visibleHeadings() {
  const main = document.querySelector('toon-app').shadowRoot.querySelector('main');
  const out = [];
  for (const view of main.children) {
    const h = (view.shadowRoot ?? view).querySelector('h2');
    const r = h?.getBoundingClientRect();
    if (r && r.width > 0 && r.height > 0) out.push(view.tagName.toLowerCase());
  }
  return out;
}

/** Tag of the view that holds the focused element, walking shadow roots. */
function focusedView() {
  let el = document.activeElement;
  let view = null;
  while (el) {
    if (/^TOON-.*-VIEW$/.test(el.tagName)) view = el.tagName.toLowerCase();
    el = el.shadowRoot?.activeElement ?? null;
  }
  return view;
}

export default async function (ctx) {
  const { assert, log, fixturesDir } = ctx;
  const shots = path.join('test-results', 'journey');
  fs.mkdirSync(shots, { recursive: true });
  const context = await ctx.newContext({
    locale: 'ko-KR',
    acceptDownloads: true,
    viewport: { width: 1280, height: 720 },
  });
  const page = await context.newPage();
  await page.goto('/');
  await page.locator('toon-strip-view [data-testid=strip-empty]').waitFor();

  /** Clicks a nav link like a person and checks that exactly that view is on screen with focus. */
  const go = async (id) => {
    const tag = `toon-${id}-view`;
    await page.locator(`toon-app nav a[data-route=${id}]`).click();
    await page.waitForURL(new RegExp(`#/${id}$`));
    await page.locator(`${tag} h2`).first().waitFor();
    await page.waitForFunction((t) => {
      let el = document.activeElement;
      while (el) {
        if (el.tagName.toLowerCase() === t) return true;
        el = el.shadowRoot?.activeElement ?? null;
      }
      return false;
    }, tag);
    assert.deepEqual(await page.evaluate(visibleHeadings), [tag], `only ${id} is on screen`);
    assert.equal(await page.evaluate(focusedView), tag, `focus moved into ${id}`);
  };
  const shot = (name) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });

  // 1. Import a strip (drop) → the cut editor proposes the two gutters → fix a cut → split.
  const dt = await page.evaluateHandle(makeStrip, PANELS);
  await page.locator('[data-testid=drop-zone]').dispatchEvent('drop', { dataTransfer: dt });
  await page.locator('[data-testid=cut-editor]').waitFor();
  const cutRows = page.locator('[data-testid=cut-row]');
  assert.equal(await cutRows.count(), 2, 'two gutters → two cuts proposed');
  const proposed = await cutRows.evaluateAll((els) => els.map((e) => Number(e.value)));
  // "Fix" the second cut: the artist wants it 3 rows higher (−1 three times; the gutter is 400
  // rows tall, so it stays inside it).
  for (let i = 0; i < 3; i++) await page.locator('[data-testid=cut-up]').nth(1).click();
  assert.equal(Number(await cutRows.nth(1).inputValue()), proposed[1] - 3, 'cut moved');
  await shot('01-cut-editor');
  await page.locator('[data-testid=cut-accept]').click();
  const items = page.locator('toon-strip-view [data-testid=panel-item]');
  await items.nth(2).waitFor();
  assert.equal(await items.count(), 3);
  await shot('02-strip');

  // 2. Colorize two panels: a hint on panel 1; a palette "Mina" made from that colour; panel 2
  //    coloured with the palette's swatch.
  await go('colorize');
  const cview = page.locator('toon-colorize-view');
  const resultHints = () => cview.evaluate((v) => v.dataset.resultHints ?? '');
  const panelsBtn = cview.locator('[data-testid=colorize-panel]');
  await panelsBtn.nth(2).waitFor({ timeout: 60_000 });
  const hintAt = async (fx, fy) => {
    const img = cview.locator('[data-testid=colorize-image]');
    await img.waitFor({ timeout: 180_000 });
    await img.evaluate((e) => e.scrollIntoView({ block: 'center' })); // as a person scrolls to what they click
    const box = await img.boundingBox();
    await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
  };
  await panelsBtn.nth(0).click();
  await cview.locator('[data-testid=hint-color]').fill('#2a6fdb');
  await hintAt(0.5, 0.62); // the body
  await page.waitForFunction(
    () =>
      /:1$/.test(
        document.querySelector('toon-app').shadowRoot.querySelector('toon-colorize-view').dataset.resultHints ?? '',
      ),
    null,
    { timeout: 240_000 },
  );
  const first = await resultHints();
  await cview.locator('[data-testid=palette-name]').fill('Mina');
  await cview.locator('[data-testid=palette-name]').press('Enter');
  const palette = cview.locator('[data-testid=palette]', { hasText: 'Mina' });
  await palette.waitFor();
  await palette.locator('input[name=label]').fill('옷');
  await palette.locator('input[name=label]').press('Enter');
  await palette.locator('[data-testid=palette-entry]').first().waitFor();
  await panelsBtn.nth(1).click();
  await cview.locator('[data-testid=hint-color]').fill('#000000');
  await palette.locator('[data-testid=palette-entry]').first().click();
  assert.equal(
    await cview.locator('[data-testid=hint-color]').inputValue(),
    '#2a6fdb',
    'the swatch picks the palette colour',
  );
  await hintAt(0.5, 0.62);
  await page.waitForFunction(
    (prev) => {
      const v = document.querySelector('toon-app').shadowRoot.querySelector('toon-colorize-view');
      return /:1$/.test(v.dataset.resultHints ?? '') && v.dataset.resultHints !== prev;
    },
    first,
    { timeout: 240_000 },
  );
  const second = await resultHints();
  // "Colour as Mina" on the third panel (same character, other tones): the palette's colour lands
  // on the matching region as a hint, no click on the image.
  await panelsBtn.nth(2).click();
  await palette.locator('[data-testid=palette-apply]').click();
  await page.waitForFunction(
    (prev) => {
      const v = document.querySelector('toon-app').shadowRoot.querySelector('toon-colorize-view');
      return /:[1-9]\d*$/.test(v.dataset.resultHints ?? '') && v.dataset.resultHints !== prev;
    },
    second,
    { timeout: 240_000 },
  );
  const applied = await (async () => {
    const { hints, panels, projects, settings } = await readStores(page, ['hints', 'panels', 'projects', 'settings']);
    const current = settings.find((s) => s.key === 'currentProjectId')?.value;
    const third = projects.find((p) => p.id === current).panelIds[2];
    const panel = panels.find((p) => p.id === third);
    return { hints: hints.find((x) => x.panelId === third)?.hints ?? [], height: panel.height, width: panel.width };
  })();
  assert.ok(applied.hints.length >= 1, 'Colour as Mina placed a hint');
  const hh = applied.hints[0];
  assert.deepEqual(hh.rgb, [0x2a, 0x6f, 0xdb], 'with the palette colour');
  // The body box of the third panel: x 300..500, rows cy..cy+220 with cy the panel's middle.
  const cy = applied.height / 2;
  log(`Colour as Mina: hint at (${hh.x}, ${hh.y}) of ${applied.width}×${applied.height}`);
  assert.ok(hh.x > 300 && hh.x < 500 && hh.y > cy - 20 && hh.y < cy + 240, "on the character's body region");
  await shot('03-colorize');

  // 3. References: add pictures, search in Korean.
  await go('references');
  await modelShown(page, /Toon-CLIP/);
  const spriteDir = path.join(fixturesDir, 'dataset', 'sprites');
  await view(page)
    .locator('[data-testid=refs-file-input]')
    .setInputFiles(
      SPRITES.map(([f]) => ({ name: f, mimeType: 'image/png', buffer: fs.readFileSync(path.join(spriteDir, f)) })),
    );
  await page.waitForFunction(
    () => {
      const v = document.querySelector('toon-app').shadowRoot.querySelector('toon-references-view');
      return /\b5\b/.test(v?.shadowRoot?.querySelector('[data-testid=refs-count]')?.textContent ?? '');
    },
    null,
    { timeout: 180_000 },
  );
  const hits = await search(page, '고양이');
  assert.ok(['1F408.png', '1F431.png'].includes(hits[0]?.name), `"고양이" ranks a cat first (got ${hits[0]?.name})`);
  await shot('04-references');

  // 4. Generate a panel with the shipped model and add it to the strip.
  await go('generate');
  await page.locator('[data-testid=generate-model]').waitFor({ timeout: 180_000 });
  await page.locator('[data-testid=generate-prompt]').fill('밤하늘 아래 고양이');
  await page.locator('[data-testid=init-none]').check();
  await page.locator('[data-testid=generate-run]').click();
  await page.waitForFunction(
    () => {
      const c = document
        .querySelector('toon-app')
        .shadowRoot.querySelector('toon-generate-view')
        ?.shadowRoot?.querySelector('[data-testid=generate-result]');
      return c?.dataset.seed;
    },
    null,
    { timeout: 240_000 },
  );
  await page.locator('[data-testid=generate-add]').click();
  // As a person would: go on once the app says the panel was added (it is stored by then).
  await page.getByText(/의 컷으로 추가했습니다|Added as a panel/).waitFor({ timeout: 60_000 });
  await go('strip');
  await items.nth(3).waitFor({ timeout: 30_000 });
  assert.equal(await items.count(), 4, 'the generated panel joined the strip');
  await shot('05-strip-with-generated');
  const stripPanels = await page.evaluate(readStrip);
  assert.equal(stripPanels.panels.length, 4);

  // 5. Export slices with each preset: the stitched preview shows first, then the zip holds
  //    slices of the preset's width, none taller than its limit, covering the whole strip with
  //    its gutters (the sum of slice heights = the scaled strip height incl. gutters).
  for (const preset of ['webtoon', 'naver']) {
    await page.locator('toon-strip-view [data-testid=export-zip]').click();
    const dialog = page.locator('toon-strip-view [data-testid=export-dialog]');
    await dialog.waitFor();
    await dialog.locator('[data-testid=export-preset]').selectOption(preset);
    await dialog.locator('[data-testid=export-preview]').waitFor({ timeout: 120_000 });
    await page
      .locator('toon-strip-view toon-export-dialog[data-state=ready]')
      .waitFor({ state: 'attached', timeout: 180_000 });
    assert.ok(
      (await dialog.locator('[data-testid=export-boundary]').count()) >= 2,
      'the stitched preview shows the slice boundaries',
    );
    await shot(`06-export-${preset}`);
    const [dl] = await Promise.all([
      page.waitForEvent('download'),
      dialog.locator('[data-testid=export-confirm]').click(),
    ]);
    const zip = unzipSync(new Uint8Array(fs.readFileSync(await dl.path())));
    const names = Object.keys(zip).sort();
    const sizes = await page.evaluate(
      async (files) => {
        const out = [];
        for (const [name, bytes] of files) {
          const bmp = await createImageBitmap(new Blob([new Uint8Array(bytes)]));
          out.push({ name, w: bmp.width, h: bmp.height });
        }
        return out;
      },
      names.map((n) => [n, Array.from(zip[n])]),
    );
    const width = preset === 'webtoon' ? 800 : 690;
    assert.ok(sizes.length >= 3, `${preset}: several slices (${sizes.length})`);
    for (const sz of sizes) {
      assert.equal(sz.w, width, `${preset}: ${sz.name} is ${width} px wide`);
      assert.ok(sz.h <= 1280, `${preset}: ${sz.name} is at most 1280 px tall (${sz.h})`);
    }
    // The scaled strip: every panel scaled to the width plus the two remembered gutters.
    const scale = (h, w) => Math.round((h * width) / w);
    const panelsTotal = stripPanels.panels.reduce((s, p) => s + scale(p.height, p.width), 0);
    const gutters = stripPanels.panels.reduce(
      (s, p) =>
        s +
        (p.gapAfter ? scale(p.gapAfter.height, p.width) : 0) +
        (p.gapBefore ? scale(p.gapBefore.height, p.width) : 0),
      0,
    );
    const total = sizes.reduce((s, x) => s + x.h, 0);
    log(`${preset}: ${sizes.map((x) => x.h).join(' + ')} = ${total} rows (panels ${panelsTotal} + gutters ${gutters})`);
    assert.ok(gutters > 0, 'the split remembered its gutters');
    assert.ok(
      Math.abs(total - (panelsTotal + gutters)) <= stripPanels.panels.length,
      `${preset}: slices cover panels and gutters`,
    );
    const close = dialog.locator('[data-testid=export-close]');
    if (await close.isVisible()) await close.click();
  }

  // 6. Backup (one file: project + reference library).
  const [bdl] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('toon-strip-view [data-testid=export-backup]').click(),
  ]);
  const backup = fs.readFileSync(await bdl.path());
  assert.ok(backup.length > 1000, 'backup written');

  // 7. Restore into a fresh profile, through the UI.
  const fresh = await ctx.newContext({ locale: 'ko-KR', viewport: { width: 390, height: 844 } });
  const p2 = await fresh.newPage();
  await p2.goto('/');
  await p2.locator('toon-strip-view [data-testid=strip-empty]').waitFor();
  await p2
    .locator('toon-strip-view [data-testid=backup-input]')
    .setInputFiles({ name: 'episode.toonsmith.zip', mimeType: 'application/zip', buffer: backup });
  await p2.locator('toon-strip-view [data-testid=panel-item]').nth(3).waitFor({ timeout: 120_000 });
  const restored = await p2.evaluate(readStrip);
  assert.deepEqual(
    restored.panels.map((p) => p.sha),
    stripPanels.panels.map((p) => p.sha),
    'restored images are byte-identical, in order',
  );
  assert.deepEqual(restored.results, stripPanels.results, 'colorized results restored byte for byte');
  const goP2 = async (id) => {
    await p2.locator(`toon-app nav a[data-route=${id}]`).click();
    await p2.waitForURL(new RegExp(`#/${id}$`));
    await p2.locator(`toon-${id}-view h2`).first().waitFor();
    assert.deepEqual(await p2.evaluate(visibleHeadings), [`toon-${id}-view`], `restored profile: only ${id} on screen`);
  };
  await goP2('references');
  await p2.waitForFunction(
    () => {
      const v = document.querySelector('toon-app').shadowRoot.querySelector('toon-references-view');
      return /\b5\b/.test(v?.shadowRoot?.querySelector('[data-testid=refs-count]')?.textContent ?? '');
    },
    null,
    { timeout: 180_000 },
  );
  const hits2 = await search(p2, '고양이');
  assert.ok(['1F408.png', '1F431.png'].includes(hits2[0]?.name), 'the restored library answers the Korean search');
  await p2.screenshot({ path: path.join(shots, '07-restored-references-390.png'), fullPage: true });

  // 8. Offline reload (the service worker serves the app and models): the restored work is there.
  await p2.locator('toon-app nav a[data-route=strip]').click();
  await p2
    .waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 120_000 })
    .catch(async () => {
      await p2.reload();
      await p2.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 120_000 });
    });
  await fresh.setOffline(true);
  await p2.reload();
  await p2.locator('toon-strip-view [data-testid=panel-item]').nth(3).waitFor({ timeout: 60_000 });
  await goP2('colorize');
  await goP2('references');
  await p2.screenshot({ path: path.join(shots, '08-offline-references-390.png'), fullPage: true });
  // The header says the app is offline, and Status says what is saved for offline use.
  await p2.locator('toon-app [data-testid=offline-badge]').waitFor();
  await goP2('status');
  const verdict = p2.locator('toon-status-view [data-testid=offline-verdict]');
  await verdict.waitFor();
  assert.equal(await verdict.getAttribute('data-ready'), 'true', `offline verdict: ${await verdict.innerText()}`);
  const off = (id, attr) => p2.locator(`toon-status-view [data-testid=${id}]`).getAttribute(attr);
  assert.equal(await off('offline-network', 'data-online'), 'false');
  assert.equal(await off('offline-worker', 'data-controlled'), 'true');
  const [saved, total] = [
    Number(await off('offline-models', 'data-saved')),
    Number(await off('offline-models', 'data-total')),
  ];
  assert.ok(total > 0 && saved === total, `every shipped model file is saved offline (${saved}/${total})`);
  await p2.screenshot({ path: path.join(shots, '09-offline-status-390.png'), fullPage: true });
  await fresh.setOffline(false);
  await p2.locator('toon-app [data-testid=offline-badge]').waitFor({ state: 'detached' });
  log('journey done');
}

/** In the page: the current project's panels (size, gutters, sha-256 of original) and results. */
function readStrip() {
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
    const [projects, panels, blobs, settings] = [
      await all('projects'),
      await all('panels'),
      await all('blobs'),
      await all('settings'),
    ];
    db.close();
    const hex = async (b) =>
      [...new Uint8Array(await crypto.subtle.digest('SHA-256', b))]
        .map((x) => x.toString(16).padStart(2, '0'))
        .join('');
    const sha = {};
    for (const b of blobs) sha[b.id] = await hex(await b.blob.arrayBuffer());
    const current = settings.find((s) => s.key === 'currentProjectId')?.value;
    const project = projects.find((p) => p.id === current);
    const byId = Object.fromEntries(panels.map((p) => [p.id, p]));
    const list = (project?.panelIds ?? []).map((id) => byId[id]);
    return {
      panels: list.map((p) => ({
        width: p.width,
        height: p.height,
        gapBefore: p.gapBefore ?? null,
        gapAfter: p.gapAfter ?? null,
        sha: sha[p.originalBlobId],
      })),
      results: list.map((p) => (p.resultBlobId ? sha[p.resultBlobId] : null)),
    };
  })();
}
