/**
 * Shared by the e2e and bench runners: serve dist/ with `vite preview` on a free 127.0.0.1 port
 * (COOP/COEP/CSP headers from vite.config.ts) and launch Debian Chromium via playwright-core.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The build to serve: dist/ unless TOON_DIST names another folder (e.g. `vite build --outDir`). */
export const distDir = path.resolve(root, process.env.TOON_DIST || 'dist');
export const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function freePort() {
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

export function assertBuilt() {
  if (!fs.existsSync(path.join(distDir, 'index.html')))
    throw new Error(`${distDir} is missing: run \`npx vite build\` first (npm test does).`);
}

/** Starts `vite preview`; returns { baseURL, stop(), log() }. */
export async function startPreview() {
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const proc = spawn(
    process.execPath,
    [
      path.join(root, 'node_modules/vite/bin/vite.js'),
      'preview',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--strictPort',
      '--outDir',
      distDir,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let out = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (out += d));
  const stop = () => {
    try {
      process.kill(-proc.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  process.on('exit', stop);
  const end = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`vite preview exited with ${proc.exitCode}\n${out}`);
    try {
      if ((await fetch(baseURL + '/')).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > end) {
      stop();
      throw new Error(`vite preview did not answer at ${baseURL}\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { baseURL, stop, log: () => out };
}

export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: process.env.E2E_HEADED !== '1' });
}

/**
 * Context factory recording requests and console: `offOrigin` gets every URL outside `origin`,
 * `cspViolations` every console message about the Content-Security-Policy, `errors` every console
 * error and uncaught page error (pages and workers) that the test did not declare expected with
 * `rec.expectErrors(regexp)` — the runner fails a test with any of them.
 */
export function contextFactory(browser, baseURL) {
  const origin = new URL(baseURL).origin;
  const rec = { contexts: [], requests: [], console: [], offOrigin: [], cspViolations: [], expected: [] };
  rec.expectErrors = (re) => rec.expected.push(re);
  /** Console errors and page errors not declared expected (checked when the test ends). */
  rec.unexpectedErrors = () =>
    rec.console
      .filter((e) => e.type === 'error' || e.type === 'pageerror')
      .filter((e) => !/Content.Security.Policy/i.test(e.text))
      .filter((e) => !rec.expected.some((re) => re.test(e.text)))
      .map((e) => `${e.type}: ${e.text}`);
  const watchPage = (page) => {
    page.on('console', (msg) => {
      const entry = { type: msg.type(), text: msg.text() };
      rec.console.push(entry);
      if (/Content.Security.Policy/i.test(entry.text)) rec.cspViolations.push(entry.text);
    });
    page.on('pageerror', (err) => rec.console.push({ type: 'pageerror', text: String(err) }));
  };
  rec.newContext = async (opts = {}) => {
    const context = await browser.newContext({ baseURL, ...opts });
    // Waits without their own timeout (waitFor, clicks) get 90 s, not Playwright's 30: CI is a
    // loaded 2-core machine, and the first visit fills the precache while the test runs. A wait
    // for state, so a pass is as quick as before.
    context.setDefaultTimeout(90_000);
    rec.contexts.push(context);
    context.on('request', (req) => {
      const url = req.url();
      rec.requests.push({ url, method: req.method(), resourceType: req.resourceType() });
      if (/^(data|blob|about|chrome-extension):/.test(url)) return;
      try {
        if (new URL(url).origin !== origin) rec.offOrigin.push(url);
      } catch {
        rec.offOrigin.push(url);
      }
    });
    context.on('page', watchPage);
    return context;
  };
  rec.closeAll = async () => {
    for (const c of rec.contexts) await c.close().catch(() => {});
  };
  return rec;
}

export function withTimeout(promise, ms, name) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${name}: timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
