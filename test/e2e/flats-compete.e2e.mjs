// Competing hints (issue 13), through the UI like a person: open Colorize with the nav link, drop a
// gray panel drawn in the page — a light sky tone over a dark wall tone with NO line between them
// (the way many toned panels are drawn), a framed border — → it is one region → with the point tool,
// a blue hint in the sky and a brown one on the wall → from the STORED result: every sky pixel takes
// the blue's hue and every wall pixel the brown's (2 px from the step aside), L* kept per pixel →
// the bucket, green, in the sky → the bucket replaces: the whole region, wall included, is green,
// and the two hints it replaced leave the list (the count reads 1 hint, the stored list holds the
// bucket alone) → Undo brings the two back, blue sky and brown wall again → a line-art box with a
// 10-px break in its outline: the warning stands under the picture (no notice), the box is outlined
// and the break itself circled.
// Screenshot 1280×720 in test-results/flats-compete/.
import fs from 'node:fs';
import path from 'node:path';
import { root } from './harness.mjs';
import { colorizeWaits } from './stored-panel.mjs';

export const timeout = 240_000;

const W = 320;
const H = 200;
const STEP = 110; // sky above, wall below

/** In the page: the two-tone panel as a PNG file in a DataTransfer. */
function drawPanel({ w, h, step, name }) {
  return (async () => {
    const c = new OffscreenCanvas(w, h);
    const g = c.getContext('2d');
    g.fillStyle = '#d2d2d2';
    g.fillRect(0, 0, w, step);
    g.fillStyle = '#6e6e6e';
    g.fillRect(0, step, w, h - step);
    g.strokeStyle = '#000';
    g.lineWidth = 4;
    g.strokeRect(2, 2, w - 4, h - 4);
    const blob = await c.convertToBlob({ type: 'image/png' });
    const d = new DataTransfer();
    d.items.add(new File([blob], name, { type: 'image/png' }));
    return d;
  })();
}

/** In the page: per area (sky / wall, 2 px off the step and 8 px off the frame) the pixels whose hue is within 25° of each colour, and the largest ΔL* vs the panel. */
function hueStats({ orig, res, w, h, step, colours }) {
  const lin = (c) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const f = (t) => (t > (6 / 29) ** 3 ? Math.cbrt(t) : t / (3 * (6 / 29) ** 2) + 4 / 29);
  const lab = (r, g, b) => {
    const [R, G, B] = [lin(r), lin(g), lin(b)];
    const x = (0.4124564 * R + 0.3575761 * G + 0.1804375 * B) / 0.95047;
    const y = 0.2126729 * R + 0.7151522 * G + 0.072175 * B;
    const z = (0.0193339 * R + 0.119192 * G + 0.9503041 * B) / 1.08883;
    return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
  };
  const hues = colours.map(([r, g, b]) => {
    const [, a, bb] = lab(r, g, b);
    return Math.atan2(bb, a);
  });
  const out = { sky: colours.map(() => 0), wall: colours.map(() => 0), skyN: 0, wallN: 0, maxDL: 0 };
  for (let y = 8; y < h - 8; y++)
    for (let x = 8; x < w - 8; x++) {
      if (Math.abs(y + 0.5 - step) < 2) continue;
      const j = (y * w + x) * 4;
      const [L, a, b] = lab(res[j], res[j + 1], res[j + 2]);
      out.maxDL = Math.max(out.maxDL, Math.abs(L - lab(orig[j], orig[j + 1], orig[j + 2])[0]));
      const area = y < step ? 'sky' : 'wall';
      out[`${area}N`]++;
      if (Math.hypot(a, b) < 4) continue;
      const hue = Math.atan2(b, a);
      hues.forEach((t, k) => {
        const d = Math.abs(Math.atan2(Math.sin(hue - t), Math.cos(hue - t)));
        if (d < (25 * Math.PI) / 180) out[area][k]++;
      });
    }
  return out;
}

export default async function (ctx) {
  const { assert, log } = ctx;
  const shots = path.join(root, 'test-results/flats-compete');
  fs.mkdirSync(shots, { recursive: true });
  const context = await ctx.newContext({ locale: 'en-US', viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto('/');
  await page.locator('toon-app nav a[data-route=colorize]').click();
  const view = page.locator('toon-colorize-view');
  const drop = view.locator('[data-testid=colorize-drop]');
  await drop.waitFor({ timeout: 60_000 });
  const { attr, waitStored: waitFor, waitResultHints } = colorizeWaits(page);
  const waitStored = (pred, what) => waitFor('two-tones.png', pred, what);

  const dt = await page.evaluateHandle(drawPanel, { w: W, h: H, step: STEP, name: 'two-tones.png' });
  await drop.dispatchEvent('drop', { dataTransfer: dt });
  await page.waitForFunction(
    () =>
      document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-colorize-view')?.dataset.run === 'preview',
    undefined,
    { timeout: 120_000 },
  );
  assert.equal(await attr('data-kind'), 'gray', 'detected as a gray panel');
  const regions = Number(await attr('data-regions'));
  log(`regions ${regions} (sky and wall have no line between them)`);
  assert.equal(regions, 1, 'sky and wall are one region of the line model');

  const img = view.locator('[data-testid=colorize-image]');
  const click = async ([x, y]) => {
    const box = await img.boundingBox();
    await page.mouse.click(box.x + ((x + 0.5) * box.width) / W, box.y + ((y + 0.5) * box.height) / H);
  };
  const BLUE = [40, 110, 230];
  const BROWN = [150, 80, 30];
  const GREEN = [40, 170, 60];
  const hex = (c) => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;

  // two point hints of different colours in the one region: they share it out along the tone step
  await view.locator('[data-testid=colorize-tool]').selectOption('point');
  await view.locator('[data-testid=hint-color]').fill(hex(BLUE));
  await click([60, 40]);
  await waitResultHints(1);
  await view.locator('[data-testid=hint-color]').fill(hex(BROWN));
  await click([250, 160]);
  await waitResultHints(2);
  const two = await waitStored((s) => s.hints === 2 && s.res, 'the result with two hints');
  const s2 = await page.evaluate(hueStats, { ...two, w: W, h: H, step: STEP, colours: [BLUE, BROWN] });
  log(
    `two hints: sky ${s2.sky[0]} / ${s2.skyN} px blue, wall ${s2.wall[1]} / ${s2.wallN} px brown; max ΔL* ${s2.maxDL.toFixed(2)}`,
  );
  assert.equal(s2.sky[0], s2.skyN, 'every sky pixel takes the blue hint');
  assert.equal(s2.wall[1], s2.wallN, 'every wall pixel takes the brown hint');
  assert.ok(s2.maxDL < 1, `L* kept per pixel (max ΔL* ${s2.maxDL.toFixed(2)})`);
  await page.screenshot({ path: path.join(shots, 'compete-1280x720.png') });

  // the bucket replaces every earlier hint in its region
  await view.locator('[data-testid=colorize-tool]').selectOption('fill');
  await view.locator('[data-testid=hint-color]').fill(hex(GREEN));
  await click([160, 30]);
  await waitResultHints(3);
  // the two hints it replaced colour nothing: they leave the list, in the bucket's undo step
  const one = await waitStored((s) => s.hints === 1 && s.res, 'the bucket alone in the stored list');
  const s3 = await page.evaluate(hueStats, { ...one, w: W, h: H, step: STEP, colours: [GREEN] });
  log(`bucket: sky ${s3.sky[0]} / ${s3.skyN}, wall ${s3.wall[0]} / ${s3.wallN} px green`);
  assert.equal(s3.sky[0] + s3.wall[0], s3.skyN + s3.wallN, 'the bucket turns the whole region green');
  const count = view.locator('[data-testid=colorize-hint-count]');
  await page.waitForFunction((el) => el.textContent.trim() === '1 hint(s)', await count.elementHandle());
  assert.equal(one.past, 3, 'the bucket is one undo step after the two point hints');
  await page.screenshot({ path: path.join(shots, 'bucket-1280x720.png') });

  // Undo: the bucket goes, the two point hints come back with their colours
  await view.locator('[data-testid=colorize-undo]').click();
  await waitResultHints(2);
  const back = await waitStored((s) => s.hints === 2 && s.res && s.future === 1, 'the two hints after Undo');
  const s4 = await page.evaluate(hueStats, { ...back, w: W, h: H, step: STEP, colours: [BLUE, BROWN] });
  assert.equal(s4.sky[0], s4.skyN, 'after Undo every sky pixel is blue again');
  assert.equal(s4.wall[1], s4.wallN, 'after Undo every wall pixel is brown again');

  // A line-art panel whose box has a 10-px break in its outline (wider than "Close gaps" 3 px): the
  // fill is stopped there, the warning stands under the picture and the box is outlined, dashed.
  const broken = await page.evaluateHandle(() =>
    (async () => {
      const c = new OffscreenCanvas(320, 200);
      const g = c.getContext('2d');
      g.fillStyle = '#fff';
      g.fillRect(0, 0, 320, 200);
      g.fillStyle = '#000';
      g.fillRect(80, 50, 160, 3); // top edge with a break at x 150–160
      g.clearRect(150, 50, 10, 3);
      g.fillStyle = '#fff';
      g.fillRect(150, 50, 10, 3);
      g.fillStyle = '#000';
      g.fillRect(80, 147, 160, 3);
      g.fillRect(80, 50, 3, 100);
      g.fillRect(237, 50, 3, 100);
      const d = new DataTransfer();
      d.items.add(new File([await c.convertToBlob({ type: 'image/png' })], 'broken-box.png', { type: 'image/png' }));
      return d;
    })(),
  );
  await drop.dispatchEvent('drop', { dataTransfer: broken });
  const warn = view.locator('[data-testid=colorize-capped]');
  await warn.waitFor({ timeout: 120_000 });
  assert.match(await warn.innerText(), /broken-box\.png: .*outlined with dashes/, 'the warning says where to look');
  await view.locator('[data-testid=colorize-canvas][data-marks="1"]').waitFor();
  // …and the break itself is circled: one box across the opening at x 150–160 of the top edge (y 50–53)
  const gaps = (await view.locator('[data-testid=colorize-canvas]').getAttribute('data-gaps')).split(' ');
  assert.equal(gaps.length, 1, `one break named (${gaps})`);
  const [gx0, gy0, gx1, gy1] = gaps[0].split(',').map(Number);
  assert.ok(gx0 >= 146 && gx1 <= 164 && gy0 >= 44 && gy1 <= 59, `the circle is on the break (${gaps[0]})`);
  assert.match(await warn.innerText(), /red circles mark the breaks/);
  assert.equal(
    await page.locator('toon-notifier [part=notice]', { hasText: 'breaks wider than' }).count(),
    0,
    'the selected panel’s warning is not repeated as a notice',
  );
  await page.screenshot({ path: path.join(shots, 'capped-1280x720.png') });

  // Coloured (a bucket in the box) and reloaded: the warning, the dashed box and the circle come
  // back with the stored picture (a trial saw them only after a recolour).
  await view.locator('[data-testid=colorize-tool]').selectOption('fill');
  const ib = await view.locator('[data-testid=colorize-image]').boundingBox();
  await page.mouse.click(ib.x + (160.5 * ib.width) / 320, ib.y + (100.5 * ib.height) / 200);
  await waitResultHints(1);
  await page.reload();
  await view.locator('[data-testid=colorize-capped]').waitFor({ timeout: 120_000 });
  await view.locator('[data-testid=colorize-canvas][data-marks="1"]').waitFor();
  assert.equal(
    (await view.locator('[data-testid=colorize-canvas]').getAttribute('data-gaps')).split(' ').length,
    1,
    'the break is circled again after the reload',
  );
  await context.close();
}
