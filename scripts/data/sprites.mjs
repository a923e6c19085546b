// Rasterizes every OpenMoji emoji (color SVG and black line-art SVG, same 72×72 viewBox, so the
// two are pixel-aligned) with resvg at each size, and writes data/build/sprites_<S>.npz:
//   color: uint8 [N,S,S,4]  straight (non-premultiplied) RGBA, transparent background
//   line:  uint8 [N,S,S]    ink coverage of the black line art (0 = none, 255 = full black)
// plus data/build/sprites.json (metadata, see meta.mjs). Sprite id = row index.
import { Resvg } from '@resvg/resvg-js';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { writeNpz } from './npz.mjs';
import { buildSpriteMeta } from './meta.mjs';

const require = createRequire(import.meta.url);
const OPENMOJI = path.dirname(require.resolve('openmoji/package.json'));

function render(svg, size) {
  const img = new Resvg(svg, {
    fitTo: { mode: 'width', value: size },
    font: { loadSystemFonts: false },
  }).render();
  if (img.width !== size || img.height !== size) {
    throw new Error(`resvg gave ${img.width}x${img.height}, expected ${size}`);
  }
  return img.pixels;
}

export function buildSprites(outDir, sizes, log = console.log) {
  const meta = buildSpriteMeta();
  const n = meta.length;
  const t0 = Date.now();
  const results = {};
  const svgs = meta.map((m) => ({
    color: fs.readFileSync(path.join(OPENMOJI, 'color/svg', `${m.hexcode}.svg`)),
    black: fs.readFileSync(path.join(OPENMOJI, 'black/svg', `${m.hexcode}.svg`)),
  }));
  for (const size of sizes) {
    const px = size * size;
    const color = new Uint8Array(n * px * 4);
    const line = new Uint8Array(n * px);
    for (let i = 0; i < n; i++) {
      color.set(render(svgs[i].color, size), i * px * 4);
      const b = render(svgs[i].black, size);
      const off = i * px;
      for (let p = 0; p < px; p++) {
        // ink = alpha × darkness; black SVG strokes are #000 (one stray white stroke exists)
        const lum = 0.299 * b[p * 4] + 0.587 * b[p * 4 + 1] + 0.114 * b[p * 4 + 2];
        line[off + p] = Math.round(b[p * 4 + 3] * (1 - lum / 255));
      }
      if ((i + 1) % 1000 === 0) log(`  sprites ${size}px: ${i + 1}/${n}`);
    }
    const file = path.join(outDir, `sprites_${size}.npz`);
    const bytes = writeNpz(file, [
      { name: 'color', data: color, dtype: 'u1', shape: [n, size, size, 4] },
      { name: 'line', data: line, dtype: 'u1', shape: [n, size, size] },
    ]);
    results[size] = bytes;
    log(`  wrote ${path.relative(process.cwd(), file)} (${(bytes / 1e6).toFixed(1)} MB)`);
  }
  fs.writeFileSync(path.join(outDir, 'sprites.json'), JSON.stringify({
    version: 1,
    source: 'openmoji@17.0.0 + emojibase-data@17.0.0',
    count: n,
    sizes,
    sprites: meta,
  }));
  log(`  sprites: ${n} emoji in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return { meta, bytes: results };
}
