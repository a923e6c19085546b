#!/usr/bin/env node
// Rasterizes the app icons (public/icons/*.svg → PNGs referenced by public/manifest.webmanifest).
// Run after editing the SVGs: node scripts/make-icons.mjs
import { Resvg } from '@resvg/resvg-js';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../public/icons');
const jobs = [
  ['icon.svg', 'icon-192.png', 192],
  ['icon.svg', 'icon-512.png', 512],
  ['maskable.svg', 'maskable-192.png', 192],
  ['maskable.svg', 'maskable-512.png', 512],
];
for (const [src, out, size] of jobs) {
  const svg = fs.readFileSync(path.join(dir, src), 'utf8');
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
  fs.writeFileSync(path.join(dir, out), png);
  console.log(`${out}: ${size}×${size}, ${png.length} bytes`);
}
