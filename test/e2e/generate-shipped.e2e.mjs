// Generate view with the SHIPPED model (models/diffusion/toon-diffusion, a weak first model) and no
// folder imported:
// - the view loads it by default from /models/diffusion/toon-diffusion/ (fp16 UNet + decoder, the
//   image prompt's image_proj, no request for a file the folder lacks; the text encoder and
//   tokenizer.json from Toon-CLIP's folder, which they are linked to) and names it, with the "weak first model" caveat;
// - an English and a Korean treatment (8 steps, guidance 3, fixed seeds) → step progress → a panel
//   that is neither blank nor noise: pixel variance above VAR_MIN and neighbouring pixels
//   correlated (lag-1 autocorrelation above CORR_MIN; white noise is ≈ 0);
// - CLIP-score (100 · max(cos, 0), as models/diffusion/eval.py) with the app's own shipped Toon-CLIP
//   (its built CLIP worker, WASM fp32, driven as clip-webgpu.e2e.mjs does) of each panel vs its
//   treatment is above that of the unconditional sample of the same seed. The UI refuses an empty
//   treatment, so the unconditional sample comes from the app's built diffusion worker driven
//   directly (test/e2e/generate-shipped.entry.ts) with guidance 0 and the empty negative prompt:
//   out = u + 0·(c − u) = the UNet's unconditional branch only. The same driver, at guidance 3,
//   must reproduce the UI's panel (≤ 1/255: it is the same worker on the same folder);
// - "Add to the strip" → the panel persists after a reload, and the shipped model is active again;
// - offline (context.setOffline(true) + reload, service worker in control): the model loads from
//   the precache and the same treatment and seed give the same pixels; the panel is still there;
// - importing a folder (the smoke model) makes it active; "Model" switches back to the shipped one,
//   which stays chosen after a reload (same pixels), and to the imported one again;
// - in Korean, the status names the built-in model and its caveat.
import fs from 'node:fs';
import { buildDriver, workerAsset } from './page-driver.mjs';
import { SMOKE_MODEL, gen, maxRgbDiff as maxDiff, panelHashes, setNumber } from './gen-helpers.mjs';
import { cosine } from './refs-helpers.mjs';

export const timeout = 600_000;

const SHIPPED = '/models/diffusion/toon-diffusion/';
const STEPS = 8;
const GUIDANCE = 3;
const CASES = [
  { lang: 'en', prompt: 'A cat and a dog on the beach at night', seed: 2024 },
  { lang: 'ko', prompt: '밤에 바닷가에 있는 고양이와 개', seed: 2025 },
];
// Thresholds (0..255 pixel units): a blank panel has variance 0, the shipped model's panels ≫ 100.
const VAR_MIN = 100;
// White noise has lag-1 autocorrelation ≈ 0; smooth panels are close to 1.
const CORR_MIN = 0.5;

function stats(rgba, w, h) {
  let sum = 0;
  let sum2 = 0;
  const n = w * h * 3;
  for (let i = 0; i < w * h; i++)
    for (let c = 0; c < 3; c++) {
      const v = rgba[i * 4 + c];
      sum += v;
      sum2 += v * v;
    }
  const mean = sum / n;
  const variance = sum2 / n - mean * mean;
  // lag-1 autocorrelation over horizontal and vertical neighbours, all channels
  let cov = 0;
  let k = 0;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < 3; c++) {
        const a = rgba[(y * w + x) * 4 + c] - mean;
        if (x + 1 < w) {
          cov += a * (rgba[(y * w + x + 1) * 4 + c] - mean);
          k++;
        }
        if (y + 1 < h) {
          cov += a * (rgba[((y + 1) * w + x) * 4 + c] - mean);
          k++;
        }
      }
  return { mean, variance, corr: variance > 0 ? cov / k / variance : 0 };
}

const clipScore = (t, i) => 100 * Math.max(cosine(t, i), 0);

/** Runs one treatment in the UI; returns the canvas pixels + PNG bytes and the step values shown. */
async function generateInUi(page, c) {
  await gen(page).locator('[data-testid=generate-prompt]').fill(c.prompt);
  await setNumber(gen(page).locator('#seed'), c.seed);
  // The result canvas exists only after a first run: read it only when there (a locator on a
  // missing element would wait for the default timeout).
  const result = gen(page).locator('[data-testid=generate-result]');
  const before = (await result.count()) ? await result.getAttribute('data-seed') : null;
  // Record every step the view shows while it runs (a run of 8 steps takes well under a second).
  await page.evaluate(() => {
    const el = document
      .querySelector('toon-app')
      .shadowRoot.querySelector('toon-generate-view')
      .shadowRoot.querySelector('[data-testid=generate-step]');
    window.__e2eSteps = [];
    window.__e2eStepObserver?.disconnect();
    window.__e2eStepObserver = new MutationObserver(() => window.__e2eSteps.push(Number(el.dataset.step)));
    window.__e2eStepObserver.observe(el, { attributes: true, attributeFilter: ['data-step'] });
  });
  const t0 = Date.now();
  await gen(page).locator('[data-testid=generate-run]').click();
  await page.waitForFunction(
    (prev) => {
      const cv = document
        .querySelector('toon-app')
        ?.shadowRoot?.querySelector('toon-generate-view')
        ?.shadowRoot?.querySelector('[data-testid=generate-result]');
      return cv?.dataset.seed && cv.dataset.seed !== prev;
    },
    before,
    { timeout: 180_000 },
  );
  const wallMs = Date.now() - t0;
  const steps = await page.evaluate(() => [...new Set(window.__e2eSteps.filter((s) => s > 0))]);
  const out = await gen(page)
    .locator('[data-testid=generate-result]')
    .evaluate(async (cv) => {
      const d = cv.getContext('2d').getImageData(0, 0, cv.width, cv.height);
      const png = new Uint8Array(await (await new Promise((res) => cv.toBlob(res, 'image/png'))).arrayBuffer());
      return { w: d.width, h: d.height, rgba: Array.from(d.data), png: Array.from(png), backend: cv.dataset.backend };
    });
  const done = await gen(page).locator('[data-testid=generate-done]').innerText();
  return { ...out, steps, wallMs, done };
}

async function shippedStatus(page, log) {
  const status = gen(page).locator('[data-testid=generate-model][data-source=shipped]');
  await status.waitFor({ timeout: 180_000 });
  const text = await status.innerText();
  log?.(`status: ${text} (load ${await status.getAttribute('data-load-ms')} ms)`);
  return { status, text };
}

export default async function (ctx) {
  const { assert, log, distDir } = ctx;
  const diffusionWorker = workerAsset(distDir, 'diffusion');
  const clipWorker = workerAsset(distDir, 'clip');
  assert.ok(diffusionWorker && clipWorker, 'the build has the diffusion and CLIP workers');
  const out = await buildDriver(distDir, 'generate-shipped.entry.ts', '__e2e_gen_shipped', 'driver.js');
  try {
    const context = await ctx.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto('/#/generate');

    // 1. The shipped model is the default, named, with its caveat; only files it has are fetched.
    const { text } = await shippedStatus(page, log);
    assert.match(
      text,
      /Built-in model "Toon-Diffusion" \(toon-diffusion, a weak first model\) ready: 64×64 px, wasm\./,
    );
    assert.match(
      await gen(page).locator('[data-testid=generate-model-caveat]').innerText(),
      /weak first model.*coloured blobs/s,
    );
    assert.equal(await gen(page).locator('[data-testid=generate-model-choice]').inputValue(), 'shipped');
    const fetched = ctx.requests.map((r) => new URL(r.url).pathname).filter((p) => p.startsWith(SHIPPED));
    log(`fetched from ${SHIPPED}: ${[...new Set(fetched.map((p) => p.slice(SHIPPED.length)))].sort().join(', ')}`);
    for (const f of [
      'model_index.json',
      'unet/model_fp16.onnx',
      'vae_decoder/model_fp16.onnx',
      'vae_encoder/model.onnx',
      'image_proj/model.onnx',
      'tokenizer/tokenizer_config.json',
    ])
      assert.ok(fetched.includes(SHIPPED + f), `loaded ${f}`);
    for (const f of [
      'unet/model.onnx',
      'vae_decoder/model.onnx',
      'unet/model_int8.onnx',
      'text_encoder/model.onnx',
      'tokenizer/tokenizer.json',
    ])
      assert.ok(!fetched.includes(SHIPPED + f), `no request for the unshipped ${f}`);
    // The text encoder is Toon-CLIP's text tower and the tokenizer Toon-CLIP's tokenizer.json, linked
    // (model_index.json toonsmith.linked), not copies.
    assert.ok(
      ctx.requests.some((r) => new URL(r.url).pathname === '/models/clip/toon-clip/onnx/text_model.onnx'),
      "loaded Toon-CLIP's text tower as the text encoder",
    );
    assert.ok(
      ctx.requests.some((r) => new URL(r.url).pathname === '/models/clip/toon-clip/tokenizer.json'),
      "loaded Toon-CLIP's tokenizer.json as the tokenizer",
    );

    // 2. English and Korean treatments through the UI.
    await gen(page).locator('[data-testid=init-none]').check();
    await setNumber(gen(page).locator('#steps'), STEPS);
    await setNumber(gen(page).locator('#guidance'), GUIDANCE);
    const ui = [];
    for (const c of CASES) {
      const r = await generateInUi(page, c);
      const s = stats(r.rgba, r.w, r.h);
      log(`${c.lang} "${c.prompt}" seed ${c.seed}: ${r.wallMs} ms wall, steps shown ${r.steps.join(',')}; ${r.done}`);
      log(
        `${c.lang}: ${r.w}×${r.h}, mean ${s.mean.toFixed(1)}, variance ${s.variance.toFixed(1)} (> ${VAR_MIN}), lag-1 autocorrelation ${s.corr.toFixed(3)} (> ${CORR_MIN})`,
      );
      assert.equal(r.w, 64);
      assert.equal(r.backend, 'wasm');
      assert.ok(r.steps.length >= 2 && Math.max(...r.steps) === STEPS, `step progress shown (${r.steps})`);
      assert.ok(s.variance > VAR_MIN, `${c.lang} panel is (nearly) blank: variance ${s.variance}`);
      assert.ok(s.corr > CORR_MIN, `${c.lang} panel looks like noise: lag-1 autocorrelation ${s.corr}`);
      ui.push(r);
    }
    assert.ok(maxDiff(ui[0].rgba, ui[1].rgba) > 10, 'different treatments and seeds give different panels');

    // 3. Unconditional baseline (guidance 0, same seeds) and the UI panels re-made by the driver.
    const driven = await page.evaluate(
      async ([url, base, reqs]) => (await import('/__e2e_gen_shipped/driver.js')).generateWith(url, base, reqs),
      [
        `/assets/${diffusionWorker}`,
        SHIPPED,
        CASES.flatMap((c) => [
          { prompt: c.prompt, steps: STEPS, guidance: GUIDANCE, seed: c.seed },
          { prompt: c.prompt, negativePrompt: '', steps: STEPS, guidance: 0, seed: c.seed },
        ]),
      ],
    );
    log(`driver loaded ${driven.info.name}: ${driven.info.files.join(', ')} (variant ${driven.info.variant})`);
    assert.equal(driven.info.variant, 'fp16');
    const uncond = [];
    for (const [k, c] of CASES.entries()) {
      const same = maxDiff(driven.out[2 * k].rgba, ui[k].rgba);
      const u = driven.out[2 * k + 1];
      const su = stats(u.rgba, 64, 64);
      log(
        `${c.lang}: driver at guidance ${GUIDANCE} vs the UI panel max |Δ| ${same}/255; unconditional: variance ${su.variance.toFixed(1)}, autocorrelation ${su.corr.toFixed(3)}, differs from the panel by up to ${maxDiff(u.rgba, ui[k].rgba)}/255`,
      );
      assert.ok(same <= 1, `the UI ran the shipped model as the worker does (${same}/255)`);
      uncond.push(u);
    }

    // 4. CLIP-scores with the shipped Toon-CLIP (the app's CLIP worker, WASM fp32).
    const pngs = CASES.flatMap((_, k) => [ui[k].png, uncond[k].png]);
    const emb = await page.evaluate(
      async ([url, texts, images]) =>
        (await import('/__e2e_gen_shipped/driver.js')).embedWith(
          url,
          'wasm',
          'fp32',
          texts,
          images.map((a) => new Uint8Array(a)),
        ),
      [`/assets/${clipWorker}`, CASES.map((c) => c.prompt), pngs],
    );
    assert.deepEqual(emb.failed, []);
    const row = (flat, i) => flat.slice(i * emb.dim, (i + 1) * emb.dim);
    for (const [k, c] of CASES.entries()) {
      const tv = row(emb.text, k);
      const gs = clipScore(tv, row(emb.image, 2 * k));
      const us = clipScore(tv, row(emb.image, 2 * k + 1));
      log(`${c.lang}: CLIP-score panel ${gs.toFixed(2)} vs unconditional (same seed) ${us.toFixed(2)}`);
      assert.ok(
        gs > us,
        `${c.lang}: the panel matches its treatment no better than the unconditional sample (${gs} ≤ ${us})`,
      );
    }

    // 5. Stored, persists after a reload; the shipped model is active again.
    const en = await generateInUi(page, CASES[0]); // the panel to store (the last run was Korean)
    assert.equal(maxDiff(en.rgba, ui[0].rgba), 0, 'same treatment and seed: same panel');
    await gen(page).locator('[data-testid=generate-add]').click();
    await page.getByText(/Added as a panel/).waitFor({ timeout: 30_000 });
    const stored = await panelHashes(page);
    assert.equal(stored.length, 1);
    await page.reload();
    await shippedStatus(page);
    assert.deepEqual(await panelHashes(page), stored, 'the panel persists after reload');

    // 6. Offline after the first visit: the model comes from the precache; same pixels.
    await page.evaluate(() => navigator.serviceWorker.ready);
    if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
    await context.setOffline(true);
    await page.reload();
    const off = await shippedStatus(page, (m) => log(`offline ${m}`));
    assert.match(off.text, /Built-in model "Toon-Diffusion"/);
    await gen(page).locator('[data-testid=init-none]').check();
    await setNumber(gen(page).locator('#steps'), STEPS);
    await setNumber(gen(page).locator('#guidance'), GUIDANCE);
    const offline = await generateInUi(page, CASES[0]);
    const dOff = maxDiff(offline.rgba, ui[0].rgba);
    log(`offline run: ${offline.wallMs} ms wall; vs online max |Δ| ${dOff}/255`);
    assert.equal(dOff, 0, 'offline: same pixels');
    assert.deepEqual(await panelHashes(page), stored, 'the panel is there offline');
    await context.setOffline(false);

    // 7. An imported folder can still be chosen, and the shipped model chosen back (kept after a reload).
    await gen(page).locator('[data-testid=generate-folder]').setInputFiles(SMOKE_MODEL);
    await gen(page)
      .locator('[data-testid=generate-model][data-source=imported][data-name="smoke-model"]')
      .waitFor({ timeout: 180_000 });
    const choice = gen(page).locator('[data-testid=generate-model-choice]');
    assert.notEqual(await choice.inputValue(), 'shipped');
    await choice.selectOption('shipped');
    await shippedStatus(page);
    await page.reload();
    await shippedStatus(page);
    assert.equal(
      await gen(page).locator('[data-testid=generate-model-choice] option').count(),
      2,
      'the imported folder stays offered',
    );
    // The form is fresh after the reload (app defaults): the same settings as the first run.
    await gen(page).locator('[data-testid=init-none]').check();
    await setNumber(gen(page).locator('#steps'), STEPS);
    await setNumber(gen(page).locator('#guidance'), GUIDANCE);
    const back = await generateInUi(page, CASES[0]);
    assert.equal(maxDiff(back.rgba, ui[0].rgba), 0, 'back on the shipped model: same panel');
    await choice.selectOption({ index: 1 });
    await gen(page)
      .locator('[data-testid=generate-model][data-source=imported][data-name="smoke-model"]')
      .waitFor({ timeout: 180_000 });
    log('switched shipped → imported → shipped (kept after reload) → imported');
    await context.close();

    // 8. Korean UI names the built-in model and its caveat.
    const ko = await ctx.newContext({ locale: 'ko-KR' });
    const kpage = await ko.newPage();
    await kpage.goto('/#/generate');
    const k = await shippedStatus(kpage);
    assert.match(k.text, /내장 모델 "Toon-Diffusion"\(toon-diffusion, 약한 첫 모델\) 준비됨: 64×64 px/);
    assert.match(await gen(kpage).locator('[data-testid=generate-model-caveat]').innerText(), /약한 첫 모델/);
    await ko.close();
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
