// Storyboard (콘티), through the UI with nav links. A four-sentence Korean story, two character
// sheets (Mina = a cat with alpha; Joon = a dog on white, no alpha → flood cut-out) and a fixture
// library of 12 places (test/fixtures/storyboard/library, names "바닷가 beach" …, added in
// References) → four 800-px panels with the right heights (wide 600 / medium 800 / close 700),
// characters, backgrounds and lettered bubbles, checked from the stored layout records and panel
// records → move a character by dragging it in the panel editor and with the arrow button (undone
// with Ctrl+Z, redone with the button) →
// next background and caption text edited in the panel editor → regenerate panel 2 (only it
// changes) → move panel 4 up with the keyboard (the strip follows, gutters for the new order) → draft again (replaces, the old
// placeholder background deleted; the edited café panel keeps its caption and background) → Undo (the old board, panels and placeholder back) → export slices
// (Strip view's export dialog) and the storyboard PSD (layers present, read back with ag-psd) →
// reload keeps it all, offline too. Screenshots: test-results/storyboard/strip.png, editor.png, editor-speaker.png, reordered.png.
import fs from 'node:fs';
import path from 'node:path';
import { readPsd } from 'ag-psd';
import { unzipSync } from 'fflate';
import { gen } from './gen-helpers.mjs';
import { modelShown } from './refs-helpers.mjs';

export const timeout = 600_000;
const OUT = 'test-results/storyboard';
const STORY =
  '미나가 우주선에서 멀리 수평선을 바라본다. 준이 학교 앞에서 "미나야, 같이 가자!" 하고 외쳤다. 카페에서 미나와 준이 마주 앉았다. 밤거리에서 준의 얼굴에 눈물이 흐른다.';
const LIB = [
  ['beach', '바닷가'],
  ['school', '학교'],
  ['cafe', '카페'],
  ['night_city', '밤거리'],
  ['forest', '숲'],
  ['house', '집'],
  ['mountain', '산'],
  ['rain', '비'],
  ['hospital', '병원'],
  ['station', '역'],
  ['sunset', '노을'],
  ['park', '공원'],
];

const nav = (page, id) => page.locator(`toon-app nav a[data-route=${id}]`).click();
const board = (page) => gen(page).locator('toon-storyboard');

function stored(page) {
  return page.evaluate(async () => {
    const db = await new Promise((res, rej) => {
      const r = indexedDB.open('toonsmith');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const req = (r) =>
      new Promise((res, rej) => ((r.onsuccess = () => res(r.result)), (r.onerror = () => rej(r.error))));
    const store = (n) => db.transaction(n).objectStore(n);
    const cur = (await req(store('settings').get('currentProjectId'))).value;
    const project = await req(store('projects').get(cur));
    const b = (await req(store('storyboards').get(cur))) ?? null;
    const panels = [];
    for (const id of project.panelIds) {
      const p = await req(store('panels').get(id));
      const blob = await req(store('blobs').get(p.resultBlobId ?? p.originalBlobId));
      const hash = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.blob.arrayBuffer())))
        .map((x) => x.toString(16).padStart(2, '0'))
        .join('')
        .slice(0, 16);
      panels.push({ id, width: p.width, height: p.height, gapAfter: p.gapAfter?.height ?? 0, hash });
    }
    db.close();
    return { order: project.panelIds, panels, board: b };
  });
}

/** Whether the blobs store holds `id`. */
function blobStored(page, id) {
  return page.evaluate(async (key) => {
    const db = await new Promise((res, rej) => {
      const r = indexedDB.open('toonsmith');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const n = await new Promise((res, rej) => {
      const r = db.transaction('blobs').objectStore('blobs').count(key);
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    db.close();
    return n === 1;
  }, id);
}
const placeholders = (s) =>
  s.board.panels.flatMap((p) => (p.layout.background?.generated ? [p.layout.background.blobId] : []));

async function idle(page, run) {
  await page.waitForFunction(
    (r) => {
      const s = document
        .querySelector('toon-app')
        ?.shadowRoot?.querySelector('toon-generate-view')
        ?.shadowRoot?.querySelector('toon-story-mode')
        ?.shadowRoot?.querySelector('toon-storyboard')
        ?.shadowRoot?.querySelector('[data-testid=board-state]');
      return s && Number(s.dataset.run) > r && s.dataset.busy === 'no';
    },
    run,
    { timeout: 300_000 },
  );
}
const runs = async (page) => Number(await board(page).locator('[data-testid=board-state]').getAttribute('data-run'));

export default async function (ctx) {
  const { assert, log, fixturesDir } = ctx;
  fs.mkdirSync(OUT, { recursive: true });
  const context = await ctx.newContext({
    locale: 'en-US',
    viewport: { width: 1280, height: 1000 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await page.goto('/');

  // Library: 12 places, each named in Korean and English (the references' text).
  await nav(page, 'references');
  const refs = page.locator('toon-references-view');
  await modelShown(page, /Toon-CLIP/);
  const libDir = path.join(fixturesDir, 'storyboard', 'library');
  await refs.locator('[data-testid=refs-file-input]').setInputFiles(
    LIB.map(([en, ko]) => ({
      name: `${ko} ${en}.png`,
      mimeType: 'image/png',
      buffer: fs.readFileSync(path.join(libDir, `${en}.png`)),
    })),
  );
  try {
    await page.waitForFunction(
      (n) => {
        const v = document
          .querySelector('toon-app')
          ?.shadowRoot?.querySelector('toon-references-view')
          ?.shadowRoot?.querySelector('[data-testid=refs-count]');
        return v && Number(v.textContent.replace(/\D+/g, '')) === n;
      },
      LIB.length,
      { timeout: 180_000 },
    );
  } catch (e) {
    await page.screenshot({ path: `${OUT}/fail-refs.png` });
    throw e;
  }

  // Characters and story.
  await nav(page, 'generate');
  await gen(page).locator('[data-testid=generate-model]').waitFor({ timeout: 180_000 });
  const sheets = [
    ['미나', fs.readFileSync(path.join(fixturesDir, 'dataset/sprites/1F431.png'))],
    ['준', fs.readFileSync(path.join(fixturesDir, 'storyboard/joon-white.png'))],
  ];
  // A text file named .png is refused when the character is added (not halfway through a draft).
  await gen(page).locator('[data-testid=char-name]').fill('가짜');
  await gen(page)
    .locator('[data-testid=char-image]')
    .setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('not a picture\n'.repeat(20)) });
  await gen(page).locator('[data-testid=char-add]').click();
  await page
    .locator('toon-notifier [role=alert]', { hasText: '"fake.png" is not a PNG, JPEG or WebP picture' })
    .waitFor();
  assert.equal(await gen(page).locator('[data-testid=char-item]').count(), 0, 'no character was added');
  for (const [name, buffer] of sheets) {
    await gen(page).locator('[data-testid=char-name]').fill(name);
    await gen(page)
      .locator('[data-testid=char-image]')
      .setInputFiles({ name: `${name}.png`, mimeType: 'image/png', buffer });
    await gen(page).locator('[data-testid=char-add]').click();
    await gen(page).locator(`[data-testid=char-item][data-name="${name}"]`).waitFor({ timeout: 30_000 });
  }
  await gen(page).locator('[data-testid=story-text]').fill(STORY);
  let r = await runs(page);
  await board(page).locator('[data-testid=board-run]').click();
  await idle(page, r);
  await board(page).locator('[data-testid=board-panel][data-landed=yes]').nth(3).waitFor({ timeout: 60_000 });
  // says where the panels went (a trial found them among its artwork in Strip, unannounced)
  await page
    .locator('toon-notifier', { hasText: "The storyboard's 4 panels were added at the end of this project's strip" })
    .waitFor({ timeout: 30_000 });
  let s = await stored(page);
  const first = s;
  log(
    JSON.stringify(
      s.board.panels.map((p) => ({
        shot: p.layout.shot,
        bg: p.layout.background?.name,
        score: p.layout.background?.score,
        gen: !!p.layout.background?.generated,
        chars: p.layout.characters.map((c) => c.name),
        bubbles: p.layout.bubbles.map((b) => [b.kind, b.speaker, b.fontSize, b.overflow, b.lines]),
        cut: p.cutouts,
      })),
    ),
  );
  assert.equal(s.board.panels.length, 4, 'four panels');
  assert.deepEqual(
    s.panels.map((p) => p.width),
    [800, 800, 800, 800],
    '800 px wide in the strip',
  );
  assert.deepEqual(
    s.panels.map((p) => p.height),
    [600, 800, 800, 700],
    'heights by shot: wide, medium, medium, close',
  );
  assert.deepEqual(
    s.board.panels.map((p) => p.layout.characters.map((c) => c.name)),
    [['미나'], ['준', '미나'], ['미나', '준'], ['준']],
  );
  // Panels 2–4 use their library match. Panel 1's place (a spaceship) is not in the library: its
  // best hit is under MATCH_THRESHOLD 0.75 (chosen on validation stories:
  // test/model/storyboard-threshold.mjs), so with the fill on it gets a generated placeholder,
  // labelled as such, and the library's hits stay offered.
  assert.deepEqual(
    s.board.panels.map((p) => [p.layout.background?.name, !!p.layout.background?.generated]),
    [
      ['우주선에서 멀리 수평선을 바라본다', true], // a placeholder's name: its place, cut at a word, no full stop
      ['학교 school.png', false],
      ['카페 cafe.png', false],
      ['밤거리 night_city.png', false],
    ],
  );
  assert.ok(s.board.panels[0].hits.length > 0, 'the closest pictures are still offered');
  assert.ok(s.board.panels[0].hits[0].score < 0.75, `under the threshold (${s.board.panels[0].hits[0].score})`);
  assert.ok(
    s.board.panels.slice(1).every((p) => p.layout.background.score >= 0.75),
    'library matches at or over it',
  );
  assert.equal(
    await board(page).locator('[data-testid=board-panel][data-index="0"]').getAttribute('data-generated'),
    'yes',
    'the list labels panel 1 as a generated placeholder',
  );
  const speech = s.board.panels[1].layout.bubbles.find((b) => b.kind === 'speech');
  assert.equal(speech.speaker, '준');
  assert.equal(speech.lines.join('').replace(/\s/g, ''), '미나야,같이가자!', `bubble lettered: ${speech.lines}`);
  assert.equal(speech.overflow, false);
  assert.ok(
    s.board.panels.every((p) => p.layout.bubbles.every((b) => b.lines?.length && !b.overflow && b.fontSize >= 14)),
    'every bubble and caption lettered, none overflowing',
  );
  assert.deepEqual(
    s.board.panels[1].cutouts.map((c) => [c.name, c.method]),
    [
      ['준', 'flood'],
      ['미나', 'alpha'],
    ],
  );
  assert.ok(
    s.panels.slice(0, 3).every((p) => p.gapAfter > 0) && s.panels[3].gapAfter === 0,
    'gutters stored on the panels',
  );
  assert.equal(await board(page).locator('[data-testid=board-panel][data-generated=no]').count(), 3);

  // Edit panel 3: drag Mina (character 0) 100 panel px to the right, then "↑" for 준.
  await board(page).locator('[data-testid=board-edit]').nth(2).click();
  const canvas = board(page).locator('[data-testid=board-canvas]');
  await canvas.waitFor();
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  const mina = s.board.panels[2].layout.characters[0];
  const k = box.width / 800;
  const sx = box.x + (mina.box.x + mina.box.w / 2) * k;
  const sy = box.y + (mina.box.y + mina.box.h / 2) * k;
  r = await runs(page);
  await page.mouse.move(sx, sy);
  await page.mouse.down();
  await page.mouse.move(sx + 50 * k, sy, { steps: 4 });
  await page.mouse.move(sx + 100 * k, sy, { steps: 4 });
  await page.mouse.up();
  await idle(page, r);
  s = await stored(page);
  const moved = s.board.panels[2].layout.characters[0];
  assert.ok(Math.abs(moved.x - mina.x - 100) <= 3, `dragged 100 px right (${mina.x} → ${moved.x})`);
  assert.notEqual(s.panels[2].hash, first.panels[2].hash, 'panel 3 recomposed');
  assert.deepEqual(
    [0, 1, 3].map((i) => s.panels[i].hash),
    [0, 1, 3].map((i) => first.panels[i].hash),
    'other panels untouched',
  );
  await board(page).locator('[data-testid=board-char]').selectOption('1');
  r = await runs(page);
  await board(page).locator('[data-testid=board-up]').click();
  await idle(page, r);
  const s2 = await stored(page);
  assert.equal(
    s2.board.panels[2].layout.characters[1].y,
    s.board.panels[2].layout.characters[1].y - 40,
    '준 moved up 40 px',
  );
  // Undo the move with Ctrl+Z (focus on the page, not in a text field), then redo it with the
  // button: the stored layout follows each step and the strip's panel is recomposed.
  const yOf = (st) => st.board.panels[2].layout.characters[1].y;
  r = await runs(page);
  // the focus on the page itself, as a person who clicked an empty spot (a trial found Ctrl+Z dead there)
  await page.evaluate(() =>
    document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined,
  );
  await page.keyboard.press('Control+z');
  await idle(page, r);
  const sUndo = await stored(page);
  assert.equal(yOf(sUndo), yOf(s), 'Ctrl+Z put 준 back');
  assert.equal(await board(page).locator('[data-testid=board-redo]').isEnabled(), true, 'redo is offered');
  r = await runs(page);
  await board(page).locator('[data-testid=board-redo]').click();
  await idle(page, r);
  const sRedo = await stored(page);
  assert.equal(yOf(sRedo), yOf(s2), 'redo moved 준 up again');
  assert.equal(sRedo.order.length, 4, 'still four panels in the strip');
  log(`undo/redo: 준 y ${yOf(s2)} → ${yOf(sUndo)} → ${yOf(sRedo)}`);
  // Next background: panel 3 steps to its second library match; only it is recomposed.
  const hits3 = s2.board.panels[2].hits;
  assert.ok(hits3.length >= 2, 'panel 3 has more than one library match');
  r = await runs(page);
  await board(page).locator('[data-testid=board-next-bg]').click();
  await idle(page, r);
  const sBg = await stored(page);
  assert.equal(sBg.board.panels[2].layout.background.name, hits3[1].name, `next background (${hits3[1].name})`);
  assert.notEqual(sBg.panels[2].hash, s2.panels[2].hash, 'panel 3 recomposed with the new background');
  assert.equal(
    await board(page).locator('[data-testid=board-panel][data-index="2"]').getAttribute('data-bg'),
    hits3[1].name,
    'the list shows the new background',
  );
  // Edit the caption's text in place: lettered again, no overflow.
  const NEW_TEXT = '카페에서 미나와 준이 커피를 마신다.';
  await board(page).locator('[data-testid=board-bubble-text]').first().fill(NEW_TEXT);
  r = await runs(page);
  await board(page).locator('[data-testid=board-apply]').click();
  await idle(page, r);
  const sTx = await stored(page);
  const cap = sTx.board.panels[2].layout.bubbles[0];
  log(`caption edited: ${JSON.stringify(cap.lines)}`);
  assert.equal(cap.text, NEW_TEXT);
  assert.equal(cap.lines.join('').replace(/\s/g, ''), NEW_TEXT.replace(/\s/g, ''), 'the new text is what is lettered');
  assert.equal(cap.overflow, false);
  assert.notEqual(sTx.panels[2].hash, sBg.panels[2].hash, 'panel 3 recomposed with the new text');
  assert.deepEqual(
    [0, 1, 3].map((i) => sTx.panels[i].hash),
    [0, 1, 3].map((i) => first.panels[i].hash),
    'other panels still untouched',
  );
  await board(page)
    .locator('toon-board-editor')
    .screenshot({ path: `${OUT}/editor.png` });

  // Panel 2's bubble was planned as 준's; give it to 미나 in the editor: its tail and place follow her.
  await board(page).locator('[data-testid=board-edit]').nth(1).click();
  const speakerBox = board(page).locator('[data-testid=board-speaker]').first();
  assert.equal(await speakerBox.inputValue(), '준', 'the planned speaker is shown');
  r = await runs(page);
  await speakerBox.selectOption('미나');
  await idle(page, r);
  const sSp = await stored(page);
  const said = sSp.board.panels[1].layout.bubbles.find((b) => b.kind === 'speech');
  const minaAt = sSp.board.panels[1].layout.characters.find((c) => c.name === '미나');
  log(`bubble 2 now said by ${said.speaker}, centre x ${said.x + said.w / 2} (미나 at ${minaAt.x})`);
  assert.equal(said.speaker, '미나');
  assert.ok(Math.abs(said.x + said.w / 2 - minaAt.x) <= 16 + said.w / 2, 'the bubble moved over 미나');
  assert.notEqual(sSp.panels[1].hash, sTx.panels[1].hash, 'panel 2 recomposed');
  assert.equal(sSp.panels[0].hash, sTx.panels[0].hash, 'panel 1 untouched');
  await board(page)
    .locator('toon-board-editor')
    .screenshot({ path: `${OUT}/editor-speaker.png` });

  // Regenerate panel 2: only it changes (new record in the same place).
  s = sSp;
  r = await runs(page);
  await board(page).locator('[data-testid=board-regen]').nth(1).click();
  await idle(page, r);
  const s3 = await stored(page);
  assert.equal(s3.board.panels[1].take, 1);
  assert.notEqual(s3.order[1], s.order[1], 'panel 2 replaced');
  assert.deepEqual(
    [0, 2, 3].map((i) => s3.order[i]),
    [0, 2, 3].map((i) => s.order[i]),
    'the others kept',
  );
  await board(page)
    .locator('[data-testid=board-panels]')
    .screenshot({ path: `${OUT}/strip.png` });

  // Reorder with the keyboard: panel 4 up. The strip follows, pictures unchanged, gutters follow
  // the new order (the last panel has none), and focus stays on the moved panel's button.
  const upBtn = board(page).locator('[data-testid=board-panel][data-index="3"] [data-testid=board-move-up]');
  await upBtn.focus();
  r = await runs(page);
  await page.keyboard.press('Enter');
  await idle(page, r);
  const sMv = await stored(page);
  assert.deepEqual(
    sMv.order,
    [s3.order[0], s3.order[1], s3.order[3], s3.order[2]],
    'strip order follows the storyboard',
  );
  assert.deepEqual(
    sMv.board.panels.map((p) => p.panelId),
    sMv.order,
    'board and strip agree',
  );
  assert.deepEqual(
    sMv.board.panels.map((p) => p.plan.text),
    [0, 1, 3, 2].map((i) => s3.board.panels[i].plan.text),
  );
  assert.deepEqual(
    sMv.panels.map((p) => p.hash),
    [0, 1, 3, 2].map((i) => s3.panels[i].hash),
    'pictures unchanged',
  );
  assert.ok(
    sMv.panels.slice(0, 3).every((p) => p.gapAfter > 0) && sMv.panels[3].gapAfter === 0,
    `gutters for the new order: ${sMv.panels.map((p) => p.gapAfter)}`,
  );
  assert.deepEqual(
    sMv.panels.map((p) => p.gapAfter),
    sMv.board.panels.map((p) => p.gapAfter),
    'panel records carry the board gutters',
  );
  // The view moves the focus once the moved panel's pictures are loaded (after data-busy turns
  // 'no'): poll for it.
  const moveUp = board(page).locator('[data-testid=board-panel][data-index="2"] [data-testid=board-move-up]');
  let focused = false;
  for (const deadline = Date.now() + 30_000; !focused && Date.now() < deadline; ) {
    focused = await moveUp.evaluate((el) => el.getRootNode().activeElement === el);
    if (!focused) await page.waitForTimeout(100);
  }
  assert.ok(focused, 'focus followed the moved panel');
  await board(page)
    .locator('[data-testid=board-panels]')
    .screenshot({ path: `${OUT}/reordered.png` });
  log(
    `reordered: ${sMv.board.panels.map((p) => p.plan.text.slice(0, 8)).join(' | ')}; gutters ${sMv.panels.map((p) => p.gapAfter)}`,
  );

  // Draft again with one more sentence (at a place in the library): replaces, with Undo offered.
  const storyBox = gen(page).locator('[data-testid=story-text]');
  await storyBox.fill(`${STORY} 준이 숲에서 미나를 기다린다.`);
  r = await runs(page);
  await board(page).locator('[data-testid=board-run]').click();
  await idle(page, r);
  await page.locator('toon-notifier', { hasText: "replaced the previous one's 4 panels" }).waitFor({ timeout: 30_000 });
  const s4 = await stored(page);
  assert.equal(s4.order.length, 5, 'five panels in the strip');
  // The café panel was edited (caption text, next background) and its text and place are unchanged:
  // the re-draft keeps those edits, says so, and drafts the others afresh (panel 2's edits went with
  // its regeneration).
  await page.locator('toon-notifier', { hasText: '1 panel(s) you edited kept your edits' }).waitFor();
  const cafe = s4.board.panels[2];
  log(`re-draft kept: ${cafe.layout.bubbles[0].text} on ${cafe.layout.background?.name}`);
  assert.equal(cafe.layout.bubbles[0].text, NEW_TEXT, "the café panel's edited caption is kept");
  assert.equal(cafe.layout.background?.name, hits3[1].name, "the café panel's chosen background is kept");
  assert.equal(s4.board.panels[1].take, 0, 'panel 2 is drafted afresh');
  assert.ok(
    s4.order.every((id) => !s3.order.includes(id)),
    "the previous storyboard's panels are gone",
  );
  // The previous board's generated placeholder went with it (the board owns it); the new one is stored.
  assert.equal(placeholders(sMv).length, 1, 'the previous board had one generated placeholder');
  assert.equal(placeholders(s4).length, 1, 'the new board has one');
  assert.notEqual(placeholders(s4)[0], placeholders(sMv)[0]);
  assert.equal(await blobStored(page, placeholders(sMv)[0]), false, "the previous board's placeholder is deleted");
  assert.equal(await blobStored(page, placeholders(s4)[0]), true, "the new board's placeholder is stored");
  // Undo: the previous board, its panels and its placeholder come back; the new placeholder goes.
  // The rest of the test (PSD, slices, reload, offline) runs on the board the undo brought back.
  await page.locator('toon-notifier').getByRole('button', { name: 'Undo' }).click();
  await page
    .locator('toon-notifier', { hasText: 'The previous storyboard and its 4 panels are back' })
    .waitFor({ timeout: 30_000 });
  const sUn = await stored(page);
  assert.deepEqual(sUn.order, sMv.order, "the previous storyboard's panels are back, in their order");
  assert.deepEqual(
    sUn.board.panels.map((p) => p.panelId),
    sMv.board.panels.map((p) => p.panelId),
  );
  assert.equal(await blobStored(page, placeholders(sMv)[0]), true, "the previous board's placeholder is back");
  assert.equal(await blobStored(page, placeholders(s4)[0]), false, "the undone draft's placeholder is deleted");
  assert.equal(await storyBox.inputValue(), STORY, 'the story box shows the story of the board that is back');

  // PSD of the whole storyboard.
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    board(page).locator('[data-testid=board-psd-all]').click(),
  ]);
  const psd = readPsd(fs.readFileSync(await dl.path()), {
    skipLayerImageData: true,
    skipCompositeImageData: true,
    skipThumbnail: true,
  });
  const groups = psd.children.map((g) => g.name);
  assert.deepEqual(groups, ['Panel 1', 'Panel 2', 'Panel 3', 'Panel 4']);
  const p2 = psd.children[1].children.map((l) => l.name);
  log(`PSD ${psd.width}×${psd.height}; panel 2 layers: ${p2.join(' | ')}`);
  assert.equal(psd.width, 800);
  assert.ok(
    p2.includes('Background') &&
      p2.includes('준') &&
      p2.includes('미나') &&
      p2.some((n) => n.startsWith('Bubble 2 (준)')),
    'background, characters, bubble layers',
  );
  const textLayer = psd.children[1].children.find((l) => l.text);
  assert.ok(textLayer && textLayer.text.text.replace(/\s/g, '').length > 0, 'a real text layer');

  // In the Korean UI the PSD's groups and layers are named in Korean (a trial found them English).
  await page.locator('toon-app [data-testid=locale]').selectOption('ko');
  const [dlKo] = await Promise.all([
    page.waitForEvent('download'),
    board(page).locator('[data-testid=board-psd-all]').click(),
  ]);
  const psdKo = readPsd(fs.readFileSync(await dlKo.path()), {
    skipLayerImageData: true,
    skipCompositeImageData: true,
    skipThumbnail: true,
  });
  assert.deepEqual(
    psdKo.children.map((g) => g.name),
    ['1번 컷', '2번 컷', '3번 컷', '4번 컷'],
  );
  const p2Ko = psdKo.children[1].children.map((l) => l.name);
  log(`Korean PSD panel 2 layers: ${p2Ko.join(' | ')}`);
  assert.ok(
    p2Ko.includes('배경') &&
      p2Ko.includes('준') &&
      p2Ko.includes('말풍선 2 (준)') &&
      p2Ko.includes('말풍선 2 (준) 글자'),
    'Korean layer names',
  );
  await page.locator('toon-app [data-testid=locale]').selectOption('en');

  // Slices from the Strip view's export dialog.
  await nav(page, 'strip');
  await page.locator('[data-testid=export-zip]').click();
  await page.locator('[data-testid=export-dialog]').waitFor();
  await page.locator('[data-testid=export-preset]').selectOption('webtoon');
  const [zipDl] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('[data-testid=export-confirm]').click(),
  ]);
  const files = Object.keys(unzipSync(new Uint8Array(fs.readFileSync(await zipDl.path()))));
  log(`slices: ${files.join(', ')}`);
  assert.ok(files.length >= 3, `the 3,000-px strip is cut into ≤ 1280-px slices (${files.length})`);

  // Reload, then offline: everything is still there.
  for (const offline of [false, true]) {
    await context.setOffline(offline);
    await page.reload();
    await nav(page, 'generate');
    await board(page).locator('[data-testid=board-panel][data-landed=yes]').nth(3).waitFor({ timeout: 60_000 });
    const s5 = await stored(page);
    assert.deepEqual(s5.order, sUn.order, `panels kept after reload${offline ? ' offline' : ''}`);
    // …and the story box still holds the story that made them.
    const box = await gen(page).locator('[data-testid=story-text]').elementHandle();
    await page.waitForFunction(([el, want]) => el.value === want, [box, STORY], { timeout: 30_000 });
    assert.deepEqual(
      s5.board.panels.map((p) => p.panelId),
      sUn.board.panels.map((p) => p.panelId),
    );
  }
  await context.setOffline(false);
  await context.close();
}
