// Shared by the storyboard e2e, bench and evaluation (not a test itself): fixture library in
// References, character sheets in Generate, drafting a storyboard through the UI, reading the
// stored board.
import fs from 'node:fs';
import path from 'node:path';
import { gen } from './gen-helpers.mjs';
import { modelShown } from './refs-helpers.mjs';

export const PLACES = [
  'beach',
  'school',
  'cafe',
  'night_city',
  'forest',
  'house',
  'mountain',
  'rain',
  'hospital',
  'station',
  'sunset',
  'park',
];
/** Each place's Korean word: the named library condition calls a reference "바닷가 beach.png". */
export const PLACE_KO = {
  beach: '바닷가',
  school: '학교',
  cafe: '카페',
  night_city: '밤거리',
  forest: '숲',
  house: '집',
  mountain: '산',
  rain: '비',
  hospital: '병원',
  station: '기차역',
  sunset: '노을',
  park: '공원',
};
/** The reference file name of a place in the named condition. */
export const namedPlace = (l) => `${PLACE_KO[l]} ${l}.png`;
export const nav = (page, id) => page.locator(`toon-app nav a[data-route=${id}]`).click();
export const board = (page) => gen(page).locator('toon-storyboard');

/** Adds the 12 fixture places; `name(label)` gives each reference's file name. */
export async function addLibrary(page, fixturesDir, name = (l) => `${l}.png`) {
  await nav(page, 'references');
  await modelShown(page, /Toon-CLIP/);
  const dir = path.join(fixturesDir, 'storyboard', 'library');
  await page.locator('toon-references-view [data-testid=refs-file-input]').setInputFiles(
    PLACES.map((l) => ({
      name: name(l),
      mimeType: 'image/png',
      buffer: fs.readFileSync(path.join(dir, `${l}.png`)),
    })),
  );
  await page.waitForFunction(
    (n) => {
      const v = document
        .querySelector('toon-app')
        ?.shadowRoot?.querySelector('toon-references-view')
        ?.shadowRoot?.querySelector('[data-testid=refs-count]');
      return v && Number(v.textContent.replace(/\D+/g, '')) === n;
    },
    PLACES.length,
    { timeout: 180_000 },
  );
}

export async function addCharacters(page, fixturesDir, [a, b]) {
  const sheets = [
    [a, path.join(fixturesDir, 'dataset/sprites/1F431.png')],
    [b, path.join(fixturesDir, 'storyboard/joon-white.png')],
  ];
  for (const [name, file] of sheets) {
    await gen(page).locator('[data-testid=char-name]').fill(name);
    await gen(page)
      .locator('[data-testid=char-image]')
      .setInputFiles({ name: `${name}.png`, mimeType: 'image/png', buffer: fs.readFileSync(file) });
    await gen(page).locator('[data-testid=char-add]').click();
    await gen(page).locator(`[data-testid=char-item][data-name="${name}"]`).waitFor({ timeout: 30_000 });
  }
}

export const runs = async (page) =>
  Number(await board(page).locator('[data-testid=board-state]').getAttribute('data-run'));

export async function idle(page, run, timeout = 300_000) {
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
    { timeout },
  );
}

/** The current project's storyboard record. */
export function storedBoard(page) {
  return page.evaluate(async () => {
    const db = await new Promise((res, rej) => {
      const r = indexedDB.open('toonsmith');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const req = (r) =>
      new Promise((res, rej) => ((r.onsuccess = () => res(r.result)), (r.onerror = () => rej(r.error))));
    const tx = db.transaction(['settings', 'storyboards']);
    const cur = (await req(tx.objectStore('settings').get('currentProjectId'))).value;
    const rec = await req(tx.objectStore('storyboards').get(cur));
    db.close();
    if (!rec) return null;
    const { projectId: _key, ...b } = rec;
    return b;
  });
}

/** Drafts `story` through the UI; returns the stored board and the time to the first landed panel and to the end (ms). */
export async function draft(page, story, { fill = true } = {}) {
  await gen(page).locator('[data-testid=story-text]').fill(story);
  const box = board(page).locator('[data-testid=board-fill]');
  if (!(await box.isDisabled()) && (await box.isChecked()) !== fill) await box.click();
  const r = await runs(page);
  // The previous board's panels stay listed until the new draft starts: "first" is the first panel of THIS draft.
  const before = (
    await board(page)
      .locator('[data-testid=board-panel]')
      .evaluateAll((els) => els.map((e) => e.dataset.panelId))
  ).filter(Boolean);
  const t0 = Date.now();
  await board(page).locator('[data-testid=board-run]').click();
  await page.waitForFunction(
    (old) => {
      const sb = document
        .querySelector('toon-app')
        ?.shadowRoot?.querySelector('toon-generate-view')
        ?.shadowRoot?.querySelector('toon-story-mode')
        ?.shadowRoot?.querySelector('toon-storyboard')?.shadowRoot;
      return [...(sb?.querySelectorAll('[data-testid=board-panel][data-landed=yes]') ?? [])].some(
        (e) => e.dataset.panelId && !old.includes(e.dataset.panelId),
      );
    },
    before,
    { timeout: 300_000 },
  );
  const first = Date.now() - t0;
  await idle(page, r);
  return { board: await storedBoard(page), first, total: Date.now() - t0 };
}

/**
 * The fixed-stories evaluations' page (storyboard-vs-64.mjs, storyboard-harmonize.mjs): the library
 * named by place, Generate opened (then `ready`, e.g. a wait for the model), both casts on the sheet
 * (미나/준 and Mina/Joon, same two sheets: each language's stories name their own cast). Returns the
 * fixed stories (test/fixtures/stories/{ko,en}.json) by language.
 */
export async function openFixedStories(page, fixturesDir, ready = async () => {}) {
  await page.goto('/');
  await addLibrary(page, fixturesDir, namedPlace);
  await nav(page, 'generate');
  await ready();
  const specs = Object.fromEntries(
    ['ko', 'en'].map((lang) => [
      lang,
      JSON.parse(fs.readFileSync(path.join(fixturesDir, 'stories', `${lang}.json`), 'utf8')),
    ]),
  );
  await addCharacters(page, fixturesDir, specs.ko.cast);
  await addCharacters(page, fixturesDir, specs.en.cast);
  return specs;
}
