// References, model import (issue 5): CLIP folders in the transformers.js layout, built here from
// the shipped Toon-CLIP files (clip-folders.mjs), imported through the UI.
// - Malformed: a dropped zip without onnx/vision_model.onnx, a zip with a broken config.json
//   → clear message, nothing stored, index unchanged.
// - Mismatched: config.json says 128-d (the stored index's size) but the text graph gives 64-d
//   vectors (Slice appended) → clear message, the model is not kept, index unchanged and searchable.
// - Valid: the shipped towers in their other precision (clip-folders.mjs variantFiles), imported as a folder → the UI shows it active,
//   the library is re-embedded with progress (every vector now tagged with its id, values changed),
//   search works; reload and offline reload keep it; switching back re-embeds with the shipped model.
//   The page never holds the model's bytes (issue 18): on import and on reload, no buffer the page
//   posts, receives or reads from IndexedDB is as large as the folder's smallest graph
//   (page-bytes.mjs) — the store worker stages the folder, the CLIP worker reads it by id.
// - Cancel during the import's load/re-embed → previous model and index kept, folder not kept.
// - A consistent 64-d model (config and both graphs) is accepted and re-embeds into 64-d vectors.
import fs from 'node:fs';
import path from 'node:path';
import { variantFiles, sliceOutput, writeFolder, zipFolder, SHIPPED_VECTORS_ID } from './clip-folders.mjs';
import { WATCH_PAGE_BYTES, pageBytes, resetPageBytes } from './page-bytes.mjs';
import {
  SPRITES,
  addSprites,
  alertText,
  cosine,
  count,
  modelShown,
  progressSeen,
  recordProgress,
  search,
  snapshot,
  vectorsByName,
  view,
} from './refs-helpers.mjs';

export const timeout = 600_000;

async function dropZip(page, name, buffer) {
  const dt = await page.evaluateHandle(
    ([n, b64]) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const d = new DataTransfer();
      d.items.add(new File([bytes], n, { type: 'application/zip' }));
      return d;
    },
    [name, buffer.toString('base64')],
  );
  await view(page).locator('[data-testid=refs-model-zone]').dispatchEvent('drop', { dataTransfer: dt });
}

export default async function (ctx) {
  const { assert, log, fixturesDir } = ctx;
  const context = await ctx.newContext({ locale: 'en-US' });
  await context.addInitScript(WATCH_PAGE_BYTES);
  const page = await context.newPage();
  await page.goto('/#/references');
  const shipped = await modelShown(page, /Toon-CLIP.*128-d/);
  assert.equal(shipped.id, 'clip/toon-clip');
  await addSprites(page, fixturesDir);
  const s0 = await snapshot(page);
  const h0 = await search(page, 'cat');
  assert.equal(h0.length, SPRITES.length);
  assert.ok(s0.refs.every((r) => r.modelId === SHIPPED_VECTORS_ID));

  const base = variantFiles();
  const unchanged = async (why) => {
    const s = await snapshot(page);
    assert.deepEqual(s.refs, s0.refs, `${why}: references unchanged`);
    assert.deepEqual(s.chunks, s0.chunks, `${why}: vectors unchanged`);
    assert.deepEqual(s.models, [], `${why}: no model kept`);
    assert.equal(s.activeModel ?? 'clip/toon-clip', 'clip/toon-clip', `${why}: shipped model still active`);
    assert.equal((await modelShown(page, /Toon-CLIP/)).id, 'clip/toon-clip');
    const h = await search(page, 'cat');
    assert.deepEqual(
      h.map((x) => x.name),
      h0.map((x) => x.name),
      `${why}: search still answers the same`,
    );
  };

  // 1. Malformed: dropped zip without the vision graph.
  const noVision = { ...base };
  delete noVision['onnx/vision_model.onnx'];
  await dropZip(page, 'no-vision.zip', zipFolder('no-vision', noVision));
  log(await alertText(page, 'missing onnx/vision_model.onnx'));
  await unchanged('missing vision_model.onnx');

  // 2. Malformed: broken config.json (zip input).
  await view(page)
    .locator('[data-testid=refs-model-zip]')
    .setInputFiles({
      name: 'broken-config.zip',
      mimeType: 'application/zip',
      buffer: zipFolder('broken-config', {
        ...base,
        'config.json': Buffer.from('{"model_type": "clip", "projection_dim": 12'),
      }),
    });
  log(await alertText(page, 'config.json is not valid JSON'));
  await unchanged('broken config.json');

  // 3. Mismatched: config.json says 128, the text graph gives 64-d vectors (folder input).
  const cfg = JSON.parse(base['config.json']);
  assert.equal(cfg.projection_dim, 128, 'the shipped config is 128-d (the stored index size)');
  const sliced = { ...base, 'onnx/text_model.onnx': sliceOutput(base['onnx/text_model.onnx'], 'text_embeds', 64) };
  const dirSliced = writeFolder('clip-64', sliced);
  await view(page).locator('[data-testid=refs-model-input]').setInputFiles(dirSliced);
  log(await alertText(page, 'the text model gives vectors of size 64, its config.json says 128'));
  await unchanged('64-d text graph');

  // 4. Valid folder, but the user cancels while it re-embeds → nothing changes. Five references
  // re-embed in about a second, so a pointer click could land after the task has ended (its row gone:
  // CI failed that way once). The Cancel button of the "Re-embedding the library" row is pressed
  // from the page as soon as the row is drawn, while the task is certainly running.
  const dir = writeFolder('toon-clip-variant', base);
  const pressed = page.evaluate(
    () =>
      new Promise((resolve) => {
        const root = document.querySelector('toon-app').shadowRoot.querySelector('toon-progress').shadowRoot;
        const press = () => {
          const row = [...root.querySelectorAll('.task')].find((r) =>
            r.querySelector('.label')?.textContent.startsWith('Re-embedding the library'),
          );
          if (!row) return false;
          row.querySelector('button').click();
          return true;
        };
        if (press()) return resolve(true);
        const mo = new MutationObserver(() => {
          if (press()) {
            mo.disconnect();
            resolve(true);
          }
        });
        mo.observe(root, { childList: true, subtree: true, characterData: true });
      }),
  );
  await view(page).locator('[data-testid=refs-model-input]').setInputFiles(dir);
  assert.equal(await pressed, true, 'Cancel pressed while re-embedding');
  await page.locator('toon-notifier [role=status]', { hasText: 'Cancelled' }).waitFor({ timeout: 60_000 });
  await page.locator('toon-progress .task').waitFor({ state: 'detached', timeout: 120_000 });
  await unchanged('cancelled import');

  // 5. Valid: the variant as a folder → active, library re-embedded with progress.
  await recordProgress(page);
  const smallestGraph = Math.min(
    ...Object.entries(base)
      .filter(([p]) => p.endsWith('.onnx'))
      .map(([, b]) => b.length),
  );
  await resetPageBytes(page);
  await view(page).locator('[data-testid=refs-model-input]').setInputFiles(dir);
  await page
    .locator('toon-notifier [role=status]', { hasText: 'Imported model "toon-clip-variant"' })
    .waitFor({ timeout: 180_000 });
  const imported = await modelShown(page, /toon-clip-variant.*128-d/);
  log(imported.text);
  const onImport = await pageBytes(page);
  log(`largest buffer on the page during the import: ${onImport.max} bytes (${onImport.where || 'none'})`);
  assert.ok(onImport.max < smallestGraph, `the page never held a model graph (${onImport.max} ≥ ${smallestGraph})`);
  const seen = await progressSeen(page);
  log('progress seen:', JSON.stringify(seen));
  assert.ok(
    seen.some((s) => s.startsWith('Re-embedding the library')),
    're-embedding shown in the progress area',
  );
  assert.ok(
    seen.some((s) => s.startsWith(`Re-embedding the library | ${SPRITES.length} / ${SPRITES.length}`)),
    'embedding progress counted',
  );
  const s1 = await snapshot(page);
  assert.ok(imported.id && imported.id !== 'clip/toon-clip');
  assert.equal(s1.activeModel, imported.id);
  assert.deepEqual(
    s1.models.map((m) => m.name),
    ['toon-clip-variant'],
  );
  assert.deepEqual(s1.models[0].files, Object.keys(base).sort(), 'every file of the folder is kept');
  assert.equal(s1.refs.length, SPRITES.length);
  assert.ok(
    s1.refs.every((r) => r.modelId === imported.id),
    'references tagged with the new model',
  );
  assert.ok(
    s1.chunks.length > 0 && s1.chunks.every((c) => c.modelId === imported.id),
    "only the new model's vectors remain",
  );
  const v0 = vectorsByName(s0);
  const v1 = vectorsByName(s1);
  const cos = SPRITES.map(([f]) => cosine(v0[f], v1[f]));
  log('variant vs shipped stored vectors, cosine:', cos.map((c) => c.toFixed(4)).join(' '));
  assert.ok(
    SPRITES.some(([f]) => v0[f].some((x, i) => x !== v1[f][i])),
    'vectors were recomputed (variant ≠ shipped)',
  );
  assert.ok(Math.min(...cos) > 0.9, 'the variant embeds like the shipped model');
  const h1 = await search(page, 'cat');
  log('cat (variant):', h1.map((h) => `${h.name} ${h.score}`).join(', '));
  assert.equal(h1.length, SPRITES.length);

  // 6. Reload: still the imported model, same answers; the page read none of its bytes.
  await page.reload();
  assert.equal((await modelShown(page, /toon-clip-variant/)).id, imported.id);
  const onReopen = await pageBytes(page);
  log(`largest buffer on the page while reopening: ${onReopen.max} bytes (${onReopen.where || 'none'})`);
  assert.ok(onReopen.max < smallestGraph, `reopening never brought a model graph to the page (${onReopen.max})`);
  assert.equal(await count(page), SPRITES.length);
  assert.deepEqual(
    (await search(page, 'cat')).map((h) => h.name),
    h1.map((h) => h.name),
    'same ranking after reload',
  );

  // 7. Offline reload (service worker controls the page): the imported model comes from IndexedDB.
  await page.evaluate(() => navigator.serviceWorker.ready);
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) {
    await page.reload();
    await modelShown(page, /toon-clip-variant/);
  }
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
  await context.setOffline(true);
  await page.reload();
  assert.equal((await modelShown(page, /toon-clip-variant/)).id, imported.id, 'imported model active offline');
  assert.deepEqual(
    (await search(page, 'cat')).map((h) => h.name),
    h1.map((h) => h.name),
    'search works offline',
  );
  await context.setOffline(false);

  // 8. Back to the shipped model: re-embedded again, vectors ≈ the first ones.
  await view(page).getByRole('button', { name: 'Use the shipped model' }).click();
  await page.waitForFunction(
    () => {
      const v = document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-references-view');
      return v?.shadowRoot?.querySelector('[data-testid=refs-model]')?.dataset.modelId === 'clip/toon-clip';
    },
    null,
    { timeout: 180_000 },
  );
  const s2 = await snapshot(page);
  assert.ok(s2.refs.every((r) => r.modelId === SHIPPED_VECTORS_ID));
  assert.ok(s2.chunks.every((c) => c.modelId === SHIPPED_VECTORS_ID));
  const v2 = vectorsByName(s2);
  const back = SPRITES.map(([f]) => cosine(v0[f], v2[f]));
  assert.ok(Math.min(...back) > 0.9999, `shipped model's vectors again (${back.map((c) => c.toFixed(6))})`);
  assert.deepEqual(
    s2.models.map((m) => m.name),
    ['toon-clip-variant'],
    'the imported model stays available',
  );
  assert.equal((await search(page, 'cat')).length, SPRITES.length);

  // 9. A consistent model of another size (config 64, both graphs 64-d) is a different model, not a
  // mismatch: it is accepted and the library is re-embedded into 64-d vectors.
  const small = {
    ...base,
    'config.json': Buffer.from(JSON.stringify({ ...cfg, projection_dim: 64 })),
    'onnx/text_model.onnx': sliceOutput(base['onnx/text_model.onnx'], 'text_embeds', 64),
    'onnx/vision_model.onnx': sliceOutput(base['onnx/vision_model.onnx'], 'image_embeds', 64),
  };
  const dir64 = writeFolder('clip-64-consistent', small);
  await view(page).locator('[data-testid=refs-model-input]').setInputFiles(dir64);
  const m64 = await modelShown(page, /clip-64-consistent.*64-d/);
  const s3 = await snapshot(page);
  assert.ok(s3.refs.every((r) => r.modelId === m64.id) && s3.chunks.every((c) => c.modelId === m64.id && c.dim === 64));
  assert.equal((await search(page, '고양이')).length, SPRITES.length);
  log(`64-d model: ${m64.text}; ${s3.chunks.length} chunk(s) of 64-d vectors`);
  fs.rmSync(path.dirname(dir), { recursive: true, force: true });

  // 10. The same messages in Korean.
  const ko = await (await ctx.newContext({ locale: 'ko-KR' })).newPage();
  await ko.goto('/#/references');
  await modelShown(ko, /Toon-CLIP/);
  await dropZip(ko, 'no-vision.zip', zipFolder('no-vision', noVision));
  log(await alertText(ko, '쓸 수 있는 CLIP 폴더가 아닙니다: onnx/vision_model.onnx 파일이 없습니다'));
  await view(ko).locator('[data-testid=refs-model-input]').setInputFiles(dirSliced);
  log(await alertText(ko, '텍스트 모델의 벡터 크기는 64인데 config.json에는 128로 되어 있습니다'));
  for (const d of [dirSliced, dir64]) fs.rmSync(path.dirname(d), { recursive: true, force: true });
}
