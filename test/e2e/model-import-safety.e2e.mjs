// Model imports cannot brick a feature (issue 18 items 4, 7, 8), driven through the UI:
// (a) the browser is closed abruptly while a CLIP folder import runs (its folder written aside,
//     the worker loading it): reopened in the same profile, References shows the shipped model,
//     IndexedDB holds no staged record and no blob of it; then a valid folder imports;
// (b) a CLIP folder whose text graph has a valid header but a body onnxruntime cannot parse
//     ("protobuf parsing failed") and one that is not ONNX at all fail with a message, and a
//     valid folder then imports in the same page (the failed session no longer poisons the worker);
// (c) a diffusion folder whose model_index.json says latent_size 50000 is refused with a message
//     in English and Korean, the previously imported folder stays active (also after a reload);
// the References "Use the shipped model" control is there while an imported model is active.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, root } from './harness.mjs';
import { variantFiles, writeFolder } from './clip-folders.mjs';
import { SPRITES, addSprites, modelShown, view } from './refs-helpers.mjs';
import { SMOKE_MODEL, gen, modelStatus } from './gen-helpers.mjs';

export const timeout = 900_000; // ~8 min measured on 2 shared cores: 9 model loads in 3 profiles

// --- protobuf writing, enough for ModelProto ---
function varint(v) {
  const out = [];
  let n = BigInt(v);
  do {
    let b = Number(n & 0x7fn);
    n >>= 7n;
    if (n > 0n) b |= 0x80;
    out.push(b);
  } while (n > 0n);
  return Buffer.from(out);
}
const field = (f, payload) => Buffer.concat([varint((f << 3) | 2), varint(payload.length), Buffer.from(payload)]);
const numField = (f, v) => Buffer.concat([varint(f << 3), varint(v)]);
const valueInfo = (name) => field(1, Buffer.from(name));

/** An ONNX file whose header reads fine (ir_version, opset, graph with input_ids → text_embeds) but whose node is garbage. */
function garbledBody() {
  const graph = Buffer.concat([
    field(1, Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x07])),
    field(2, Buffer.from('g')),
    field(11, valueInfo('input_ids')),
    field(12, valueInfo('text_embeds')),
  ]);
  return Buffer.concat([numField(1, 8), field(8, numField(2, 17)), field(7, graph)]);
}

/** `onnx` with a metadata_props entry (ModelProto field 14) of `mb` MB appended: valid, just big and slow to store and load. */
function padded(onnx, mb) {
  return Buffer.concat([
    onnx,
    field(14, Buffer.concat([field(1, Buffer.from('padding')), field(2, Buffer.alloc(mb << 20, 0x78))])),
  ]);
}

/** IndexedDB as a person's data: model records (with staging marks), blob ids, the active-model settings. */
function stored(page) {
  return page.evaluate(async () => {
    const db = await new Promise((res, rej) => {
      const r = indexedDB.open('toonsmith');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const all = (s, keys = false) =>
      new Promise((res) => {
        const st = db.transaction(s).objectStore(s);
        const r = keys ? st.getAllKeys() : st.getAll();
        r.onsuccess = () => res(r.result);
      });
    const [models, blobIds, settings] = [await all('models'), await all('blobs', true), await all('settings')];
    db.close();
    return {
      models: models.map((m) => ({
        id: m.id,
        kind: m.kind,
        name: m.name,
        staging: !!m.staging,
        blobs: Object.values(m.files),
      })),
      blobIds: blobIds.sort(),
      clip: settings.find((s) => s.key === 'clip.activeModel')?.value ?? null,
      diffusion: settings.find((s) => s.key === 'diffusion.activeModel')?.value ?? null,
    };
  });
}

async function alert(page, text) {
  const el = page.locator('toon-notifier [role=alert]', { hasText: text }).last();
  await el.waitFor({ timeout: 180_000 });
  return el.innerText();
}

async function openReferences(page) {
  await page.goto('/');
  await page.locator('a[data-route=references]').click();
  return modelShown(page, /Toon-CLIP|toon-clip|variant|\d+-d/);
}

export default async function (ctx) {
  const { assert, log, baseURL, fixturesDir } = ctx;
  const shotDir = path.join(root, 'test-results');
  fs.mkdirSync(shotDir, { recursive: true });
  const origin = new URL(baseURL).origin;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'toon-import-safety-'));

  // (a) Kill during an import, in a persistent profile (IndexedDB survives the restart).
  const profile = path.join(tmp, 'profile');
  const offOrigin = [];
  const launch = async () => {
    const c = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
      baseURL,
      locale: 'en-US',
    });
    c.on('request', (r) => {
      const u = r.url();
      if (!/^(data|blob|about|chrome-extension):/.test(u) && new URL(u).origin !== origin) offOrigin.push(u);
    });
    return c;
  };
  let persistent = await launch();
  let page = persistent.pages()[0] ?? (await persistent.newPage());
  assert.equal((await openReferences(page)).id, 'clip/toon-clip');
  await addSprites(page, fixturesDir);
  const before = await stored(page);
  assert.deepEqual(before.models, []);

  const base = variantFiles();
  const big = writeFolder('big-clip', {
    ...base,
    'onnx/vision_model.onnx': padded(base['onnx/vision_model.onnx'], 96),
  });
  await view(page).locator('[data-testid=refs-model-input]').setInputFiles(big);
  // The import is under way once its re-embedding task shows: the folder is written aside, the worker loads it.
  await page.locator('toon-progress .task', { hasText: 'Re-embedding the library' }).waitFor({ timeout: 180_000 });
  const during = await stored(page);
  log(
    'during the import:',
    JSON.stringify(during.models.map((m) => ({ name: m.name, staging: m.staging, blobs: m.blobs.length }))),
    'active',
    during.clip,
  );
  assert.equal(during.models.length, 1, 'the folder is written aside');
  assert.ok(during.models[0].staging, 'as a staged record');
  assert.notEqual(during.clip, during.models[0].id, 'not active while it is validated');
  await page.screenshot({ path: path.join(shotDir, 'model-import-safety-during.png') });
  await persistent.close(); // the browser goes away mid-import

  persistent = await launch();
  page = persistent.pages()[0] ?? (await persistent.newPage());
  const back = await openReferences(page);
  assert.equal(back.id, 'clip/toon-clip', 'the shipped model is active after reopening');
  assert.match(back.text, /Toon-CLIP/);
  await page.waitForFunction(
    async () => {
      const db = await new Promise((res) => {
        const r = indexedDB.open('toonsmith');
        r.onsuccess = () => res(r.result);
      });
      const n = await new Promise((res) => {
        const r = db.transaction('models').objectStore('models').count();
        r.onsuccess = () => res(r.result);
      });
      db.close();
      return n === 0;
    },
    null,
    { timeout: 60_000, polling: 250 },
  );
  const after = await stored(page);
  assert.deepEqual(after.models, [], 'no staged record left');
  assert.deepEqual(after.blobIds, before.blobIds, 'no blob of the killed import left (only the sprites)');
  assert.ok(after.clip === null || after.clip === 'clip/toon-clip');
  assert.equal(
    await view(page)
      .locator('[data-testid=refs-count]')
      .innerText()
      .then((s) => Number(s.replace(/\D+/g, ''))),
    SPRITES.length,
  );
  // A valid import works in the reopened profile, and the built-in control appears with it.
  const good = writeFolder('toon-clip-variant', base);
  await view(page).locator('[data-testid=refs-model-input]').setInputFiles(good);
  await page
    .locator('toon-notifier [role=status]', { hasText: 'Imported model "toon-clip-variant"' })
    .waitFor({ timeout: 180_000 });
  const imported = await modelShown(page, /toon-clip-variant/);
  const s1 = await stored(page);
  assert.deepEqual(
    s1.models.map((m) => [m.name, m.staging]),
    [['toon-clip-variant', false]],
  );
  assert.equal(s1.clip, imported.id);
  await view(page).locator('[data-testid=refs-use-shipped]').waitFor();
  await page.screenshot({ path: path.join(shotDir, 'model-import-safety-reopened.png') });
  await persistent.close();
  assert.deepEqual(offOrigin, [], 'no request left the origin');

  // (b) Failed CLIP imports, then a valid one, in one page.
  const context = await ctx.newContext({ locale: 'en-US' });
  page = await context.newPage();
  ctx.expectErrors(/protobuf parsing failed|Can't create a session|failed to load model|ERROR_CODE: 7/i);
  assert.equal((await openReferences(page)).id, 'clip/toon-clip');
  const garbled = writeFolder('garbled-clip', { ...base, 'onnx/text_model.onnx': garbledBody() });
  await view(page).locator('[data-testid=refs-model-input]').setInputFiles(garbled);
  log('garbled body:', await alert(page, 'a graph of the folder is damaged: the ONNX runtime cannot read it'));
  assert.equal((await modelShown(page, /Toon-CLIP/)).id, 'clip/toon-clip', 'still the shipped model');
  const notOnnx = writeFolder('not-onnx-clip', {
    ...base,
    'onnx/vision_model.onnx': Buffer.from('<html>not a model</html>'),
  });
  await view(page).locator('[data-testid=refs-model-input]').setInputFiles(notOnnx);
  log('not ONNX:', await alert(page, 'onnx/vision_model.onnx is not an ONNX model'));
  // A zip bomb (64 MiB of zeros in a 64 KiB zip) is refused from its directory, before anything
  // is unpacked (fflate's unzipSync used to inflate it whole in the store worker).
  const bomb = path.join(tmp, 'bomb-clip.zip');
  fs.writeFileSync(bomb, zipSync({ 'bomb-clip/onnx/text_model.onnx': new Uint8Array(64 * 2 ** 20) }));
  await view(page).locator('[data-testid=refs-model-zip]').setInputFiles(bomb);
  log('zip bomb:', await alert(page, 'bomb-clip.zip is larger than a model zip may be unpacked to'));
  assert.deepEqual((await stored(page)).models, [], 'nothing kept after the failures');
  await view(page).locator('[data-testid=refs-model-input]').setInputFiles(good);
  await page
    .locator('toon-notifier [role=status]', { hasText: 'Imported model "toon-clip-variant"' })
    .waitFor({ timeout: 180_000 });
  const ok = await modelShown(page, /toon-clip-variant/);
  assert.equal((await stored(page)).clip, ok.id, 'the valid folder imports after two failures');

  // (c) Diffusion: an absurd latent_size is refused; the folder imported before stays active.
  await page.locator('a[data-route=generate]').click();
  await gen(page).locator('[data-testid=generate-folder]').waitFor({ state: 'attached', timeout: 60_000 });
  await gen(page).locator('[data-testid=generate-folder]').setInputFiles(SMOKE_MODEL);
  await modelStatus(page).waitFor({ timeout: 180_000 });
  const d0 = await stored(page);
  const smoke = d0.models.find((m) => m.kind === 'diffusion');
  assert.equal(d0.diffusion, smoke.id);
  const huge = path.join(tmp, 'huge-latent');
  fs.cpSync(SMOKE_MODEL, huge, { recursive: true });
  const index = JSON.parse(fs.readFileSync(path.join(huge, 'model_index.json'), 'utf8'));
  index.toonsmith.latent_size = 50000;
  fs.writeFileSync(path.join(huge, 'model_index.json'), JSON.stringify(index));
  await gen(page).locator('[data-testid=generate-folder]').setInputFiles(huge);
  const en = await alert(page, 'the latent size is 50000');
  log('latent_size 50000:', en);
  assert.match(en, /model_index\.json toonsmith\.latent_size/);
  assert.match(en, /from 1 to 256/);
  assert.match(en, /Nothing was saved/);
  await modelStatus(page).waitFor();
  const d1 = await stored(page);
  assert.deepEqual(d1.models, d0.models, 'no record added or removed');
  assert.deepEqual(d1.blobIds, d0.blobIds, 'no blob added or removed');
  assert.equal(d1.diffusion, smoke.id, 'the previous model stays active');
  await page.screenshot({ path: path.join(shotDir, 'model-import-safety-latent.png') });
  await page.reload();
  await page.locator('a[data-route=generate]').click();
  await modelStatus(page).waitFor({ timeout: 180_000 });

  const ko = await (await ctx.newContext({ locale: 'ko-KR' })).newPage();
  await ko.goto('/');
  await ko.locator('a[data-route=generate]').click();
  await gen(ko).locator('[data-testid=generate-model]').waitFor({ timeout: 180_000 });
  await gen(ko).locator('[data-testid=generate-folder]').setInputFiles(huge);
  const kt = await alert(ko, '잠재 공간 크기 값이 50000입니다');
  log('ko:', kt);
  assert.match(kt, /1에서 256 사이여야 합니다/);
  assert.deepEqual((await stored(ko)).models, [], 'nothing stored in the Korean profile');
  fs.rmSync(tmp, { recursive: true, force: true });
  for (const d of [big, good, garbled, notOnnx]) fs.rmSync(path.dirname(d), { recursive: true, force: true });
}
