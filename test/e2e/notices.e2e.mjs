// Notices (toasts) and refused tiny panels, driven like a person (file picker, drops, nav links,
// keyboard, the language menu):
// - Strip: 4 bad files (empty, not an image, truncated, a 1×1 PNG) picked with 2 good panels → the
//   good ones are added, the 1×1 is refused with a message naming it, at most 3 notices are on
//   screen (the newest) and the rest fold behind "Show N earlier"; the same bad file again merges
//   into its notice (×2) instead of adding one; the notices let clicks through between them, and
//   at the bottom of the page no control of the view is under them (a real click on a panel's
//   "↑" under where they sit works); Escape in a notice closes it and moves focus to the next one;
//   switching the language re-renders the shown notices in Korean and back in English.
// - Colorize: a 1×1 PNG dropped with a good panel → the good one is added, the tiny one refused
//   (ko/en message); after a hint, moving the gap slider then Ctrl+Z undoes the hint, and after
//   ticking a checkbox Ctrl+Shift+Z redoes it (undo keys only skip text fields).
// Screenshots: test-results/notices-*.png.
import fs from 'node:fs';
import path from 'node:path';

export const timeout = 300_000;

/** In the page: a PNG of w×h (gray shapes), as a byte array. */
function pngBytes([w, h]) {
  return (async () => {
    const c = new OffscreenCanvas(w, h);
    const g = c.getContext('2d');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, w, h);
    g.strokeStyle = '#000';
    g.lineWidth = Math.max(1, Math.round(w / 60));
    if (w > 8) {
      g.strokeRect(w * 0.1, h * 0.1, w * 0.8, h * 0.8);
      g.beginPath();
      g.moveTo(w * 0.1, h * 0.5);
      g.lineTo(w * 0.9, h * 0.5);
      g.stroke();
    } else {
      g.fillStyle = '#777';
      g.fillRect(0, 0, w, h);
    }
    return Array.from(new Uint8Array(await (await c.convertToBlob({ type: 'image/png' })).arrayBuffer()));
  })();
}

/** In the page: the elements a click at (x, y) goes to, through shadow roots (outermost first). */
function hitPath([x, y]) {
  const path = [];
  let hit = document.elementFromPoint(x, y);
  while (hit) {
    path.push(hit.tagName);
    const inner = hit.shadowRoot?.elementFromPoint(x, y);
    if (!inner || inner === hit) break;
    hit = inner;
  }
  return path;
}

/** In the page: the controls of the shown view in the viewport that a click at their centre does not reach. */
function coveredControls() {
  const controls = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.matches('button, input, select, textarea, a[href], [tabindex="0"]')) controls.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  const main = document.querySelector('toon-app').shadowRoot.querySelector('main');
  for (const view of main.children) if (!view.hidden) walk(view.shadowRoot ?? view);
  const covered = [];
  for (const el of controls) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.bottom <= 0 || r.top >= innerHeight) continue;
    const x = r.left + r.width / 2;
    const y = Math.min(innerHeight - 1, r.top + r.height / 2);
    let hit = document.elementFromPoint(x, y);
    let underNotices = false;
    while (hit) {
      if (hit.tagName === 'TOON-NOTIFIER') underNotices = true;
      const inner = hit.shadowRoot?.elementFromPoint(x, y);
      if (!inner || inner === hit) break;
      hit = inner;
    }
    if (underNotices)
      covered.push(`${el.tagName.toLowerCase()}[${el.dataset.testid ?? el.getAttribute('aria-label') ?? ''}]`);
  }
  return { covered, checked: controls.length };
}

export default async function (ctx) {
  const { assert, log } = ctx;
  const out = path.join(process.cwd(), 'test-results');
  fs.mkdirSync(out, { recursive: true });
  const context = await ctx.newContext({
    locale: 'en-US',
    serviceWorkers: 'block',
    viewport: { width: 1280, height: 720 },
  });
  const page = await context.newPage();
  await page.goto('/');
  await page.locator('[data-testid=drop-zone]').waitFor();
  const png = async (w, h) => Buffer.from(await page.evaluate(pngBytes, [w, h]));
  const notices = page.locator('toon-notifier [part=notice]');
  const alertWith = (text) => page.locator('toon-notifier [role=alert]', { hasText: text });
  const items = page.locator('[data-testid=panel-item]');
  // Service workers are blocked here (no "Ready to work offline" notice at a random moment), so the
  // app says offline support could not be set up: a person closes that first.
  await alertWith('Offline support could not be set up').getByRole('button', { name: 'Dismiss' }).click();
  await notices.first().waitFor({ state: 'detached' });

  // 1. Strip: 4 bad files and 2 good panels in one pick.
  const good = await png(240, 320);
  const good2 = await png(300, 200);
  const dot = await png(1, 1);
  const bad = await png(200, 200);
  const file = (name, buffer) => ({ name, mimeType: 'image/png', buffer });
  const picker = page.locator('[data-testid=file-input]');
  await picker.setInputFiles([
    file('empty.png', Buffer.alloc(0)),
    file('notes.png', Buffer.from('hello, not an image')),
    file('good.png', good),
    file('cut.png', bad.subarray(0, bad.length >> 1)),
    file('good2.png', good2),
    file('dot.png', dot),
  ]);
  const tooSmallEn =
    'dot.png: the image is too small to be a panel (each side must be at least 16 px). It was not imported.';
  await alertWith(tooSmallEn).waitFor();
  await items.nth(1).waitFor();
  assert.equal(await items.count(), 2, 'the 2 good panels were added');
  assert.match((await items.nth(0).getAttribute('aria-label')) ?? '', /good\.png/);
  assert.match((await items.nth(1).getAttribute('aria-label')) ?? '', /good2\.png/);
  // The "2 panel(s) added." notice fades (6 s): wait for it to leave, then count what stays.
  const added = page.locator('toon-notifier [role=status]', { hasText: '2 panel(s) added.' });
  await added.waitFor();
  await added.waitFor({ state: 'detached', timeout: 30_000 });
  assert.equal(await notices.count(), 3, '3 notices on screen (the newest)');
  assert.deepEqual(
    (await notices.allInnerTexts()).map((s) => s.split(':')[0]),
    ['notes.png', 'cut.png', 'dot.png'],
    'the newest 3 refusals are shown, oldest first',
  );
  const earlier = page.locator('[data-testid=notices-earlier]');
  assert.equal((await earlier.innerText()).trim(), 'Show 1 earlier');

  // 2. The same bad file again: merged into its notice (×2), moved to the newest place.
  await picker.setInputFiles([file('empty.png', Buffer.alloc(0))]);
  const emptyAlert = alertWith('empty.png: the file is empty (0 bytes).');
  await page.locator('toon-notifier [role=alert][data-count="2"]', { hasText: 'empty.png' }).waitFor();
  assert.equal(await alertWith('empty.png').count(), 1, 'one notice for the repeated message');
  assert.match(await emptyAlert.innerText(), /×2/);
  assert.equal(await notices.count(), 3, 'still 3 on screen');
  assert.match(await notices.last().innerText(), /^empty\.png/, 'the merged notice is the newest');
  assert.equal((await earlier.innerText()).trim(), 'Show 1 earlier', '4 notices kept, 1 folded');
  // Unfold and fold again.
  await earlier.click();
  assert.equal(await earlier.getAttribute('aria-expanded'), 'true');
  assert.equal(await notices.count(), 4);
  await earlier.click();
  assert.equal(await notices.count(), 3);
  await page.screenshot({ path: path.join(out, 'notices-strip-en.png') });

  // 3. The notices do not block the page: clicks pass between them, and at the bottom of the page
  //    no control of the view is under them; a real click on the second panel's "↑" works.
  const gapPoint = await page.evaluate(() => {
    const root = document.querySelector('toon-app').shadowRoot.querySelector('toon-notifier').shadowRoot;
    const [a, b] = [...root.querySelectorAll('.notice')].map((n) => n.getBoundingClientRect());
    return { gap: b.top - a.bottom, x: (a.left + a.right) / 2, y: (a.bottom + b.top) / 2 };
  });
  assert.ok(gapPoint.gap > 0, 'a gap between two notices');
  const onCard = await page.evaluate(hitPath, [gapPoint.x, gapPoint.y - gapPoint.gap]);
  assert.ok(onCard.includes('TOON-NOTIFIER'), `a notice itself takes its clicks (${onCard})`);
  const between = await page.evaluate(hitPath, [gapPoint.x, gapPoint.y]);
  assert.ok(!between.includes('TOON-NOTIFIER'), `a click between two notices reaches the page (${between})`);
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const { covered, checked } = await page.evaluate(coveredControls);
  assert.ok(checked > 5, `the view's controls were found (${checked})`);
  assert.deepEqual(covered, [], 'no control of the view under the notices at the bottom of the page');
  await page.evaluate(() => window.scrollTo(0, 0));
  await items.nth(1).locator('[data-testid=panel-up]').click({ timeout: 10_000 });
  await page.waitForFunction(() => {
    const list = document
      .querySelector('toon-app')
      .shadowRoot.querySelector('toon-strip-view')
      .shadowRoot.querySelector('toon-panel-list');
    return /good2\.png/.test(list?.shadowRoot?.querySelector('[data-testid=panel-item]')?.getAttribute('aria-label'));
  });
  log('panel moved up with 4 notices shown; no control covered at the bottom of the page');

  // 4. Keyboard: Escape in a notice closes it; focus goes to the next notice's close button.
  await emptyAlert.getByRole('button', { name: 'Dismiss' }).focus();
  await page.keyboard.press('Escape');
  await emptyAlert.waitFor({ state: 'detached' });
  assert.equal(await notices.count(), 3, 'the folded one comes up');
  assert.equal(await earlier.count(), 0, 'nothing folded any more');
  const focused = await page.evaluate(() => {
    const a = document.querySelector('toon-app').shadowRoot.querySelector('toon-notifier').shadowRoot.activeElement;
    return a ? `${a.className}|${a.closest('[part=notice]')?.textContent?.trim().split(':')[0]}` : null;
  });
  assert.equal(focused, 'close|dot.png', "focus moved to the next notice's close button");
  await page.keyboard.press('Escape');
  await alertWith('dot.png').waitFor({ state: 'detached' });
  assert.equal(await notices.count(), 2);
  // Bring the tiny one back for the language check.
  await picker.setInputFiles([file('dot.png', dot)]);
  await alertWith(tooSmallEn).waitFor();

  // 5. Language switch: the shown notices re-render in Korean, then in English again.
  await page.locator('[data-testid=locale]').selectOption('ko');
  await alertWith(
    'dot.png: 이미지가 너무 작아 컷으로 쓸 수 없습니다(가로·세로 모두 16px 이상이어야 합니다). 가져오지 않았습니다.',
  ).waitFor();
  await alertWith('notes.png: PNG, JPEG, WebP 이미지가 아닙니다.').waitFor();
  await alertWith('cut.png: 이미지가 손상되었거나 불완전해서 읽을 수 없습니다.').waitFor();
  assert.equal(await page.locator('toon-notifier', { hasText: /the image|not a PNG/ }).count(), 0, 'no English left');
  assert.equal((await page.locator('[data-testid=notices-close-all]').innerText()).trim(), '모두 닫기');
  await page.screenshot({ path: path.join(out, 'notices-strip-ko.png') });
  await page.locator('[data-testid=locale]').selectOption('en');
  await alertWith(tooSmallEn).waitFor();
  await page.locator('[data-testid=notices-close-all]').click();
  await notices.first().waitFor({ state: 'detached' });

  // 6. Colorize (nav link): a 1×1 dropped with a good panel → only the good one is added (ko message).
  await page.locator('toon-app nav a[data-route=colorize]').click();
  const zone = page.locator('[data-testid=colorize-drop]');
  await zone.waitFor();
  await page.locator('[data-testid=locale]').selectOption('ko');
  const drop = async (files) => {
    const dt = await page.evaluateHandle(
      (list) => {
        const d = new DataTransfer();
        for (const [name, bytes] of list) d.items.add(new File([new Uint8Array(bytes)], name, { type: 'image/png' }));
        return d;
      },
      files.map(([n, b]) => [n, [...b]]),
    );
    await zone.dispatchEvent('drop', { dataTransfer: dt });
  };
  const czGood = await png(96, 96);
  await drop([
    ['cz-dot.png', dot],
    ['cz-good.png', czGood],
  ]);
  await alertWith('cz-dot.png: 이미지가 너무 작아 컷으로 쓸 수 없습니다').waitFor();
  const czPanel = page.locator('[data-testid=colorize-panel][aria-label*="cz-good.png"]');
  await czPanel.waitFor();
  assert.equal(await page.locator('[data-testid=colorize-panel]').count(), 3, "the strip's 2 panels and cz-good.png");
  assert.equal(await page.locator('[data-testid=colorize-panel][aria-label*="cz-dot.png"]').count(), 0);
  await page.screenshot({ path: path.join(out, 'notices-colorize-ko.png') });
  await page.locator('[data-testid=locale]').selectOption('en');
  // Close it by keyboard.
  await alertWith('cz-dot.png').getByRole('button', { name: 'Dismiss' }).focus();
  await page.keyboard.press('Escape');
  await alertWith('cz-dot.png').waitFor({ state: 'detached' });

  // 7. Undo keys: a hint, then the gap slider, then Ctrl+Z → the hint is undone; a checkbox, then
  //    Ctrl+Shift+Z → it is back.
  await czPanel.click();
  const count = page.locator('[data-testid=colorize-hint-count]');
  await count.filter({ hasText: /^0 / }).waitFor();
  await page.waitForFunction(
    () => !!document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-colorize-view')?.dataset.colored,
    undefined,
    { timeout: 180_000 },
  );
  const img = page.locator('[data-testid=colorize-image]');
  const box = await img.boundingBox();
  await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.3);
  await count.filter({ hasText: /^1 / }).waitFor();
  const gap = page.locator('[data-testid=colorize-gap]');
  const gapBefore = await gap.inputValue();
  await gap.focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(Number(await gap.inputValue()), Number(gapBefore) + 1, 'the gap slider moved');
  await page.locator('[data-testid=colorize-gap-value]', { hasText: `${Number(gapBefore) + 1} px` }).waitFor();
  const focusedType = () =>
    page.evaluate(() => {
      let a = document.activeElement;
      while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
      return a?.type;
    });
  assert.equal(await focusedType(), 'range', 'the slider has the key');
  await page.keyboard.press('Control+z');
  await count.filter({ hasText: /^0 / }).waitFor({ timeout: 10_000 });
  const before = page.locator('[data-testid=colorize-before]');
  await before.click();
  assert.equal(await focusedType(), 'checkbox', 'the checkbox has the key');
  await page.keyboard.press('Control+Shift+z');
  await count.filter({ hasText: /^1 / }).waitFor({ timeout: 10_000 });
  log(
    `gap ${gapBefore} → ${Number(gapBefore) + 1}, Ctrl+Z from the slider undid the hint, Ctrl+Shift+Z from the checkbox redid it`,
  );
  await page.screenshot({ path: path.join(out, 'notices-colorize-undo.png') });
}
