#!/usr/bin/env node
/**
 * End-to-end runner: serves the BUILT app (`dist/`, run `npx vite build` first) with `vite preview`
 * on a free 127.0.0.1 port, launches Debian Chromium through playwright-core, and runs every
 * test/e2e/*.e2e.mjs (or those whose file name contains one of the argv filters).
 *
 * A test file: `export default async function (ctx) { ... }`, optional `export const timeout = ms`.
 * ctx = {
 *   browser, baseURL, assert (node:assert/strict), fixturesDir, distDir (the served build),
 *   log(...args), name,
 *   newContext(opts?)  fresh BrowserContext (baseURL set); every request it or its service worker
 *                      makes is recorded and the test FAILS if any leaves baseURL's origin; console
 *                      messages are recorded and any Content-Security-Policy violation FAILS it,
 *   requests           [{ url, method, resourceType }] recorded so far in this test,
 *   console            [{ type, text }] recorded so far in this test; any console error or uncaught
 *                      page error FAILS the test unless declared expected:
 *   expectErrors(re)   a console error whose text matches `re` is part of what the test provokes,
 * }
 * Each context waits 90 s by default (Playwright: 30) for a wait without its own timeout.
 * Contexts are closed after each test. Prints "✓ name" / "✗ name", then "N passed, N failed";
 * exit code 1 if any failed. The server and browser are always shut down.
 * Env: TOON_DIST (serve another build folder than dist/), E2E_TIMEOUT_MS (default per test 240000), E2E_HEADED=1, E2E_CHROMIUM (executable).
 */
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { root, distDir, assertBuilt, startPreview, launchBrowser, contextFactory, withTimeout } from './harness.mjs';

const here = path.join(root, 'test/e2e');
const DEFAULT_TIMEOUT = Number(process.env.E2E_TIMEOUT_MS || 240_000);

async function main() {
  const filters = process.argv.slice(2);
  const files = fs
    .readdirSync(here)
    .filter((f) => f.endsWith('.e2e.mjs'))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
  assertBuilt();
  if (files.length === 0) {
    console.log('0 passed, 0 failed');
    return 0;
  }
  const server = await startPreview();
  let browser;
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, async () => {
      await browser?.close().catch(() => {});
      server.stop();
      process.exit(130);
    });
  }
  let passed = 0;
  let failed = 0;
  const failures = [];
  try {
    browser = await launchBrowser();
    for (const file of files) {
      const name = file.replace(/\.e2e\.mjs$/, '');
      const rec = contextFactory(browser, server.baseURL);
      const ctx = {
        browser,
        baseURL: server.baseURL,
        assert,
        name,
        fixturesDir: path.join(root, 'test/fixtures'),
        distDir,
        requests: rec.requests,
        console: rec.console,
        newContext: rec.newContext,
        expectErrors: rec.expectErrors,
        log: (...a) => console.log(`    [${name}]`, ...a),
      };
      const t0 = Date.now();
      try {
        const mod = await import(path.join(here, file));
        if (typeof mod.default !== 'function') throw new Error(`${file} has no default export function`);
        await withTimeout(mod.default(ctx), mod.timeout ?? DEFAULT_TIMEOUT, name);
        assert.deepEqual(rec.offOrigin, [], `requests left the origin ${server.baseURL}`);
        assert.deepEqual(rec.cspViolations, [], 'Content-Security-Policy violations in the console');
        assert.deepEqual(
          rec.unexpectedErrors(),
          [],
          'console errors (declare expected ones with ctx.expectErrors(/re/))',
        );
        passed++;
        console.log(`✓ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      } catch (e) {
        failed++;
        failures.push(
          `✗ ${name}: ${String(e?.message || e)
            .split('\n')
            .slice(0, 6)
            .join(' | ')}`,
        );
        console.log(`✗ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
        console.log(
          String(e?.stack || e)
            .split('\n')
            .map((l) => '    ' + l)
            .join('\n'),
        );
        const errs = rec.console.filter((m) => m.type === 'error' || m.type === 'pageerror').slice(-10);
        if (errs.length) console.log('    browser errors:\n' + errs.map((m) => '      ' + m.text).join('\n'));
      } finally {
        await rec.closeAll();
      }
    }
  } finally {
    await browser?.close().catch(() => {});
    server.stop();
  }
  // Failures repeated last, so a log that keeps only its tail still names them.
  if (failures.length) console.log('Failed:\n' + failures.map((f) => '  ' + f).join('\n'));
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
