// Storyboard (콘티) on WASM: time to the first composed panel and to the whole four-panel draft,
// through the UI (click "Draft the storyboard" → first panel listed → all stored). Fixture
// library (12 places, neutral names) and two character sheets; the same four-sentence Korean
// story (a) with every place in the library, (b) with places the library lacks, so the diffusion
// model (shipped, 64 px) draws placeholder backgrounds. Warm = a second draft of the same story.
import { addCharacters, addLibrary, draft, nav, PLACES } from '../e2e/board-helpers.mjs';
import { gen } from '../e2e/gen-helpers.mjs';

const MATCHED =
  '미나가 바닷가에서 멀리 수평선을 바라본다. 준이 학교 앞에서 "미나야, 같이 가자!" 하고 외쳤다. 카페에서 미나와 준이 마주 앉았다. 밤거리에서 준의 얼굴에 눈물이 흐른다.';
const MISSING =
  '미나가 우주선 안에서 멀리 별을 바라본다. 준이 사막에서 "미나야, 같이 가자!" 하고 외쳤다. 수영장에서 미나와 준이 마주 앉았다. 동굴에서 준의 얼굴에 눈물이 흐른다.';

export default async function (ctx) {
  const context = await ctx.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto('/');
  await addLibrary(page, ctx.fixturesDir, (l) => `place-${PLACES.indexOf(l) + 1}.png`);
  await nav(page, 'generate');
  await gen(page).locator('[data-testid=generate-model][data-source=shipped]').waitFor({ timeout: 180_000 });
  await addCharacters(page, ctx.fixturesDir, ['미나', '준']);
  const rows = [];
  const cold = await draft(page, MATCHED, { fill: false });
  const warm = await draft(page, MATCHED, { fill: false });
  const fillCold = await draft(page, MISSING, { fill: true });
  const fillWarm = await draft(page, MISSING, { fill: true });
  const gen1 = fillWarm.board.panels.filter((p) => p.layout.background?.generated).length;
  ctx.log(`generated placeholders in the fill run: ${gen1} / 4`);
  rows.push(
    { name: 'first composed panel, library (first draft)', value: cold.first, unit: 'ms', baseline: true },
    {
      name: 'four-panel draft, library (first draft)',
      value: cold.total,
      unit: 'ms',
      baseline: 'four-panel draft, library (first draft)',
    },
    {
      name: 'first composed panel, library (warm)',
      value: warm.first,
      unit: 'ms',
      baseline: 'first composed panel, library (first draft)',
    },
    {
      name: 'four-panel draft, library (warm)',
      value: warm.total,
      unit: 'ms',
      baseline: 'four-panel draft, library (first draft)',
    },
    {
      name: 'first composed panel, diffusion fill (first)',
      value: fillCold.first,
      unit: 'ms',
      baseline: 'first composed panel, library (warm)',
    },
    {
      name: 'four-panel draft, diffusion fill (first)',
      value: fillCold.total,
      unit: 'ms',
      baseline: 'four-panel draft, library (warm)',
    },
    {
      name: 'first composed panel, diffusion fill (warm)',
      value: fillWarm.first,
      unit: 'ms',
      baseline: 'first composed panel, library (warm)',
    },
    {
      name: 'four-panel draft, diffusion fill (warm)',
      value: fillWarm.total,
      unit: 'ms',
      baseline: 'four-panel draft, library (warm)',
      note: `${gen1}/4 placeholders`,
    },
  );
  await context.close();
  return rows;
}
