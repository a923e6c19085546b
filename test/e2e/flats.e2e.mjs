// Flats (issue 13), through the UI like a person: open Colorize with the nav link, drop a line-art
// panel drawn in the page (black anti-aliased outlines on white: an ellipse, two boxes — one with a
// 3-px break in its outline — and a triangle) → it is previewed (kind, regions) and nothing is stored
// → Recolor stores the result without hints: the panel itself (regions left uncoloured) → one
// bucket-fill click per region, each with its own colour →
// from the STORED result blob: every paper pixel of each region is exactly its hint's colour
// (the box with the break included: the gap was closed), and no pixel outside the hinted regions
// changed → Export PSD (the real download), parsed with ag-psd in node: the "Flats" layer has
// exactly 4 hinted colours + white (uncoloured), "Line art" is in multiply → eraser removes one
// hint (its region goes back to uncoloured) → undo brings it back → reload: hints and undo/redo
// history are kept → cancel a freshly dropped big panel: nothing stored, no restart when it is
// selected again; Recolor then stores it → a gray panel: L* kept per pixel (8-bit rounding), the
// hinted region takes the hint's a*b* → a scanned-looking panel (gray noisy paper, 1-px anti-aliased
// strokes, a 2-px break): two bucket fills each fill their whole region in the hint colour, nothing
// else changes → a gray-shaded shirt (dark gradient shading, screentone dots, black outline): one
// bucket fill tints the whole shirt, every pixel's L* kept, nothing else changes → a bucket on the
// white head: a notice says white paper stays white with tones kept; Panel kind "Line art" fills it. Screenshots
// 1280×720 (+ the scanned and the shaded panel) and 390×844 in test-results/flats/.
import fs from 'node:fs';
import path from 'node:path';
import { readPsd } from './psd-node.mjs';
import { root } from './harness.mjs';
import { colorizeWaits, storedPanel } from './stored-panel.mjs';

export const timeout = 420_000;

const W = 320;
const H = 240;
const SHAPES = [
  { name: 'ellipse', hex: '#e02020', rgb: [224, 32, 32], at: [70, 70] },
  { name: 'box', hex: '#2060e0', rgb: [32, 96, 224], at: [200, 60] },
  { name: 'gapbox', hex: '#20a040', rgb: [32, 160, 64], at: [80, 180] },
  { name: 'triangle', hex: '#f0c020', rgb: [240, 192, 32], at: [240, 185] },
];

/** In the page: draws the line-art panel and returns a DataTransfer with it as a PNG file. */
function drawPanel({ w, h, name, gray }) {
  return (async () => {
    const c = new OffscreenCanvas(w, h);
    const g = c.getContext('2d');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, w, h);
    if (gray) {
      // tones drawn inside the shapes (gray panel)
      const grad = g.createLinearGradient(0, 0, w, h);
      grad.addColorStop(0, '#b0b0b0');
      grad.addColorStop(1, '#e0e0e0');
      g.fillStyle = grad;
      g.beginPath();
      g.ellipse(70, 70, 50, 40, 0, 0, Math.PI * 2);
      g.fill();
      g.fillRect(150, 20, 100, 80);
      g.fillStyle = '#9a9a9a';
      g.fillRect(30, 140, 100, 80);
    }
    g.strokeStyle = '#000';
    g.lineWidth = 3;
    g.beginPath();
    g.ellipse(70, 70, 50, 40, 0, 0, Math.PI * 2);
    g.stroke();
    g.strokeRect(150, 20, 100, 80);
    g.strokeRect(30, 140, 100, 80);
    g.beginPath();
    g.moveTo(240, 130);
    g.lineTo(300, 225);
    g.lineTo(180, 225);
    g.closePath();
    g.stroke();
    // a 3-px break in the top edge of the lower-left box
    g.fillStyle = gray ? '#9a9a9a' : '#fff';
    g.fillRect(78, 136, 3, 8);
    g.fillStyle = '#fff';
    g.fillRect(78, 136, 3, 2.5);
    const blob = await c.convertToBlob({ type: 'image/png' });
    const d = new DataTransfer();
    d.items.add(new File([blob], name, { type: 'image/png' }));
    return d;
  })();
}

/** Region masks by geometry (2 px away from every outline): inside each shape, and outside all. */
function masks() {
  const inside = SHAPES.map(() => new Uint8Array(W * H));
  const outside = new Uint8Array(W * H);
  const tri = (x, y) => {
    // triangle (240,130) (300,225) (180,225): signed distances to its three edges
    const edges = [
      [240, 130, 300, 225],
      [300, 225, 180, 225],
      [180, 225, 240, 130],
    ];
    return Math.min(
      ...edges.map(([ax, ay, bx, by]) => ((bx - ax) * (y - ay) - (by - ay) * (x - ax)) / Math.hypot(bx - ax, by - ay)),
    );
  };
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      const cx = x + 0.5;
      const cy = y + 0.5;
      const e = Math.hypot((cx - 70) / 50, (cy - 70) / 40);
      const d = [
        (1 - e) * 40, // approx. distance inside the ellipse
        Math.min(cx - 150, 250 - cx, cy - 20, 100 - cy),
        Math.min(cx - 30, 130 - cx, cy - 140, 220 - cy),
        tri(cx, cy),
      ];
      d.forEach((v, k) => {
        if (v > 4) inside[k][i] = 1;
      });
      if (d.every((v) => v < -4)) outside[i] = 1;
    }
  return { inside, outside };
}

/** Mean |Δ| per channel between `png` and the W3C "color" blend of `top` over `base` (RGBA arrays). */
function colorBlendMean(base, top, png) {
  const lum = (r, g, b) => 0.3 * r + 0.59 * g + 0.11 * b;
  let sum = 0;
  for (let j = 0; j < base.length; j += 4) {
    const d = lum(base[j], base[j + 1], base[j + 2]) - lum(top[j], top[j + 1], top[j + 2]);
    let c = [top[j] + d, top[j + 1] + d, top[j + 2] + d];
    const l = lum(...c);
    const n = Math.min(...c);
    const x = Math.max(...c);
    if (n < 0) c = c.map((v) => l + ((v - l) * l) / (l - n));
    if (x > 255) c = c.map((v) => l + ((v - l) * (255 - l)) / (x - l));
    for (let k = 0; k < 3; k++) sum += Math.abs(Math.round(c[k]) - png[j + k]);
  }
  return sum / ((base.length / 4) * 3);
}

/** Share of white pixels in an RGBA array. */
function whiteShare(d) {
  let n = 0;
  for (let j = 0; j < d.length; j += 4) if (d[j] === 255 && d[j + 1] === 255 && d[j + 2] === 255) n++;
  return n / (d.length / 4);
}

export default async function (ctx) {
  const { assert, log } = ctx;
  const shots = path.join(root, 'test-results/flats');
  fs.mkdirSync(shots, { recursive: true });
  const context = await ctx.newContext({
    locale: 'en-US',
    viewport: { width: 1280, height: 720 },
    acceptDownloads: true,
  });
  let page = await context.newPage();
  await page.goto('/');
  await page.locator('toon-app nav a[data-route=colorize]').click();
  const view = () => page.locator('toon-colorize-view');
  await view().locator('[data-testid=colorize-drop]').waitFor({ timeout: 60_000 });
  const drop = async (opts) => {
    const dt = await page.evaluateHandle(drawPanel, opts);
    await view().locator('[data-testid=colorize-drop]').dispatchEvent('drop', { dataTransfer: dt });
  };
  const { attr, waitStored, waitResultHints } = colorizeWaits(page);
  /** Panel `name` was previewed (a drop or selection runs one; it stores nothing). */
  const waitPreview = async (name) => {
    let s;
    while (!(s = await page.evaluate(storedPanel, { name, pixels: false })).panel) await page.waitForTimeout(100);
    await page.waitForFunction(
      (id) => {
        const v = document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-colorize-view');
        return v?.dataset.run === 'preview' && v.dataset.runPanel === id;
      },
      s.panel.id,
      { timeout: 120_000 },
    );
    return s;
  };
  // 1. drop the line-art panel: previewed (kind, regions), nothing stored; Recolor stores the
  // result without hints: the panel itself (nothing hinted)
  await drop({ w: W, h: H, name: 'lineart.png', gray: false });
  const dropped = await waitPreview('lineart.png');
  assert.equal(dropped.panel.resultBlobId, null, 'a dropped panel is previewed, nothing stored');
  assert.equal(await attr('data-kind'), 'lineart', 'detected as line art');
  const regions = Number(await attr('data-regions'));
  log(`regions ${regions}, region model (preview) ${await attr('data-regions-ms')} ms`);
  assert.ok(regions >= 5, `background + 4 shapes found (${regions})`);
  assert.match(await view().locator('[data-testid=colorize-regions]').innerText(), /region\(s\), 0 filled, Line art/);
  await view().getByRole('button', { name: 'Recolor' }).click();
  const first = await waitStored('lineart.png', (s) => s.panel?.resultBlobId, 'the first result');
  assert.deepEqual(first.res, first.orig, 'no hint: every region left uncoloured, the result is the panel');

  // 2. one bucket-fill click per region, each with its own colour
  const img = view().locator('[data-testid=colorize-image]');
  const click = async ([x, y]) => {
    const box = await img.boundingBox();
    await page.mouse.click(box.x + ((x + 0.5) * box.width) / W, box.y + ((y + 0.5) * box.height) / H);
  };
  for (const [k, s] of SHAPES.entries()) {
    await view().locator('[data-testid=hint-color]').fill(s.hex);
    await click(s.at);
    await waitResultHints(k + 1);
  }
  const filled = await waitStored(
    'lineart.png',
    (s) => s.hints === 4 && s.res && s.panel.resultBlobId !== first.panel.resultBlobId,
    'the filled result',
  );
  log(`hint re-apply (fill + composite) ${await attr('data-reapply-ms')} ms in the worker`);
  const { inside, outside } = masks();
  const check = (s, hinted) => {
    const bad = SHAPES.map(() => 0);
    const count = SHAPES.map(() => 0);
    let outsideChanged = 0;
    let outsideCount = 0;
    for (let i = 0; i < W * H; i++) {
      const j = i * 4;
      const paper = s.orig[j] === 255;
      SHAPES.forEach((sh, k) => {
        if (!inside[k][i] || !paper) return;
        count[k]++;
        const want = hinted[k] ? sh.rgb : [255, 255, 255];
        if (s.res[j] !== want[0] || s.res[j + 1] !== want[1] || s.res[j + 2] !== want[2]) bad[k]++;
      });
      if (outside[i]) {
        outsideCount++;
        if (s.res[j] !== s.orig[j] || s.res[j + 1] !== s.orig[j + 1] || s.res[j + 2] !== s.orig[j + 2])
          outsideChanged++;
      }
    }
    return { bad, count, outsideChanged, outsideCount };
  };
  const c1 = check(filled, [true, true, true, true]);
  log(`pixels checked per region ${c1.count.join(', ')}; outside ${c1.outsideCount}`);
  SHAPES.forEach((s, k) => {
    assert.ok(c1.count[k] > 500, `${s.name}: region pixels checked (${c1.count[k]})`);
    assert.equal(c1.bad[k], 0, `${s.name}: every paper pixel of the region is ${s.hex}`);
  });
  assert.equal(c1.outsideChanged, 0, 'no pixel outside the hinted regions changed');
  await page.screenshot({ path: path.join(shots, 'flats-1280x720.png') });

  // 3. PSD export, parsed in node
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    view().locator('[data-testid=colorize-psd]').click(),
  ]);
  const psdFile = path.join(shots, 'lineart-layers.psd');
  await download.saveAs(psdFile);
  const psd = readPsd(fs.readFileSync(psdFile), {
    skipCompositeImageData: true,
    skipThumbnail: true,
    useImageData: true,
  });
  const names = psd.children.map((l) => l.name);
  log(`PSD layers: ${names.join(', ')}`);
  const flats = psd.children.find((l) => l.name === 'Flats');
  const lines = psd.children.find((l) => l.name === 'Line art');
  assert.ok(flats && lines && names.includes('Original tones'), 'PSD has Original tones, Flats and Line art');
  assert.equal(lines.blendMode, 'multiply', 'line art layer multiplies');
  const colours = new Set();
  const fd = flats.imageData.data;
  assert.equal(flats.imageData.width * flats.imageData.height, W * H, 'flats layer covers the panel');
  for (let j = 0; j < fd.length; j += 4) colours.add(`${fd[j]},${fd[j + 1]},${fd[j + 2]}`);
  const want = new Set([...SHAPES.map((s) => s.rgb.join(',')), '255,255,255']);
  assert.deepEqual(
    [...colours].sort(),
    [...want].sort(),
    `flats layer: exactly the 4 hinted colours + white (${[...colours].join(' ')})`,
  );
  // Zoomed to 400 % the picture scrolls inside its box: the page does not widen and the export
  // button stays on screen (a trial's page grew to 3,142 px).
  await view().locator('[data-testid=colorize-zoom]').selectOption('4');
  const zoomed = await page.evaluate(() => ({
    over: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    width: window.innerWidth,
  }));
  const psdBox = await view().locator('[data-testid=colorize-psd]').boundingBox();
  log(
    `zoom 400 %: page overflow ${zoomed.over}px, PSD button right edge ${psdBox.x + psdBox.width} of ${zoomed.width}`,
  );
  assert.ok(zoomed.over <= 0, `the page does not scroll sideways at 400 % (${zoomed.over}px)`);
  assert.ok(psdBox.x + psdBox.width <= zoomed.width, 'the PSD button stays on screen');
  // From Fit the zoom keeps the middle of the panel in the middle of the view (a trial's 200 %
  // jumped to the top-left corner, blank paper)
  const middle = await view()
    .locator('[data-testid=colorize-scroller]')
    .evaluate((sc) => {
      const img = sc.querySelector('img');
      return [
        (sc.scrollLeft + sc.clientWidth / 2) / img.clientWidth,
        (sc.scrollTop + sc.clientHeight / 2) / img.clientHeight,
      ];
    });
  log(`zoom 400 %: view centred at ${middle.map((v) => v.toFixed(2))} of the panel`);
  assert.ok(
    middle.every((v) => Math.abs(v - 0.5) < 0.05),
    'the middle of the panel is in the middle of the view',
  );
  await page.screenshot({ path: path.join(shots, 'flats-zoom400.png') });
  await view().locator('[data-testid=colorize-zoom]').selectOption('0');
  // The Korean UI names the same layers in Korean.
  await page.locator('toon-app [data-testid=locale]').selectOption('ko');
  const [downloadKo] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    view().locator('[data-testid=colorize-psd]').click(),
  ]);
  const psdKo = readPsd(fs.readFileSync(await downloadKo.path()), {
    skipLayerImageData: true,
    skipCompositeImageData: true,
    skipThumbnail: true,
  });
  assert.deepEqual(
    psdKo.children.map((l) => l.name),
    ['원본 톤', '밑색', '선화'],
  );
  await page.locator('toon-app [data-testid=locale]').selectOption('en');

  // 4. eraser removes one hint; undo brings it back
  await view().locator('[data-testid=colorize-tool]').selectOption('eraser');
  await click(SHAPES[3].at);
  await waitResultHints(3);
  const erased = await waitStored('lineart.png', (s) => s.hints === 3 && s.res, 'the result after erasing');
  const c2 = check(erased, [true, true, true, false]);
  assert.deepEqual(c2.bad, [0, 0, 0, 0], 'eraser: triangle back to uncoloured, the others kept');
  await view().locator('[data-testid=colorize-undo]').click();
  await waitResultHints(4);
  await view().locator('[data-testid=colorize-undo]').click();
  await waitResultHints(3);

  // 5. reload keeps hints and history (3 hints; one undo and one redo step stored)
  await page.reload();
  // The count is drawn before the panel's stored hints are read ("0 hints"): wait for them. The
  // undo history is set in the same update as the hints.
  await view().locator('[data-testid=colorize-hint-count]', { hasText: /^3 / }).waitFor({ timeout: 60_000 });
  assert.equal(
    await view().locator('[data-testid=colorize-undo]').isEnabled(),
    true,
    'undo history kept across reload',
  );
  assert.equal(
    await view().locator('[data-testid=colorize-redo]').isEnabled(),
    true,
    'redo history kept across reload',
  );
  await view().locator('[data-testid=colorize-redo]').click();
  await waitResultHints(4);
  const redone = await waitStored('lineart.png', (s) => s.hints === 4 && s.res, 'the result after redo');
  assert.deepEqual(
    check(redone, [true, true, true, true]).bad,
    [0, 0, 0, 0],
    'redo after reload: all four regions filled again',
  );

  // 6. cancel a fresh drop: nothing stored, no restart
  const big = { w: 2400, h: 2400, name: 'big.png', gray: false };
  await drop(big);
  const row = page.locator('toon-progress .task', { hasText: 'Colorizing big.png' });
  await row.waitFor({ timeout: 120_000 });
  await row.getByRole('button', { name: 'Cancel' }).click();
  await page.waitForFunction(
    () => !!document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-colorize-view')?.dataset.cancelled,
    undefined,
    { timeout: 60_000 },
  );
  await row.waitFor({ state: 'detached', timeout: 60_000 });
  // select another panel and the cancelled one again: it must not start by itself
  await view().locator('[data-testid=colorize-panel]').first().click();
  await view().locator('[data-testid=colorize-panel]').last().click();
  await page.waitForFunction(() => {
    const v = document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-colorize-view');
    return (
      v?.shadowRoot?.querySelector('[data-testid=colorize-panel][aria-current=true]') &&
      v.shadowRoot.querySelector('[data-testid=colorize-hint-count]')
    );
  });
  assert.equal(await page.locator('toon-progress .task').count(), 0, 'no colorize task restarted after cancel');
  const cancelled = await page.evaluate(storedPanel, { name: 'big.png', pixels: false });
  assert.ok(cancelled.panel, 'the dropped panel itself is kept');
  assert.equal(cancelled.panel.resultBlobId, null, 'a cancelled job stores nothing');
  await view().getByRole('button', { name: 'Recolor' }).click();
  const bigDone = await waitStored('big.png', (s) => s.panel?.resultBlobId, 'Recolor after cancel', false);
  assert.ok(bigDone.panel.resultBlobId, 'Recolor stores the panel after a cancel');
  log(`2400² region model ${await attr('data-regions-ms')} ms`);

  // 7. gray panel: tones kept (L*), flat a*b* under them
  await drop({ w: W, h: H, name: 'gray.png', gray: true });
  await waitPreview('gray.png');
  assert.equal(await attr('data-kind'), 'gray', 'detected as a gray panel');
  await view().locator('[data-testid=colorize-tool]').selectOption('fill');
  await view().locator('[data-testid=hint-color]').fill('#2060e0');
  await click([200, 60]);
  await waitResultHints(1);
  const g1 = await waitStored('gray.png', (s) => s.hints === 1 && s.res, 'the hinted gray panel');
  const stats = await page.evaluate(
    ({ orig, res, w, h }) => {
      const lin = (c) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      const f = (t) => (t > (6 / 29) ** 3 ? Math.cbrt(t) : t / (3 * (6 / 29) ** 2) + 4 / 29);
      const lab = (r, g, b) => {
        const [R, G, B] = [lin(r), lin(g), lin(b)];
        const x = (0.4124564 * R + 0.3575761 * G + 0.1804375 * B) / 0.95047;
        const y = 0.2126729 * R + 0.7151522 * G + 0.072175 * B;
        const z = (0.0193339 * R + 0.119192 * G + 0.9503041 * B) / 1.08883;
        return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
      };
      let maxDL = 0;
      let hueBad = 0;
      let inBox = 0;
      let outChanged = 0;
      const want = Math.atan2(lab(32, 96, 224)[2], lab(32, 96, 224)[1]);
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) {
          const j = (y * w + x) * 4;
          const a = lab(orig[j], orig[j + 1], orig[j + 2]);
          const b = lab(res[j], res[j + 1], res[j + 2]);
          maxDL = Math.max(maxDL, Math.abs(a[0] - b[0]));
          if (x >= 155 && x < 245 && y >= 25 && y < 95) {
            inBox++;
            const dh = Math.abs(Math.atan2(b[2], b[1]) - want);
            if (Math.hypot(b[1], b[2]) < 10 || Math.min(dh, 2 * Math.PI - dh) > 0.2) hueBad++;
          } else if ((x < 145 || x > 255 || y > 105) && res[j] !== orig[j]) outChanged++;
        }
      return { maxDL, hueBad, inBox, outChanged };
    },
    { orig: g1.orig, res: g1.res, w: W, h: H },
  );
  log(
    `gray panel: max ΔL* ${stats.maxDL.toFixed(3)}, box pixels ${stats.inBox}, off-hue ${stats.hueBad}, changed outside ${stats.outChanged}`,
  );
  assert.ok(stats.maxDL <= 0.6, `L* kept per pixel (max ΔL* ${stats.maxDL} ≤ 0.6, 8-bit rounding)`);
  assert.equal(stats.hueBad, 0, 'every pixel of the hinted box has the hint hue (flat a*b* under the tones)');
  assert.equal(stats.outChanged, 0, 'nothing outside the hinted region changed');
  // Its PSD looks like its PNG: the tones, the flats in Color blend over them, and the line layer
  // (line pixels only) hidden — a trial found the whole gray image multiplied in again (28 levels darker).
  const [grayDl] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    view().locator('[data-testid=colorize-psd]').click(),
  ]);
  const gpsd = readPsd(fs.readFileSync(await grayDl.path()), {
    skipCompositeImageData: true,
    skipThumbnail: true,
    useImageData: true,
  });
  const [tones, gflats, glines] = gpsd.children;
  assert.deepEqual(
    gpsd.children.map((l) => [l.name, !!l.hidden, l.blendMode]),
    [
      ['Original tones', false, 'normal'],
      ['Flats', false, 'color'],
      ['Line art', true, 'multiply'],
    ],
  );
  const recomposed = colorBlendMean(tones.imageData.data, gflats.imageData.data, g1.res);
  const lineShare = whiteShare(glines.imageData.data);
  log(
    `gray PSD: tones + flats (Color) vs PNG mean |Δ| ${recomposed.toFixed(2)}; line layer white on ${(100 * lineShare).toFixed(1)} %`,
  );
  assert.ok(recomposed <= 6, `the visible layers recompose the PNG (mean |Δ| ${recomposed})`);
  assert.ok(lineShare >= 0.8, 'the line layer holds the lines, not the tones');

  // 8. a scanned-looking panel: gray noisy paper, thin (1 px) anti-aliased strokes, a 2-px break.
  // A circle split by a vertical stroke and a box whose top edge has the break; fill the left half
  // and the box: each fills whole (on gray paper the flat is the hint colour: paper carries no
  // ink), the right half and the paper outside stay as scanned.
  const scan = { name: 'scan.png', w: W, h: H };
  await page.evaluate(({ name, w, h }) => {
    const c = new OffscreenCanvas(w, h);
    const g = c.getContext('2d');
    const im = g.createImageData(w, h);
    let seed = 99;
    for (let i = 0; i < w * h; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const v = 212 + Math.round(((seed / 0x7fffffff) * 2 - 1) * 5);
      im.data[i * 4] = im.data[i * 4 + 1] = im.data[i * 4 + 2] = v;
      im.data[i * 4 + 3] = 255;
    }
    g.putImageData(im, 0, 0);
    g.strokeStyle = '#282828';
    g.lineWidth = 1;
    g.beginPath();
    g.arc(90.3, 120.3, 70, 0, Math.PI * 2);
    g.moveTo(90.3, 50.3);
    g.lineTo(90.3, 190.3);
    g.stroke();
    g.beginPath(); // one open path: the top edge breaks between x 245.3 and 247.3 (2 px)
    g.moveTo(247.3, 60.3);
    g.lineTo(295.3, 60.3);
    g.lineTo(295.3, 180.3);
    g.lineTo(205.3, 180.3);
    g.lineTo(205.3, 60.3);
    g.lineTo(245.3, 60.3);
    g.stroke();
    window.__scan = c.convertToBlob({ type: 'image/png' }).then((b) => {
      const d = new DataTransfer();
      d.items.add(new File([b], name, { type: 'image/png' }));
      return d;
    });
  }, scan);
  const scanDt = await page.evaluateHandle(() => window.__scan);
  await view().locator('[data-testid=colorize-drop]').dispatchEvent('drop', { dataTransfer: scanDt });
  await waitPreview('scan.png');
  assert.equal(await attr('data-kind'), 'lineart', 'gray scanned paper is detected as line art');
  await view().locator('[data-testid=colorize-tool]').selectOption('fill');
  await view().locator('[data-testid=hint-color]').fill('#e02020');
  await click([60, 120]);
  await waitResultHints(1);
  await view().locator('[data-testid=hint-color]').fill('#2060e0');
  await click([250, 120]);
  await waitResultHints(2);
  const s2 = await waitStored('scan.png', (s) => s.hints === 2 && s.res, 'the filled scanned panel');
  const scanStats = (() => {
    const { orig, res } = s2;
    const near = (j, rgb) => Math.abs(res[j] - rgb[0]) + Math.abs(res[j + 1] - rgb[1]) + Math.abs(res[j + 2] - rgb[2]);
    let leftBad = 0;
    let left = 0;
    let boxBad = 0;
    let box = 0;
    let rightChanged = 0;
    let right = 0;
    let outChanged = 0;
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const j = (y * W + x) * 4;
        const r = Math.hypot(x + 0.5 - 90.3, y + 0.5 - 120.3);
        // the noise darkens paper by up to ~5 %: 30 (sum over RGB) allows that, not another colour
        if (r < 66 && x + 0.5 < 86) {
          left++;
          if (near(j, [224, 32, 32]) > 30) leftBad++;
        } else if (r < 66 && x + 0.5 > 95) {
          right++;
          if (res[j] !== orig[j] || res[j + 1] !== orig[j + 1] || res[j + 2] !== orig[j + 2]) rightChanged++;
        } else if (x > 209 && x < 291 && y > 64 && y < 176) {
          box++;
          if (near(j, [32, 96, 224]) > 30) boxBad++;
        } else if (
          r > 74 &&
          (x < 200 || x > 300 || y < 55 || y > 185) &&
          (res[j] !== orig[j] || res[j + 1] !== orig[j + 1] || res[j + 2] !== orig[j + 2])
        )
          outChanged++;
      }
    return { left, leftBad, box, boxBad, right, rightChanged, outChanged };
  })();
  log(
    `scanned panel: left half ${scanStats.left} px (${scanStats.leftBad} off), box ${scanStats.box} px (${scanStats.boxBad} off), right half changed ${scanStats.rightChanged} / ${scanStats.right}, outside changed ${scanStats.outChanged}`,
  );
  assert.equal(scanStats.leftBad, 0, 'the left half of the circle is the hint colour throughout');
  assert.equal(scanStats.boxBad, 0, 'the box (its 2-px break closed) is the hint colour throughout');
  assert.equal(scanStats.rightChanged, 0, 'the right half (across a thin light stroke) is untouched');
  assert.equal(scanStats.outChanged, 0, 'the paper outside is untouched (no leak through the break)');
  await page.screenshot({ path: path.join(shots, 'flats-scan-1280x720.png') });

  // 9. a gray-shaded, real-looking panel: a shirt with gradient shading from a dark tone (L* ≈ 25,
  // darker than the line threshold: the old rule took it as lines) to a light one, a screentone patch
  // (2 × 2 dots on a 5-px grid) inside it, a 3-px black outline; an outlined head above it. One
  // bucket fill on the shirt: every shirt pixel takes the hint's hue (shading, dots included) with its
  // L* kept; the head and the paper stay as drawn.
  const shirt = [
    [60, 62],
    [260, 62],
    [290, 222],
    [30, 222],
  ];
  await page.evaluate(
    ({ name, w, h, poly }) => {
      const c = new OffscreenCanvas(w, h);
      const g = c.getContext('2d');
      g.fillStyle = '#fff';
      g.fillRect(0, 0, w, h);
      const path = () => {
        g.beginPath();
        poly.forEach(([x, y], k) => (k ? g.lineTo(x, y) : g.moveTo(x, y)));
        g.closePath();
      };
      const grad = g.createLinearGradient(30, 0, 290, 0);
      grad.addColorStop(0, '#3a3a3a');
      grad.addColorStop(1, '#dcdcdc');
      g.fillStyle = grad;
      path();
      g.fill();
      g.fillStyle = '#202020';
      for (let y = 100; y < 150; y += 5) for (let x = 150; x < 230; x += 5) g.fillRect(x, y, 2, 2);
      g.strokeStyle = '#000';
      g.lineWidth = 3;
      path();
      g.stroke();
      g.beginPath();
      g.arc(160, 30, 22, 0, Math.PI * 2);
      g.stroke();
      window.__shaded = c.convertToBlob({ type: 'image/png' }).then((b) => {
        const d = new DataTransfer();
        d.items.add(new File([b], name, { type: 'image/png' }));
        return d;
      });
    },
    { name: 'shaded.png', w: W, h: H, poly: shirt },
  );
  const shadedDt = await page.evaluateHandle(() => window.__shaded);
  await view().locator('[data-testid=colorize-drop]').dispatchEvent('drop', { dataTransfer: shadedDt });
  await waitPreview('shaded.png');
  assert.equal(await attr('data-kind'), 'gray', 'the shaded panel is detected as gray');
  await view().locator('[data-testid=colorize-tool]').selectOption('fill');
  await view().locator('[data-testid=hint-color]').fill('#2060e0');
  await click([120, 180]);
  await waitResultHints(1);
  const h1 = await waitStored('shaded.png', (s) => s.hints === 1 && s.res, 'the filled shaded panel');
  const shaded = (() => {
    const lin = (c) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    const f = (t) => (t > (6 / 29) ** 3 ? Math.cbrt(t) : t / (3 * (6 / 29) ** 2) + 4 / 29);
    const lab = (r, g, b) => {
      const [R, G, B] = [lin(r), lin(g), lin(b)];
      const x = (0.4124564 * R + 0.3575761 * G + 0.1804375 * B) / 0.95047;
      const y = 0.2126729 * R + 0.7151522 * G + 0.072175 * B;
      const z = (0.0193339 * R + 0.119192 * G + 0.9503041 * B) / 1.08883;
      return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
    };
    // signed distance inside the (convex, clockwise on screen) shirt polygon
    const inside = (x, y) =>
      Math.min(
        ...shirt.map(([ax, ay], k) => {
          const [bx, by] = shirt[(k + 1) % shirt.length];
          return ((bx - ax) * (y - ay) - (by - ay) * (x - ax)) / Math.hypot(bx - ax, by - ay);
        }),
      );
    const want = Math.atan2(lab(32, 96, 224)[2], lab(32, 96, 224)[1]);
    let maxDL = 0;
    let n = 0;
    let hueBad = 0;
    let dark = 0;
    let dots = 0;
    let outChanged = 0;
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const j = (y * W + x) * 4;
        const { orig, res } = h1;
        const a = lab(orig[j], orig[j + 1], orig[j + 2]);
        const b = lab(res[j], res[j + 1], res[j + 2]);
        maxDL = Math.max(maxDL, Math.abs(a[0] - b[0]));
        const d = inside(x + 0.5, y + 0.5);
        if (d > 4) {
          n++;
          if (a[0] < 30) dark++;
          if (x >= 150 && x < 230 && y >= 100 && y < 150 && orig[j] < 60) dots++;
          const dh = Math.abs(Math.atan2(b[2], b[1]) - want);
          if (Math.hypot(b[1], b[2]) < 10 || Math.min(dh, 2 * Math.PI - dh) > 0.2) hueBad++;
        } else if (d < -4 && (res[j] !== orig[j] || res[j + 1] !== orig[j + 1] || res[j + 2] !== orig[j + 2]))
          outChanged++;
      }
    return { maxDL, n, hueBad, dark, dots, outChanged };
  })();
  log(
    `shaded panel: shirt ${shaded.n} px (dark tone ${shaded.dark}, dot pixels ${shaded.dots}), off-hue ${shaded.hueBad}, max ΔL* ${shaded.maxDL.toFixed(3)}, changed outside ${shaded.outChanged}`,
  );
  assert.ok(
    shaded.dark > 1000 && shaded.dots > 500,
    `the shirt has dark shading and dots (${shaded.dark}, ${shaded.dots})`,
  );
  assert.equal(shaded.hueBad, 0, 'every shirt pixel (dark shading and dots included) takes the hint hue');
  assert.ok(shaded.maxDL <= 0.6, `L* kept per pixel (max ΔL* ${shaded.maxDL} ≤ 0.6, 8-bit rounding)`);
  assert.equal(shaded.outChanged, 0, 'the head and the paper are untouched');
  await page.screenshot({ path: path.join(shots, 'flats-shaded-1280x720.png') });

  // 10. the bucket on white paper (the head) in "Gray (keep tones)": lightness is kept, so white
  // stays white — the user is told so and pointed to "Line art", which fills white with the colour
  const SKIN = [240, 170, 140];
  await view().locator('[data-testid=hint-color]').fill('#f0aa8c');
  await click([160, 30]);
  await waitResultHints(2);
  const paper = page.locator('toon-notifier [part=notice]', { hasText: 'white paper' });
  await paper.waitFor({ timeout: 60_000 });
  assert.match(await paper.innerText(), /shaded\.png: 1 filled area/, 'the notice names the panel and counts the area');
  const headAt = (s) => s.res.slice((30 * W + 160) * 4, (30 * W + 160) * 4 + 3);
  const white = await waitStored('shaded.png', (s) => s.hints === 2 && s.res, 'the head hinted in keep tones');
  assert.deepEqual(headAt(white), [255, 255, 255], 'white paper stays white with tones kept');
  await page.screenshot({ path: path.join(shots, 'flats-paper-notice-1280x720.png') });
  await view().locator('[data-testid=colorize-kind]').selectOption('lineart');
  const asLineart = await waitStored(
    'shaded.png',
    (s) => s.res && headAt(s).every((v, k) => v === SKIN[k]),
    'the head filled with its colour as line art',
  );
  assert.equal(asLineart.hints, 2, 'switching the kind keeps the hints');

  // screenshots: show the line-art panel with its flats
  await view().locator('[data-testid=colorize-panel]').first().click();
  await page.waitForFunction(() =>
    /^4 /.test(
      document
        .querySelector('toon-app')
        ?.shadowRoot?.querySelector('toon-colorize-view')
        ?.shadowRoot?.querySelector('[data-testid=colorize-hint-count]')?.textContent ?? '',
    ),
  );
  await page.screenshot({ path: path.join(shots, 'flats-1280x720.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: path.join(shots, 'flats-390x844.png'), fullPage: true });
  await context.close();
}
