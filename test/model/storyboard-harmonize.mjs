#!/usr/bin/env node
/**
 * Issue 17, "harmonize": does image-to-image from a composed storyboard panel improve it at the
 * diffusion model's resolution? This script makes the inputs; the measurement and the decision
 * are test/model/storyboard-harmonize-score.py (rule fixed there before the run).
 *
 * Drafts every fixed story (test/fixtures/stories/{ko,en}.json, both casts on the sheet, the
 * 12-place fixture library named "바닷가 beach.png", diffusion fill off — as
 * storyboard-vs-64.mjs) through the UI, exports the storyboard's layered PSD with its button, and
 * splits each panel's layers into the two things harmonize would treat differently:
 *   - scene: Background + the character cut-outs over white (what the model would redraw);
 *   - lettering: bubbles, captions, their text and the panel's 4-px border (drawn on top again).
 * Saved as zlib-deflated RGBA8 (test-results/storyboard-harmonize/<lang>/<story>-<i>-{scene,letter}.rgba.z)
 * with test-results/storyboard-harmonize/panels.json (lang, story, index, text, width, height, files),
 * rewritten after every story.
 * Run: TOON_DIST=<build> node test/model/storyboard-harmonize.mjs [stories per language, default 20]
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { initializeCanvas, readPsd } from 'ag-psd';
import { root, startPreview, launchBrowser, contextFactory } from '../e2e/harness.mjs';
import { board, draft, openFixedStories, storedBoard } from '../e2e/board-helpers.mjs';

// Layer pixels as plain ImageData-shaped objects (no canvas in Node; only imageData is read).
initializeCanvas(
  () => {
    throw new Error('no canvas here: read with useImageData');
  },
  (width, height) => ({ width, height, data: new Uint8ClampedArray(width * height * 4) }),
);

const N = Number(process.argv[2] ?? 20);
const fixturesDir = path.join(root, 'test/fixtures');
const outDir = path.join(root, 'test-results/storyboard-harmonize');
const BORDER = 4; // compose.ts strokes a 4-px #111 frame (lineWidth 4 at 2 px in) over everything

/** Source-over of a PSD layer's RGBA8 onto `dst` (W×H RGBA8, straight alpha), at (left, top). */
function over(dst, W, H, layer, dy) {
  const img = layer.imageData;
  if (!img) return;
  const { width: w, height: h, data } = img;
  for (let y = 0; y < h; y++) {
    const Y = y + layer.top - dy;
    if (Y < 0 || Y >= H) continue;
    for (let x = 0; x < w; x++) {
      const X = x + layer.left;
      if (X < 0 || X >= W) continue;
      const s = (y * w + x) * 4;
      const a = data[s + 3] / 255;
      if (a === 0) continue;
      const d = (Y * W + X) * 4;
      const da = dst[d + 3] / 255;
      const oa = a + da * (1 - a);
      for (let c = 0; c < 3; c++) dst[d + c] = Math.round((data[s + c] * a + dst[d + c] * da * (1 - a)) / oa);
      dst[d + 3] = Math.round(oa * 255);
    }
  }
}

function frame(dst, W, H) {
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++)
      if (x < BORDER || y < BORDER || x >= W - BORDER || y >= H - BORDER) dst.set([17, 17, 17, 255], (y * W + x) * 4);
}

const isLettering = (l) => /^(Bubble|Caption) \d+/.test(l.name);

const server = await startPreview();
const browser = await launchBrowser();
const saved = [];
fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });
try {
  const { newContext } = contextFactory(browser, server.baseURL);
  const context = await newContext({ locale: 'en-US', acceptDownloads: true });
  const page = await context.newPage();
  const specs = await openFixedStories(page, fixturesDir);
  for (let si = 0; si < N; si++)
    for (const lang of ['ko', 'en']) {
      const s = specs[lang].stories[si];
      if (!s) continue;
      await draft(page, s.story, { fill: false });
      const rec = await storedBoard(page);
      const [dl] = await Promise.all([
        page.waitForEvent('download'),
        board(page).locator('[data-testid=board-psd-all]').click(),
      ]);
      const psd = readPsd(fs.readFileSync(await dl.path()), {
        useImageData: true,
        skipCompositeImageData: true,
        skipThumbnail: true,
      });
      let dy = 0;
      fs.mkdirSync(path.join(outDir, lang), { recursive: true });
      psd.children.forEach((group, i) => {
        const p = rec.panels[i];
        const { width: W, height: H } = p.layout;
        const scene = new Uint8ClampedArray(W * H * 4);
        for (let k = 0; k < W * H; k++) scene.set([255, 255, 255, 255], k * 4);
        const letter = new Uint8ClampedArray(W * H * 4);
        for (const l of group.children) over(isLettering(l) ? letter : scene, W, H, l, dy);
        frame(letter, W, H);
        const base = `${lang}/${s.id}-${i}`;
        fs.writeFileSync(path.join(outDir, `${base}-scene.rgba.z`), zlib.deflateSync(scene));
        fs.writeFileSync(path.join(outDir, `${base}-letter.rgba.z`), zlib.deflateSync(letter));
        saved.push({
          lang,
          story: s.id,
          index: i,
          text: p.plan.text,
          width: W,
          height: H,
          layers: group.children.map((l) => l.name),
          scene: `${base}-scene.rgba.z`,
          letter: `${base}-letter.rgba.z`,
        });
        dy += H + p.gapAfter * (i < psd.children.length - 1 ? 1 : 0);
      });
      console.log(`${lang} ${s.id}: ${psd.children.length} panels`);
      fs.writeFileSync(path.join(outDir, 'panels.json'), JSON.stringify({ panels: saved }, null, 1));
    }
  await context.close();
} finally {
  await browser.close();
  server.stop();
}
