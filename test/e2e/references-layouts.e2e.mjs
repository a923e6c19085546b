// References, model import of the public CLIP-family layouts (issue 14), driven through the UI with
// the tiny randomly initialised folders of test/fixtures/clip-layouts (models/clip/tiny_public_layouts.py):
// - a folder of another family (model_type "blip", same file names) → a ko/en reason, nothing stored
//   changes (references, vectors, models, active model), search answers as before;
// - a mismatched embedding size: a Jina CLIP folder whose config.json says 24 while both graphs give
//   16-d vectors → the reason, nothing stored changes;
// - the SigLIP-shaped folder (model_type "siglip", sizes from text_config/vision_config, Unigram
//   tokenizer padded to 64, input_ids-only text graph, pooler_output) → active, the library is
//   re-embedded into 16-d vectors, a search shows every reference.
import fs from 'node:fs';
import path from 'node:path';
import { layoutFiles, writeFolder } from './clip-folders.mjs';
import { SPRITES, alertText, libraryWithSprites, modelShown, search, snapshot, view } from './refs-helpers.mjs';

export const timeout = 480_000;

export default async function (ctx) {
  const { assert, log, fixturesDir } = ctx;
  fs.mkdirSync('test-results/refs', { recursive: true });
  const blip = writeFolder('tiny-blip', layoutFiles('refuse-blip'));
  const siglip = writeFolder('tiny-siglip', layoutFiles('siglip'));
  const jina = layoutFiles('jina_clip');
  const cfg = JSON.parse(jina['config.json']);
  const jinaWide = writeFolder('tiny-jina-24', {
    ...jina,
    'config.json': Buffer.from(
      JSON.stringify({
        ...cfg,
        projection_dim: 24,
        text_config: { ...cfg.text_config, embed_dim: 24 },
        vision_config: { ...cfg.vision_config, embed_dim: 24 },
      }),
    ),
  });

  const context = await ctx.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await libraryWithSprites(page, fixturesDir);
  const s0 = await snapshot(page);
  const h0 = await search(page, 'cat');
  assert.equal(h0.length, SPRITES.length);
  const unchanged = async (p, why) => {
    const s = await snapshot(p);
    assert.deepEqual(s.refs, s0.refs, `${why}: references unchanged`);
    assert.deepEqual(s.chunks, s0.chunks, `${why}: vectors unchanged`);
    assert.deepEqual(s.models, [], `${why}: no model kept`);
    assert.equal(s.activeModel ?? 'clip/toon-clip', 'clip/toon-clip', `${why}: shipped model still active`);
    assert.equal((await modelShown(p, /Toon-CLIP/)).id, 'clip/toon-clip');
    assert.deepEqual(
      (await search(p, 'cat')).map((x) => x.name),
      h0.map((x) => x.name),
      `${why}: search answers as before`,
    );
  };
  const input = (p) => view(p).locator('[data-testid=refs-model-input]');

  // 1. Another family: refused with the reason.
  await input(page).setInputFiles(blip);
  const en = await alertText(page, 'model_type is "blip"');
  log('blip (en):', en);
  assert.match(en, /only CLIP \("clip"\), SigLIP \("siglip"\) and Jina CLIP \("jina_clip"\) folders can be imported/);
  await page.screenshot({ path: 'test-results/refs/layouts-refused-en.png' });
  await unchanged(page, 'blip folder');

  // 2. Mismatched embedding size: config.json 24, graphs 16.
  await input(page).setInputFiles(jinaWide);
  const wide = await alertText(page, "onnx/text_model.onnx gives vectors of another size ('text_embeds')");
  log('jina 24 vs 16 (en):', wide);
  await unchanged(page, 'jina folder with a 24-d config and 16-d graphs');

  // 3. The SigLIP-shaped folder: accepted, the library re-embedded into its 16-d vectors, search works.
  await input(page).setInputFiles(siglip);
  await page
    .locator('toon-notifier [role=status]', { hasText: 'Imported model "tiny-siglip"' })
    .waitFor({ timeout: 180_000 });
  const m = await modelShown(page, /tiny-siglip.*16-d/);
  log('siglip:', m.text);
  const s1 = await snapshot(page);
  assert.equal(s1.activeModel, m.id);
  assert.deepEqual(
    s1.models.map((x) => [x.name, x.files]),
    [['tiny-siglip', Object.keys(layoutFiles('siglip')).sort()]],
  );
  assert.ok(s1.refs.length === SPRITES.length && s1.refs.every((r) => r.modelId === m.id), 'references re-embedded');
  assert.ok(s1.chunks.length > 0 && s1.chunks.every((c) => c.modelId === m.id && c.dim === 16), '16-d vectors');
  const h1 = await search(page, 'a photo of the cat');
  log('siglip search:', h1.map((h) => `${h.name} ${h.score}`).join(', '));
  assert.equal(h1.length, SPRITES.length, 'the search shows every reference');
  assert.ok(h1.every((h) => Number.isFinite(h.score)));
  await view(page).locator('[data-testid=refs-results]').waitFor();
  await page.screenshot({ path: 'test-results/refs/layouts-siglip-en.png' });

  // 4. Korean: the same refusal reads in Korean, the stored (shipped) model unchanged.
  const ko = await (await ctx.newContext({ locale: 'ko-KR' })).newPage();
  await ko.goto('/#/references');
  await modelShown(ko, /Toon-CLIP/);
  await input(ko).setInputFiles(blip);
  const koMsg = await alertText(ko, 'config.json의 model_type이 "blip"입니다');
  log('blip (ko):', koMsg);
  assert.match(koMsg, /쓸 수 있는 CLIP 폴더가 아닙니다/);
  await ko.screenshot({ path: 'test-results/refs/layouts-refused-ko.png' });
  const sk = await snapshot(ko);
  assert.deepEqual(sk.models, []);
  assert.equal(sk.activeModel ?? 'clip/toon-clip', 'clip/toon-clip');
  for (const d of [blip, siglip, jinaWide]) fs.rmSync(path.dirname(d), { recursive: true, force: true });
}
