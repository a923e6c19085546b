/**
 * A plain static file server for e2e tests, as a static host serves the build: files from one
 * folder with a Content-Type, no other headers (no COOP/COEP, no CSP, no X-Frame-Options), no
 * SPA fallback (unknown paths get 404). `routes` adds test-only answers by path
 * (`(req, res) => void`), which are not part of the build. Every request is counted in `hits`.
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from './harness.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
};

/** Starts a server on a free 127.0.0.1 port; returns { baseURL, hits: [{ method, url }], stop() }. */
export async function startStaticServer(dir, routes = {}) {
  const root = dir ? path.resolve(dir) : undefined;
  const hits = [];
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    hits.push({ method: req.method, url: req.url });
    const route = routes[pathname];
    if (route) return route(req, res);
    if (!root || (req.method !== 'GET' && req.method !== 'HEAD')) return notFound(res);
    let file = path.join(root, pathname);
    if (!file.startsWith(root + path.sep) && file !== root) return notFound(res);
    if (pathname.endsWith('/')) file = path.join(file, 'index.html');
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) return notFound(res);
      res.writeHead(200, {
        'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'Content-Length': st.size,
      });
      if (req.method === 'HEAD') return res.end();
      fs.createReadStream(file).pipe(res);
    });
  });
  const port = await freePort();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    baseURL: `http://127.0.0.1:${port}`,
    hits,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

function notFound(res) {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end('not found');
}
