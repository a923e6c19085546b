#!/usr/bin/env node
/**
 * Storyboard (콘티) vs today's 64-px story mode on the same fixed stories
 * (test/fixtures/stories/{ko,en}.json), scored with an independent image–text score: the
 * CLIP-score (100 · max(cos, 0), as models/diffusion/eval.py and models/diffusion/EVAL.md) of each
 * stored panel against its own panel text, with the shipped Toon-CLIP through the built CLIP
 * worker (WASM fp32, the driver of generate-shipped.e2e.mjs). Same page, same fixture character
 * sheets and 12-place fixture library (named "바닷가 beach.png"); the storyboard drafted with
 * diffusion fill off, the 64-px story mode with its UI defaults. Both modes' panels are read
 * back from IndexedDB (the stored PNGs) — what the user keeps.
 * The Toon-CLIP score is CIRCULAR (issue 16): Toon-CLIP picks the storyboard's backgrounds and
 * its text tower conditions the 64-px diffusion model. It is kept, labelled so
 * (`toonClipScoreCircular`). The independent score comes from the unshipped evaluator CLIP
 * (models/clip/evaluator/) in test/model/storyboard-vs-64-score.py, run on what this script saves:
 * every stored panel PNG as test-results/storyboard-vs-64/<lang>/<story>-<mode>-<i>.png and
 * test-results/storyboard-vs-64/panels.json (lang, story, mode, index, text, file, size, circular
 * Toon-CLIP score), rewritten after every story so an interrupted run keeps what it drafted.
 * Stories are taken in turn ko-01, en-01, ko-02, en-02, … so a partial run stays balanced.
 * Run: TOON_DIST=<build> node test/model/storyboard-vs-64.mjs [stories per language, default 5]
 * Writes test-results/storyboard-vs-64.json and test-results/storyboard-vs-64/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { root, distDir, startPreview, launchBrowser, contextFactory } from '../e2e/harness.mjs';
import { draft, openFixedStories } from '../e2e/board-helpers.mjs';
import { gen } from '../e2e/gen-helpers.mjs';
import { buildDriver, workerAsset } from '../e2e/page-driver.mjs';

const N = Number(process.argv[2] ?? 5);
const fixturesDir = path.join(root, 'test/fixtures');

/** Drafts `story` in the 64-px story mode (UI defaults); resolves when every panel has landed. */
async function draft64(page, story) {
  await gen(page).locator('[data-testid=story-text]').fill(story);
  const step = gen(page).locator('[data-testid=story-step]');
  const before = Number(await step.getAttribute('data-run'));
  await gen(page).locator('[data-testid=story-run]').click();
  await page.waitForFunction(
    (r) => {
      const sm = document
        .querySelector('toon-app')
        ?.shadowRoot?.querySelector('toon-generate-view')
        ?.shadowRoot?.querySelector('toon-story-mode')?.shadowRoot;
      const s = sm?.querySelector('[data-testid=story-step]');
      const run = sm?.querySelector('[data-testid=story-run]');
      const panels = [...(sm?.querySelectorAll('[data-testid=story-panel]') ?? [])];
      return (
        s &&
        Number(s.dataset.run) > r &&
        run &&
        !run.disabled &&
        panels.length > 0 &&
        panels.every((p) => p.dataset.landed === 'yes')
      );
    },
    before,
    { timeout: 600_000 },
  );
}

/** The current project's `<prefix><projectId>` record's panels as { text, panelId } and the panels' stored PNG bytes. */
function storedPanels(page, prefix) {
  return page.evaluate(async (prefix) => {
    const db = await new Promise((res, rej) => {
      const r = indexedDB.open('toonsmith');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const req = (r) =>
      new Promise((res, rej) => ((r.onsuccess = () => res(r.result)), (r.onerror = () => rej(r.error))));
    const tx = db.transaction(['settings', 'panels', 'blobs']);
    const cur = (await req(tx.objectStore('settings').get('currentProjectId'))).value;
    const rec = (await req(tx.objectStore('settings').get(`${prefix}${cur}`)))?.value;
    const out = [];
    for (const p of rec?.panels ?? []) {
      const text = p.plan?.text ?? p.text;
      const panel = p.panelId ? await req(tx.objectStore('panels').get(p.panelId)) : undefined;
      const blob = panel
        ? await req(tx.objectStore('blobs').get(panel.resultBlobId ?? panel.originalBlobId))
        : undefined;
      out.push({ text, blob: blob?.blob, width: panel?.width, height: panel?.height });
    }
    db.close();
    // The bytes are read after the transaction (awaiting a Blob read inside it would end it).
    return Promise.all(
      out.map(async ({ blob, ...x }) => ({ ...x, bytes: blob ? [...new Uint8Array(await blob.arrayBuffer())] : null })),
    );
  }, prefix);
}

const server = await startPreview();
const browser = await launchBrowser();
const clipWorker = workerAsset(distDir, 'clip');
await buildDriver(distDir, 'generate-shipped.entry.ts', '__e2e_gen_shipped', 'driver.js');
const rows = [];
const saved = [];
const panelDir = path.join(root, 'test-results/storyboard-vs-64');
fs.rmSync(panelDir, { recursive: true, force: true });
fs.mkdirSync(panelDir, { recursive: true });
try {
  const { newContext } = contextFactory(browser, server.baseURL);
  const context = await newContext({ locale: 'en-US' });
  const page = await context.newPage();
  const specs = await openFixedStories(page, fixturesDir, () =>
    gen(page).locator('[data-testid=generate-model][data-source=shipped]').waitFor({ timeout: 180_000 }),
  );
  for (let si = 0; si < N; si++)
    for (const lang of ['ko', 'en']) {
      const s = specs[lang].stories[si];
      if (!s) continue;
      {
        await draft(page, s.story, { fill: false });
        const board = await storedPanels(page, 'storyboard:');
        await draft64(page, s.story);
        const small = await storedPanels(page, 'story:');
        const sets = [
          ['storyboard', board],
          ['story64', small],
        ];
        const texts = sets.flatMap(([, ps]) => ps.map((p) => p.text));
        const images = sets.flatMap(([, ps]) => ps.map((p) => p.bytes ?? []));
        const emb = await page.evaluate(
          async ([url, texts, images]) =>
            (await import('/__e2e_gen_shipped/driver.js')).embedWith(
              url,
              'wasm',
              'fp32',
              texts,
              images.map((a) => new Uint8Array(a)),
            ),
          [`/assets/${clipWorker}`, texts, images],
        );
        const row = (flat, i) => flat.slice(i * emb.dim, (i + 1) * emb.dim);
        const cos = (a, b) => {
          let d = 0,
            x = 0,
            y = 0;
          for (let i = 0; i < a.length; i++) {
            d += a[i] * b[i];
            x += a[i] * a[i];
            y += b[i] * b[i];
          }
          return d / Math.sqrt(x * y);
        };
        let k = 0;
        let base = 0;
        for (const [mode, ps] of sets) {
          // Circular Toon-CLIP own-text rank of each panel among this mode's texts of the story (1 = own text first; ties count for it).
          const cosAt = (i, j) => cos(row(emb.image, base + i), row(emb.text, base + j));
          const ranks = ps.map((_, i) => 1 + ps.filter((__, j) => j !== i && cosAt(i, j) > cosAt(i, i)).length);
          base += ps.length;
          const scores = ps.map(() => {
            const v = 100 * Math.max(cos(row(emb.text, k), row(emb.image, k)), 0);
            k++;
            return v;
          });
          const r = {
            lang,
            story: s.id,
            mode,
            panels: ps.length,
            size: ps.map((p) => `${p.width}x${p.height}`).join(' '),
            clipScore: scores.reduce((a, b) => a + b, 0) / Math.max(1, scores.length),
            scores: scores.map((x) => Math.round(x * 100) / 100),
          };
          console.log(JSON.stringify(r));
          rows.push(r);
          fs.mkdirSync(path.join(panelDir, lang), { recursive: true });
          ps.forEach((p, i) => {
            const file = `${lang}/${s.id}-${mode}-${i}.png`;
            if (p.bytes) fs.writeFileSync(path.join(panelDir, file), Buffer.from(p.bytes));
            saved.push({
              lang,
              story: s.id,
              mode,
              index: i,
              text: p.text,
              file: p.bytes ? file : null,
              width: p.width,
              height: p.height,
              toonClipScoreCircular: scores[i],
              toonClipRankCircular: ranks[i],
            });
          });
        }
        fs.writeFileSync(
          path.join(panelDir, 'panels.json'),
          JSON.stringify(
            {
              note: 'toonClipScoreCircular: shipped Toon-CLIP (picks storyboard backgrounds, conditions the 64-px model) — circular, not independent',
              panels: saved,
            },
            null,
            1,
          ),
        );
      }
    }
  await context.close();
} finally {
  await browser.close();
  server.stop();
}
const summary = [];
for (const lang of ['ko', 'en'])
  for (const mode of ['storyboard', 'story64']) {
    const rs = rows.filter((r) => r.lang === lang && r.mode === mode);
    const all = rs.flatMap((r) => r.scores);
    summary.push({
      lang,
      mode,
      stories: rs.length,
      panels: all.length,
      meanToonClipScoreCircular: Math.round((all.reduce((a, b) => a + b, 0) / Math.max(1, all.length)) * 100) / 100,
    });
  }
// Paired by story: storyboard − 64 px (mean over the story's panels), ± the 95 % t interval half-width.
const T95 = [
  0, 12.71, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086,
];
for (const lang of ['ko', 'en']) {
  const d = rows
    .filter((r) => r.lang === lang && r.mode === 'storyboard')
    .map(
      (r) => r.clipScore - rows.find((x) => x.lang === lang && x.story === r.story && x.mode === 'story64').clipScore,
    );
  const m = d.reduce((a, b) => a + b, 0) / Math.max(1, d.length);
  const sd = Math.sqrt(d.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, d.length - 1));
  summary.push({
    lang,
    mode: 'storyboard − story64 (per story)',
    stories: d.length,
    meanToonClipScoreCircular: Math.round(m * 100) / 100,
    ci95: Math.round((T95[d.length - 1] ?? 2.0) * (sd / Math.sqrt(Math.max(1, d.length))) * 100) / 100,
  });
}
fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
fs.writeFileSync(path.join(root, 'test-results/storyboard-vs-64.json'), JSON.stringify({ summary, rows }, null, 1));
console.table(summary);
