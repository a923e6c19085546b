#!/usr/bin/env node
/**
 * End-to-end runner: serves the BUILT app (`dist/`, run `npx vite build` first) with `vite preview`
 * on a free 127.0.0.1 port, launches Debian Chromium through playwright-core, and runs every
 * test/e2e/*.e2e.mjs (or those whose file name contains one of the argv filters).
 *
 * A test file: `export default async function (ctx) { ... }`, optional `export const timeout = ms`.
 * ctx = {
 *   browser, baseURL, assert (node:assert/strict), fixturesDir, log(...args), name,
 *   newContext(opts?)  fresh BrowserContext; every request it (or its service worker) makes is
 *                      recorded and the test FAILS if any leaves baseURL's origin; console
 *                      messages are recorded and any Content-Security-Policy violation FAILS it,
 *   requests           [{ url, method, resourceType }] recorded so far in this test,
 *   console            [{ type, text }] recorded so far in this test,
 * }
 * Contexts are closed after each test. Prints "✓ name" / "✗ name", then "N passed, N failed";
 * exit code 1 if any failed. The server and browser are always shut down.
 * Env: E2E_TIMEOUT_MS (default per test 240000), E2E_HEADED=1, E2E_CHROMIUM (executable).
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const DEFAULT_TIMEOUT = Number(process.env.E2E_TIMEOUT_MS || 240_000);
const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForServer(url, proc, ms = 60_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (proc.exitCode !== null) throw new Error(`vite preview exited with ${proc.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`vite preview did not answer at ${url} within ${ms} ms`);
}

function withTimeout(promise, ms, name) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${name}: timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function main() {
  const filters = process.argv.slice(2);
  const files = fs
    .readdirSync(here)
    .filter((f) => f.endsWith('.e2e.mjs'))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
  if (!fs.existsSync(path.join(root, 'dist', 'index.html'))) {
    console.error('dist/ is missing: run `npx vite build` first (npm test does).');
    process.exit(1);
  }
  if (files.length === 0) {
    console.log('0 passed, 0 failed');
    return 0;
  }

  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const server = spawn(
    process.execPath,
    [path.join(root, 'node_modules/vite/bin/vite.js'), 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let serverLog = '';
  server.stdout.on('data', (d) => (serverLog += d));
  server.stderr.on('data', (d) => (serverLog += d));
  let browser;
  const cleanup = () => {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  process.on('exit', cleanup);
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, async () => {
      await browser?.close().catch(() => {});
      cleanup();
      process.exit(130);
    });
  }

  let passed = 0;
  let failed = 0;
  try {
    await waitForServer(baseURL + '/', server).catch((e) => {
      console.error(serverLog);
      throw e;
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ARGS,
      headless: process.env.E2E_HEADED !== '1',
    });
    const origin = new URL(baseURL).origin;

    for (const file of files) {
      const name = file.replace(/\.e2e\.mjs$/, '');
      const contexts = [];
      const requests = [];
      const consoleMessages = [];
      const offOrigin = [];
      const cspViolations = [];
      const watchPage = (page) => {
        page.on('console', (msg) => {
          const entry = { type: msg.type(), text: msg.text() };
          consoleMessages.push(entry);
          if (/Content.Security.Policy/i.test(entry.text)) cspViolations.push(entry.text);
        });
        page.on('pageerror', (err) => consoleMessages.push({ type: 'pageerror', text: String(err) }));
      };
      const ctx = {
        browser,
        baseURL,
        assert,
        name,
        fixturesDir: path.join(root, 'test/fixtures'),
        requests,
        console: consoleMessages,
        log: (...a) => console.log(`    [${name}]`, ...a),
        async newContext(opts = {}) {
          const context = await browser.newContext({ baseURL, ...opts });
          contexts.push(context);
          context.on('request', (req) => {
            const url = req.url();
            requests.push({ url, method: req.method(), resourceType: req.resourceType() });
            if (/^(data|blob|about|chrome-extension):/.test(url)) return;
            try {
              if (new URL(url).origin !== origin) offOrigin.push(url);
            } catch {
              offOrigin.push(url);
            }
          });
          context.on('page', watchPage);
          return context;
        },
      };
      const t0 = Date.now();
      try {
        const mod = await import(path.join(here, file));
        if (typeof mod.default !== 'function') throw new Error(`${file} has no default export function`);
        await withTimeout(mod.default(ctx), mod.timeout ?? DEFAULT_TIMEOUT, name);
        assert.deepEqual(offOrigin, [], `requests left the origin ${origin}`);
        assert.deepEqual(cspViolations, [], 'Content-Security-Policy violations in the console');
        passed++;
        console.log(`✓ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      } catch (e) {
        failed++;
        console.log(`✗ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
        console.log(String(e?.stack || e).split('\n').map((l) => '    ' + l).join('\n'));
        const errs = consoleMessages.filter((m) => m.type === 'error' || m.type === 'pageerror').slice(-10);
        if (errs.length) console.log('    browser errors:\n' + errs.map((m) => '      ' + m.text).join('\n'));
      } finally {
        for (const c of contexts) await c.close().catch(() => {});
      }
    }
  } finally {
    await browser?.close().catch(() => {});
    cleanup();
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
