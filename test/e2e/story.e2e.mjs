// Story mode with the smoke diffusion folder (test/fixtures/diffusion/smoke-model):
// - the imported folder is remembered: after a reload the model loads from IndexedDB;
// - a character sheet entry (Mina → cat sprite) is used as img2img start for the panel naming her
//   (look "start": the smoke model has no image prompt, so "Character look" is disabled with a note);
// - a story of 3 sentences → 3 panels that land one by one (observed 1, then 2, then 3), seeds
//   base+i, each stored as a panel; after a reload the draft and the 3 panels are still there;
// - "Regenerate" on panel 2 changes only panel 2's bytes (panels 1 and 3 keep id and bytes);
// - a story with an Arabic sentence is refused with a message, nothing is drawn;
// - Cancel during a 200-step run: the step counter stops advancing (≤ 1 more step), stored
//   panels untouched.
import fs from 'node:fs';
import { ROOT, gen, modelStatus, notice, panelHashes, pickSmokeModel, setNumber } from './gen-helpers.mjs';

export const timeout = 480_000;

const storyPanels = (page) => gen(page).locator('[data-testid=story-panel]');

export default async function (ctx) {
  const { assert, log } = ctx;
  const context = await ctx.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await pickSmokeModel(page, log);

  // Persistence of the imported folder.
  const t0 = Date.now();
  await page.reload();
  await modelStatus(page).waitFor({ timeout: 180_000 });
  log(`model restored from IndexedDB after reload in ${Date.now() - t0} ms: ${await modelStatus(page).innerText()}`);

  // Character sheet.
  await gen(page).locator('[data-testid=char-name]').fill('Mina');
  await gen(page)
    .locator('[data-testid=char-image]')
    .setInputFiles({
      name: 'mina.png',
      mimeType: 'image/png',
      buffer: fs.readFileSync(`${ROOT}test/fixtures/dataset/sprites/1F431.png`),
    });
  await gen(page).locator('[data-testid=char-add]').click();
  await gen(page).locator('[data-testid=char-item][data-name=Mina]').waitFor({ timeout: 30_000 });

  // Bad input: a sentence in Arabic → refused before anything is drawn.
  await gen(page)
    .locator('[data-testid=story-text]')
    .fill('A cat sits under a tree. مرحبا بالعالم قطة جميلة. A house.');
  await gen(page).locator('[data-testid=story-run]').click();
  await notice(page, 'Panel 2 is mostly in a script');
  assert.equal((await panelHashes(page)).length, 0, 'nothing stored for a refused story');

  // Story of 3 sentences.
  const story = 'A cat sits under a tree at night. Mina walks in the park. 밤에 집 앞에 있는 개.';
  await gen(page).locator('[data-testid=story-text]').fill(story);
  await setNumber(gen(page).locator('[data-testid=story-seed]'), 100);
  await setNumber(gen(page).locator('[data-testid=story-steps]'), 6);
  await setNumber(gen(page).locator('[data-testid=story-guidance]'), 1);
  // The line under the strength says which steps it walks: at 6 steps, 0.05 walks none (the
  // sheet comes back unchanged), 0.7 the last 4 — as 0.67 … 0.83 all do.
  const strengthNote = gen(page).locator('[data-testid=story-strength-note]');
  assert.match(
    await gen(page).locator('[data-testid=story-guidance-help]').innerText(),
    /lower makes the characters look more like their sheets, higher makes the panels follow the story more/,
  );
  await setNumber(gen(page).locator('[data-testid=story-strength]'), 0.05);
  await gen(page).locator('[data-testid=story-strength-note][data-walked="0"]').waitFor();
  assert.match(await strengthNote.innerText(), /runs none: the result is the picture itself\. Use at least 0\.17/);
  await setNumber(gen(page).locator('[data-testid=story-strength]'), 0.7);
  await gen(page).locator('[data-testid=story-strength-note][data-walked="4"]').waitFor();
  assert.match(
    await strengthNote.innerText(),
    /At 6 steps this strength runs the last 4: every strength from 0\.67 to 0\.83 gives the same picture/,
  );
  await gen(page).locator('[data-testid=story-run]').click();
  const seen = [];
  const deadline = Date.now() + 300_000;
  for (;;) {
    const landed = await gen(page).locator('[data-testid=story-panel][data-landed=yes]').count();
    if (seen[seen.length - 1] !== landed) seen.push(landed);
    if (landed === 3) break;
    if (Date.now() > deadline) throw new Error(`story did not finish; landed counts seen: ${seen}`);
    await page.waitForTimeout(40);
  }
  log(`landed counts observed: ${seen.join(' → ')}`);
  assert.ok(
    seen.includes(1) && seen.includes(2) && seen.indexOf(1) < seen.indexOf(2),
    `panels land one by one (${seen})`,
  );
  const meta = await storyPanels(page).evaluateAll((els) =>
    els.map((e) => ({
      seed: Number(e.dataset.seed),
      init: e.dataset.init,
      look: e.dataset.look,
      id: e.dataset.panelId,
    })),
  );
  log(JSON.stringify(meta));
  // The smoke model has no image prompt: the look can only be "start from the image", and the form says so.
  assert.deepEqual(
    meta.map((m) => m.look),
    ['', 'start', ''],
  );
  assert.equal(await gen(page).locator('[data-testid=story-look]').isDisabled(), true);
  assert.equal(await gen(page).locator('[data-testid=story-look]').inputValue(), 'start');
  assert.match(await gen(page).locator('[data-testid=story-look-note]').innerText(), /no image prompt/);
  assert.deepEqual(
    meta.map((m) => m.seed),
    [100, 101, 102],
  );
  assert.deepEqual(
    meta.map((m) => m.init),
    ['', 'Mina', ''],
  );
  const first = await panelHashes(page);
  assert.deepEqual(
    first.map((p) => p.id),
    meta.map((m) => m.id),
    'story panels are the project panels, in order',
  );
  assert.equal(new Set(first.map((p) => p.hash)).size, 3, 'three different pictures');

  // Reload: the draft and the panels persist.
  await page.reload();
  await gen(page).locator('[data-testid=story-panel][data-landed=yes]').nth(2).waitFor({ timeout: 120_000 });
  assert.equal(await storyPanels(page).count(), 3);
  assert.deepEqual(await panelHashes(page), first, 'same panels and bytes after reload');
  await modelStatus(page).waitFor({ timeout: 180_000 });

  // Regenerate panel 2 only.
  await storyPanels(page).nth(1).locator('[data-testid=story-regen]').click();
  await gen(page)
    .locator('[data-testid=story-panel][data-index="1"][data-seed="1000104"]')
    .waitFor({ timeout: 180_000 });
  await gen(page).locator('[data-testid=story-panel][data-index="1"][data-landed=yes]').waitFor({ timeout: 60_000 });
  const after = await panelHashes(page);
  log(`before ${first.map((p) => p.hash.slice(0, 8))} after ${after.map((p) => p.hash.slice(0, 8))}`);
  assert.equal(after.length, 3);
  assert.deepEqual(after[0], first[0], 'panel 1 untouched');
  assert.deepEqual(after[2], first[2], 'panel 3 untouched');
  assert.notEqual(after[1].hash, first[1].hash, 'panel 2 redrawn');

  // Cancel during a long run: the worker stops before its next step and the counter is exact.
  await setNumber(gen(page).locator('[data-testid=story-steps]'), 200);
  await setNumber(gen(page).locator('[data-testid=story-guidance]'), 3);
  const step = gen(page).locator('[data-testid=story-step]');
  const run = Number(await step.getAttribute('data-run'));
  await gen(page).locator('[data-testid=story-run]').click();
  await page.waitForFunction(
    (prev) => {
      const v = document
        .querySelector('toon-app')
        ?.shadowRoot?.querySelector('toon-generate-view')
        ?.shadowRoot?.querySelector('toon-story-mode')
        ?.shadowRoot?.querySelector('[data-testid=story-step]');
      return Number(v?.dataset.run) > prev && Number(v?.dataset.done ?? 0) >= 3;
    },
    run,
    { timeout: 120_000, polling: 20 },
  );
  // force: the progress row re-renders every step, which Playwright's stability wait would chase.
  await page.locator('toon-progress').getByRole('button', { name: 'Cancel' }).click({ force: true });
  const atCancel = Number(await step.getAttribute('data-done'));
  assert.ok(atCancel < 150, `cancelled early in the 200-step panel (at step ${atCancel})`);
  await notice(page, 'Cancelled', 'status');
  // The worker's promise, exactly: when it answers the cancel it says how many steps were finished
  // when it saw the cancel (ack) and when it stopped (done): the step running at that moment may
  // finish, none starts after (done ∈ {ack, ack + 1}). Every step it finished was shown before that
  // answer, so the counter then reads exactly `done` and never moves again.
  await page.waitForFunction(
    () => {
      const v = document
        .querySelector('toon-app')
        ?.shadowRoot?.querySelector('toon-generate-view')
        ?.shadowRoot?.querySelector('toon-story-mode')
        ?.shadowRoot?.querySelector('[data-testid=story-step]');
      return v && v.dataset.stopped !== '';
    },
    null,
    { timeout: 30_000 },
  );
  const stopped = Number(await step.getAttribute('data-stopped'));
  const ack = Number(await step.getAttribute('data-ack'));
  const shown = Number(await step.getAttribute('data-step'));
  const doneAtStop = Number(await step.getAttribute('data-done'));
  log(
    `cancel: counter read ${atCancel} at the click; worker saw the cancel after ${ack} steps, stopped after ${stopped}; counter shows step ${shown} (${doneAtStop} in all)`,
  );
  assert.ok(
    stopped === ack || stopped === ack + 1,
    `no step started after the worker saw the cancel (ack ${ack}, stopped ${stopped})`,
  );
  assert.ok(atCancel <= stopped, `the counter never showed more than the worker finished (${atCancel} ≤ ${stopped})`);
  assert.equal(shown, stopped, 'the counter shows exactly the steps the worker finished');
  const trace = [];
  for (let k = 0; k < 50; k++) {
    trace.push(Number(await step.getAttribute('data-done')));
    await page.waitForTimeout(200); // watching that nothing happens for 10 s: there is no state to wait on
  }
  log(`over the next 10 s: ${[...new Set(trace)].join(', ')}`);
  assert.deepEqual([...new Set(trace)], [doneAtStop], 'the counter never moves after the worker stopped');
  assert.deepEqual(await panelHashes(page), after, 'stored panels untouched by the cancelled run');
  await context.close();

  // Korean UI of the same view.
  const ko = await ctx.newContext({ locale: 'ko-KR' });
  const kpage = await ko.newPage();
  await kpage.goto('/#/generate');
  for (const text of ['컷 생성', '이야기 → 스트립', '캐릭터', '스트립 초안 그리기', '그림에서 시작(이미지→이미지)']) {
    await gen(kpage).getByText(text, { exact: false }).first().waitFor({ timeout: 60_000 });
  }
  await ko.close();
}
