// Shared by e2e tests that drive the app's BUILT workers from the page (not a test itself): finds a
// worker's hashed asset in the build and bundles a page-side driver entry (test/e2e/*.entry.ts) into
// the served folder, at /<dir>/<file>. The caller removes `out` when done.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { root } from './harness.mjs';

/** File name of the built worker `<name>.worker-<hash>.js` under dist/assets (undefined if absent). */
export function workerAsset(distDir, name) {
  return fs.readdirSync(path.join(distDir, 'assets')).find((f) => new RegExp(`^${name}\\.worker-.*\\.js$`).test(f));
}

/** Bundles `test/e2e/<entry>` as an ES module at <distDir>/<dir>/<file>; returns that folder. */
export async function buildDriver(distDir, entry, dir, file) {
  const out = path.join(distDir, dir);
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    build: {
      outDir: out,
      emptyOutDir: true,
      target: 'es2022',
      lib: { entry: path.join(root, 'test/e2e', entry), formats: ['es'], fileName: () => file },
    },
  });
  return out;
}
