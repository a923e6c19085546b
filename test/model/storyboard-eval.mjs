#!/usr/bin/env node
/**
 * Storyboard evaluation on the fixed stories (test/fixtures/stories/{ko,en}.json, written before
 * tuning, 20 each), with the fixture character sheets and the 12-place fixture library, drafted
 * through the built app's UI (serve a build: TOON_DIST=<folder>). Two library conditions: the
 * references named by their place in Korean and English ("바닷가 beach.png": text + CLIP) and
 * named neutrally ("place-3.png": CLIP only). Per condition and language:
 *   characters  share of panels whose intended characters all appear in the layout record,
 *   place       share of panels whose background is the intended place (held-out labels; a
 *               generated placeholder counts as a miss),
 *   lettered    share of dialogue lines lettered in a bubble without overflow.
 * Diffusion fill is off (the place share measures the library match). Prints a table and writes
 * test-results/storyboard-eval.json, with each panel's stored library hits (`records`), from which
 * test/model/storyboard-tune.mjs chooses the text bonus on a validation half.
 * Run: npx vite build --outDir /tmp/dist-x && TOON_DIST=/tmp/dist-x node test/model/storyboard-eval.mjs [ko|en] [named|neutral]
 */
import fs from 'node:fs';
import path from 'node:path';
import { root, startPreview, launchBrowser, contextFactory } from '../e2e/harness.mjs';
import { addCharacters, addLibrary, draft, namedPlace, nav, PLACES } from '../e2e/board-helpers.mjs';

const args = process.argv.slice(2);
const langs = args.filter((a) => a === 'ko' || a === 'en');
const conds = args.filter((a) => a === 'named' || a === 'neutral');
const fixturesDir = path.join(root, 'test/fixtures');

async function evaluate(browser, baseURL, lang, cond) {
  const spec = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'stories', `${lang}.json`), 'utf8'));
  const { newContext } = contextFactory(browser, baseURL);
  const context = await newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto('/');
  await addLibrary(page, fixturesDir, (l) => (cond === 'named' ? namedPlace(l) : `place-${PLACES.indexOf(l) + 1}.png`));
  await nav(page, 'generate');
  await page.locator('toon-generate-view [data-testid=generate-model]').waitFor({ timeout: 180_000 });
  await addCharacters(page, fixturesDir, spec.cast);
  const nameOf = (bg) => {
    if (!bg || bg.generated) return '';
    if (cond === 'named') return bg.name.split(' ')[1].replace('.png', '');
    return PLACES[Number(bg.name.replace(/\D+/g, '')) - 1];
  };
  let panels = 0,
    chars = 0,
    place = 0,
    lines = 0,
    lettered = 0,
    misplanned = 0;
  const records = []; // per panel: intended place, planned place text, stored hits (for the offline bonus/threshold choice)
  for (const s of spec.stories) {
    const { board } = await draft(page, s.story, { fill: false });
    if (board.panels.length !== s.panels.length) misplanned++;
    s.panels.forEach((want, i) => {
      const got = board.panels[i];
      panels++;
      if (got && want.characters.every((c) => got.layout.characters.some((x) => x.name === c))) chars++;
      if (got && nameOf(got.layout.background) === want.place) place++;
      records.push({
        story: s.id,
        i,
        want: want.place,
        query: got?.plan.place ?? null,
        panelId: got?.panelId ?? null,
        hits: (got?.hits ?? []).map((h) => ({
          place: nameOf({ name: h.name }),
          name: h.name,
          score: h.score,
          clip: h.clip,
        })),
      });
    });
    for (const p of board.panels)
      for (const b of p.layout.bubbles.filter((x) => x.kind === 'speech')) {
        lines++;
        if (b.lines?.length && !b.overflow) lettered++;
      }
    const q = s.story.match(/["“”「」]/g)?.length ?? 0;
    lines += Math.max(
      0,
      q / 2 - board.panels.reduce((n, p) => n + p.layout.bubbles.filter((x) => x.kind === 'speech').length, 0),
    ); // quotes not made into bubbles count as not lettered
  }
  await context.close();
  const r = (x, n) => Math.round((x / Math.max(1, n)) * 1000) / 1000;
  return {
    lang,
    cond,
    stories: spec.stories.length,
    panels,
    characters: r(chars, panels),
    place: r(place, panels),
    lettered: r(lettered, lines),
    dialogueLines: lines,
    storiesWithOtherPanelCount: misplanned,
    records,
  };
}

const server = await startPreview();
const browser = await launchBrowser();
const out = [];
try {
  for (const lang of langs.length ? langs : ['ko', 'en']) {
    for (const cond of conds.length ? conds : ['named', 'neutral']) {
      const row = await evaluate(browser, server.baseURL, lang, cond);
      const { records: _r, ...summary } = row;
      console.log(JSON.stringify(summary));
      out.push(row);
    }
  }
} finally {
  await browser.close();
  server.stop();
}
fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
fs.writeFileSync(path.join(root, 'test-results/storyboard-eval.json'), JSON.stringify(out, null, 1));
console.table(out.map(({ records: _r, ...x }) => x));
