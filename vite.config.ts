/// <reference types="node" />
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(fileURLToPath(import.meta.url));

// Cross-origin isolation lets onnxruntime-web use WASM threads (SharedArrayBuffer).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * Shipped models: every file listed in models/manifest.json (`models[].files`, paths relative to
 * models/) is served at /models/<path> — copied into dist/models/ on build, served from the repo
 * in dev — plus /models/manifest.json with each file's byte size filled in. Nothing else under
 * models/ (training code, runs) ships.
 */
interface ManifestModel {
  id: string;
  files: (string | { path: string })[];
  [k: string]: unknown;
}
const MODELS_DIR = path.join(ROOT, 'models');

function readModelsManifest(): { models: ManifestModel[]; [k: string]: unknown } {
  const file = path.join(MODELS_DIR, 'manifest.json');
  if (!fs.existsSync(file)) return { version: 1, models: [] };
  return JSON.parse(fs.readFileSync(file, 'utf8')) as { models: ManifestModel[] };
}

function builtModelsManifest() {
  const manifest = readModelsManifest();
  const models = manifest.models.map((m) => {
    const files = m.files.map((f) => {
      const rel = typeof f === 'string' ? f : f.path;
      const abs = path.join(MODELS_DIR, rel);
      if (!abs.startsWith(MODELS_DIR + path.sep) || !fs.existsSync(abs))
        throw new Error(`models/manifest.json: ${m.id} lists missing file ${rel}`);
      return { path: rel, bytes: fs.statSync(abs).size };
    });
    return { ...m, files, bytes: files.reduce((s, f) => s + f.bytes, 0) };
  });
  return { ...manifest, models };
}

function shippedModels(): Plugin {
  return {
    name: 'toonsmith-shipped-models',
    configureServer(server) {
      server.middlewares.use('/models/', (req, res, next) => {
        const rel = decodeURIComponent((req.url ?? '').split('?')[0]).replace(/^\/+/, '');
        const manifest = builtModelsManifest();
        if (rel === 'manifest.json') {
          res.setHeader('Content-Type', 'application/json');
          res.end(JSON.stringify(manifest));
          return;
        }
        const listed = manifest.models.some((m) => m.files.some((f) => f.path === rel));
        if (!listed) return next();
        fs.createReadStream(path.join(MODELS_DIR, rel)).pipe(res);
      });
    },
    generateBundle() {
      const manifest = builtModelsManifest();
      for (const m of manifest.models)
        for (const f of m.files)
          this.emitFile({
            type: 'asset',
            fileName: `models/${f.path}`,
            source: fs.readFileSync(path.join(MODELS_DIR, f.path)),
          });
      this.emitFile({ type: 'asset', fileName: 'models/manifest.json', source: JSON.stringify(manifest, null, 2) });
    },
  };
}

// The CSP lives in index.html's <meta>; the preview server repeats it as a header.
const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(
  fs.readFileSync(path.join(ROOT, 'index.html'), 'utf8'),
)?.[1];
if (!csp) throw new Error('index.html must carry the Content-Security-Policy meta tag');
const previewHeaders = { ...isolation, 'Content-Security-Policy': `${csp}; frame-ancestors 'none'` };
// The service worker adds these to every response it serves, so a static host that sends no
// headers still gets the CSP on workers, no framing and cross-origin isolation after the first load.
const swHeaders = { ...previewHeaders, 'X-Frame-Options': 'DENY' };

export default defineConfig({
  worker: { format: 'es' },
  server: { headers: isolation },
  preview: { headers: previewHeaders },
  build: { target: 'es2022', assetsInlineLimit: 0, chunkSizeWarningLimit: 2048 },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  plugins: [
    shippedModels(),
    VitePWA({
      // A hand-written service worker (workers/sw/sw.ts): workbox-compatible precache, plus the
      // security headers on every response it serves (see swHeaders above).
      strategies: 'injectManifest',
      srcDir: 'workers/sw',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false, // src/app/pwa.ts registers with workbox-window
      manifest: false, // public/manifest.webmanifest is the manifest
      injectManifest: {
        // Exactly what the app loads, so it works offline: the shell, the ONE onnxruntime-web binary
        // (asyncify, ~27 MB — workers/runtime/env.ts) and the models of models/manifest.json.
        // Shipped but never loaded: the font's licence text, the maskable icon's SVG source.
        // `scripts/check-precache.mjs` (npm test, after the build) checks this list against what loads.
        globPatterns: ['**/*.{html,js,mjs,css,wasm,svg,png,ico,webmanifest,json,onnx,txt,bin,ttf,woff2}'],
        globIgnores: ['fonts/*.txt', 'icons/maskable.svg'],
        maximumFileSizeToCacheInBytes: 200 * 1024 * 1024,
        buildPlugins: {
          vite: [
            {
              name: 'toonsmith-sw-headers',
              config: () => ({ define: { __TOON_SW_HEADERS__: JSON.stringify(swHeaders) } }),
            },
          ],
        },
      },
    }),
  ],
});
