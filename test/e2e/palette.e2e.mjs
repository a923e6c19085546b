// Character palettes through the Colorize UI, as a person does it: open Colorize with the nav link,
// pick a grayscale panel (previewed at once; the first hint stores its result), name a character
// "Mina", add two colours with the hint colour picker (hair #e01b1b, coat #1b4fe0) → both swatches show their colour (computed
// background of the visible swatch), stored in IndexedDB; click the "hair" swatch → it becomes the
// hint colour; a point hint made with it is stored with the palette ref and the colour, the panel
// is recolored and the entry's ΔE00 drift appears. Reload → the palette and its swatch colours are
// back (first render: the path where lit's styleMap wrote a style="" attribute the CSP refused).
// No console error and no CSP violation in the whole run (asserted here and by the runner).
import fs from 'node:fs';
import path from 'node:path';

export const timeout = 420_000;

const HAIR = { hex: '#e01b1b', rgb: [224, 27, 27] };
const COAT = { hex: '#1b4fe0', rgb: [27, 79, 224] };

/** Stored palettes and the hints of the panel, read from IndexedDB. */
function stored() {
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
    const [palettes, hints] = [await all('palettes'), await all('hints')];
    db.close();
    return {
      palettes: palettes.map((p) => ({
        id: p.id,
        name: p.name,
        entries: p.entries.map((e) => ({ label: e.label, rgb: e.rgb })),
      })),
      hints: hints.flatMap((h) => h.hints.map((x) => ({ rgb: x.rgb, ref: x.ref }))),
    };
  })();
}

const palette = (page) => page.locator('toon-palettes');

/** Each visible swatch: its label, its computed colour and its box. */
function swatches(page) {
  return palette(page)
    .locator('[data-testid=palette-entry]')
    .evaluateAll((els) =>
      els.map((b) => {
        const fill = b.querySelector('.swatch-fill');
        const r = fill.getBoundingClientRect();
        return {
          label: b.parentElement.querySelector('span:not(.swatch-fill)')?.textContent,
          color: getComputedStyle(fill).backgroundColor,
          w: r.width,
          h: r.height,
        };
      }),
    );
}

export default async function (ctx) {
  const { assert, log, fixturesDir } = ctx;
  const meta = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'colorize', 'panel-gray.json'), 'utf8'));
  const context = await ctx.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto('/');
  await page.locator('toon-app nav a[data-route=colorize]').click();
  const view = page.locator('toon-colorize-view');
  await view.locator('[data-testid=colorize-file]').setInputFiles(path.join(fixturesDir, 'colorize', 'panel-gray.png'));
  await view.locator('[data-testid=colorize-image]').waitFor({ timeout: 180_000 });
  await page.waitForFunction(
    () => !!document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-colorize-view')?.dataset.colored,
    undefined,
    { timeout: 180_000 },
  );

  // A character palette with two colours, picked with the hint colour input.
  await palette(page).locator('[data-testid=palette-name]').fill('Mina');
  await palette(page).getByRole('button', { name: 'Add character' }).click();
  const mina = palette(page).locator('[data-testid=palette]', { hasText: 'Mina' });
  await mina.waitFor();
  for (const [label, c] of [
    ['hair', HAIR],
    ['coat', COAT],
  ]) {
    await view.locator('[data-testid=hint-color]').fill(c.hex);
    await mina.getByPlaceholder('Color name').fill(label);
    await mina.getByRole('button', { name: 'Add current color' }).click();
    await mina.getByRole('button', { name: `Use ${label} of Mina as the hint color` }).waitFor();
  }
  const shown = await swatches(page);
  log(`swatches: ${JSON.stringify(shown)}`);
  assert.deepEqual(
    shown.map((s) => [s.label, s.color]),
    [
      ['hair', `rgb(${HAIR.rgb.join(', ')})`],
      ['coat', `rgb(${COAT.rgb.join(', ')})`],
    ],
  );
  assert.ok(
    shown.every((s) => s.w >= 16 && s.h >= 16),
    'swatches are visible boxes',
  );
  const saved = await page.evaluate(stored);
  assert.deepEqual(
    saved.palettes.map((p) => [p.name, p.entries]),
    [
      [
        'Mina',
        [
          { label: 'hair', rgb: HAIR.rgb },
          { label: 'coat', rgb: COAT.rgb },
        ],
      ],
    ],
  );

  // Apply: another colour first, then the hair swatch makes it the hint colour again.
  await view.locator('[data-testid=hint-color]').fill('#000000');
  await mina.getByRole('button', { name: 'Use hair of Mina as the hint color' }).click();
  await page.waitForFunction(
    (hex) =>
      document
        .querySelector('toon-app')
        ?.shadowRoot?.querySelector('toon-colorize-view')
        ?.shadowRoot?.querySelector('[data-testid=hint-color]')?.value === hex,
    HAIR.hex,
    { timeout: 10_000 },
  );
  assert.equal(await view.locator('[data-testid=hint-color]').inputValue(), HAIR.hex, 'the swatch set the hint colour');
  const img = view.locator('[data-testid=colorize-image]');
  const box = await img.boundingBox();
  const { x: hx, y: hy } = meta.hint;
  await page.mouse.click(
    box.x + ((hx + 0.5) * box.width) / meta.width,
    box.y + ((hy + 0.5) * box.height) / meta.height,
  );
  await page.waitForFunction(
    () =>
      /:1$/.test(
        document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-colorize-view')?.dataset.resultHints ?? '',
      ),
    undefined,
    { timeout: 180_000 },
  );
  const hinted = await page.evaluate(stored);
  const ref = `${saved.palettes[0].id}/hair`;
  assert.deepEqual(hinted.hints, [{ rgb: HAIR.rgb, ref }], 'the hint carries the palette colour and ref');
  const drift = mina.locator('[data-testid=palette-drift]');
  await drift.waitFor({ timeout: 120_000 });
  log(`drift shown: ${await drift.innerText()}`);
  assert.match(await drift.innerText(), /over 1 panel/);
  fs.mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: 'test-results/palette-colorize.png', fullPage: true });
  await palette(page).screenshot({ path: 'test-results/palette-swatches.png' });

  // Reload: the palette and its colours come back on the first render.
  await page.reload();
  await palette(page).locator('[data-testid=palette-entry]').nth(1).waitFor({ timeout: 120_000 });
  const again = await swatches(page);
  assert.deepEqual(
    again.map((s) => [s.label, s.color]),
    shown.map((s) => [s.label, s.color]),
    'same swatches after reload',
  );

  // Delete Mina's palette by its ✕ → gone, with Undo on the notice → back whole (a trial lost a
  // palette to one click); the hint still names it.
  const before = await page.evaluate(stored);
  await palette(page).getByRole('button', { name: 'Delete Mina' }).click();
  const undo = page
    .locator('toon-notifier', { hasText: 'Deleted the palette “Mina”.' })
    .getByRole('button', { name: 'Undo' });
  await undo.waitFor();
  await palette(page).locator('[data-testid=palette]').waitFor({ state: 'detached' });
  assert.deepEqual((await page.evaluate(stored)).palettes, [], 'deleted from the store');
  await undo.click();
  await palette(page).locator('[data-testid=palette-entry]').nth(1).waitFor();
  const back = await page.evaluate(stored);
  assert.deepEqual(back.palettes, before.palettes, 'Undo puts the palette back exactly (id, entries, uses)');
  assert.deepEqual(back.hints, before.hints);

  // Generate's character form offers the project's palettes and follows Colorize without a
  // reload: Mina is offered; deleted in Colorize, she is gone from Generate's list.
  const options = () =>
    page
      .locator('toon-character-sheet select[name=palette] option')
      .evaluateAll((els) => els.map((e) => e.textContent));
  await page.locator('toon-app nav a[data-route=generate]').click();
  await page.locator('toon-character-sheet select[name=palette]').waitFor();
  assert.deepEqual(await options(), ['—', 'Mina']);
  await page.locator('toon-app nav a[data-route=colorize]').click();
  await palette(page).getByRole('button', { name: 'Delete Mina' }).click();
  await palette(page).locator('[data-testid=palette]').waitFor({ state: 'detached' });
  await page.locator('toon-app nav a[data-route=generate]').click();
  await page.locator('toon-character-sheet select[name=palette]').waitFor({ state: 'detached' });

  const errors = ctx.console.filter((m) => m.type === 'error' || m.type === 'pageerror');
  assert.deepEqual(errors, [], 'no console error');
  assert.deepEqual(
    ctx.console.filter((m) => /Content.Security.Policy/i.test(m.text)),
    [],
    'no CSP violation',
  );
  await context.close();
}
