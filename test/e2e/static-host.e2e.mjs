// The built app on a plain static host (test/e2e/static-server.mjs: files with a Content-Type and
// no other header — no CSP, no COOP/COEP, no X-Frame-Options), as most deployments serve it:
// - first visit works single-threaded (not isolated) and stays on its origin;
// - once the service worker controls the page, every response it serves carries the CSP (with
//   frame-ancestors 'none'), COOP/COEP/CORP and X-Frame-Options — worker scripts included — so after
//   a reload the page is cross-origin isolated and ORT runs on threads (self-test passes);
// - a worker whose script the SW served cannot reach another origin (the request never arrives
//   there), while the same worker on a first visit, before the SW, does (control: the probe can
//   see a leak — the documented first-visit limit of a host that sends no headers);
// - a full load + CLIP search makes no request beyond the origin — on the first visit, where the
//   workers have no CSP, and again isolated;
// - a page on another origin that frames the app gets a refused frame once the SW is installed
//   (control: on a first visit the frame shows the app — a static host alone cannot stop it);
// - offline reload still works, isolated.
// The probe worker (/__test__/leak-worker.js) is served by this test's server only; nothing
// test-only ships in dist/.
import { contextFactory } from './harness.mjs';
import { startStaticServer } from './static-server.mjs';
import { addSprites, modelShown, search } from './refs-helpers.mjs';

export const timeout = 480_000;

const SECURITY = {
  'content-security-policy': /default-src 'self';.*connect-src 'self';.*frame-ancestors 'none'/,
  'cross-origin-opener-policy': /^same-origin$/,
  'cross-origin-embedder-policy': /^require-corp$/,
  'cross-origin-resource-policy': /^same-origin$/,
  'x-frame-options': /^DENY$/,
};

const nav = (page, id) => page.locator(`toon-app nav a[data-route=${id}]`).click();
const statusView = (page) => page.locator('toon-status-view');

/** Status page facts: { isolated: 'yes'|'no', threads: number }. */
async function statusFacts(page) {
  await nav(page, 'status');
  const v = statusView(page);
  await v.locator('[data-testid=backend]').waitFor({ timeout: 60_000 });
  return {
    isolated: await v.locator('[data-testid=isolated]').innerText(),
    threads: Number(await v.locator('[data-testid=threads]').innerText()),
  };
}

/** Runs the Status page's model-runtime self-test; returns its rows. */
async function selfTest(page) {
  const v = statusView(page);
  const expected =
    (await v.locator('[data-testid=webgpu-available]').getAttribute('data-available')) === 'true' ? 2 : 1;
  await v.locator('[data-testid=self-test]').click();
  await page.waitForFunction(
    (n) => {
      const s = document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-status-view')?.shadowRoot;
      return (
        s?.querySelectorAll('[data-testid=self-test-results] tr[data-backend]').length === n &&
        !s.querySelector('[data-testid=self-test]')?.hasAttribute('disabled')
      );
    },
    expected,
    { timeout: 120_000 },
  );
  return v
    .locator('[data-testid=self-test-results] tr[data-backend]')
    .evaluateAll((rows) =>
      rows.map((r) => ({ requested: r.dataset.requested, backend: r.dataset.backend, pass: r.dataset.pass })),
    );
}

/** Spawns the probe worker from `page`; resolves with what it reported. */
function runProbe(page) {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        const w = new Worker('/__test__/leak-worker.js');
        const seen = [];
        // Done when the fetch went through, or when it failed AND the CSP reported why.
        w.onmessage = (e) => {
          seen.push(e.data);
          const has = (re) => seen.some((m) => re.test(m));
          if (has(/^fetched/) || (has(/^blocked/) && has(/^violation/))) {
            w.terminate();
            resolve(seen);
          }
        };
        w.onerror = (e) => resolve([...seen, `worker error ${e.message}`]);
      }),
  );
}

export default async function (ctx) {
  const { assert, log, browser, distDir, fixturesDir } = ctx;
  let appURL = '';
  // Another origin (another port): frames the app, and counts what reaches it.
  const other = await startStaticServer(undefined, {
    '/frame.html': (req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>framer</title><iframe id="app" src="${appURL}/" width="900" height="500"></iframe>
<script>document.getElementById('app').addEventListener('load', () => { document.body.dataset.frameLoaded = '1'; });</script>`);
    },
    '/x': (req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Access-Control-Allow-Origin': '*' });
      res.end('leaked');
    },
  });
  const leaked = () => other.hits.filter((h) => h.url.startsWith('/x'));
  // The app's static host, plus a test-only worker script that tries to reach the other origin.
  const app = await startStaticServer(distDir, {
    '/__test__/leak-worker.js': (req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' });
      res.end(`self.addEventListener('securitypolicyviolation', (e) => postMessage('violation ' + e.effectiveDirective + ' ' + e.blockedURI));
fetch(${JSON.stringify(`${other.baseURL}/x`)}).then((r) => postMessage('fetched ' + r.status), (e) => postMessage('blocked ' + e));`);
    },
  });
  appURL = app.baseURL;
  log(`app on ${app.baseURL}, other origin on ${other.baseURL}`);
  const extra = [];
  const rec = contextFactory(browser, app.baseURL);
  try {
    // 0. The host really sends none of the headers.
    const plain = await fetch(`${app.baseURL}/`);
    for (const name of Object.keys(SECURITY))
      assert.equal(plain.headers.get(name), null, `the static host sends no ${name}`);

    const context = await rec.newContext({ locale: 'en-US' });
    const page = await context.newPage();

    // 1. First visit: renders, not isolated, one thread; the SW installs.
    await page.goto('/');
    await page.locator('toon-app header h1').waitFor();
    assert.equal(await page.evaluate(() => crossOriginIsolated), false, 'first visit: no headers, not isolated');
    const first = await statusFacts(page);
    log(`first visit: isolated ${first.isolated}, WASM threads ${first.threads}`);
    assert.deepEqual(first, { isolated: 'no', threads: 1 });
    // The service worker installed (precache filled) and active. Not its "Ready to work offline"
    // notice: that fades after 6 s and may be gone before this line runs.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    // CLIP load + search on the first visit, where the workers run WITHOUT a CSP (nothing sent it):
    // only transformers.js's configuration keeps it on the origin here (checked at the end).
    await nav(page, 'references');
    await modelShown(page, /Toon-CLIP/);
    await addSprites(page, fixturesDir);
    const firstHits = await search(page, 'cat');
    log(`first visit, search "cat": ${firstHits.map((h) => `${h.name} ${h.score.toFixed(3)}`).join(', ')}`);
    assert.equal(firstHits.length, 5);
    await page.screenshot({ path: 'test-results/static-host-first-visit.png' });

    // 2. Reload under the SW: isolated, threads, the runtime works on them.
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
    assert.equal(
      await page.evaluate(() => crossOriginIsolated),
      true,
      'after reload under the SW: cross-origin isolated',
    );
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const second = await statusFacts(page);
    log(`after reload: isolated ${second.isolated}, WASM threads ${second.threads} (${cores} cores)`);
    assert.deepEqual(second, { isolated: 'yes', threads: Math.max(1, Math.min(4, cores)) });
    if (cores > 1) assert.ok(second.threads > 1, 'ORT uses threads');
    const rows = await selfTest(page);
    log(`self-test: ${JSON.stringify(rows)}`);
    assert.ok(
      rows.length >= 1 && rows.every((r) => r.pass === 'true' && r.backend === r.requested),
      'runtime self-test passes isolated',
    );
    assert.ok(
      rows.some((r) => r.backend === 'wasm'),
      'WASM (threaded) was tested',
    );
    await page.screenshot({ path: 'test-results/static-host-isolated-status.png', fullPage: true });

    // 3. Every response the SW serves carries the headers: page, every worker script, wasm, models.
    const checked = await page.evaluate(async () => {
      const keys = [];
      for (const name of await caches.keys())
        for (const req of await (await caches.open(name)).keys()) keys.push(new URL(req.url));
      const paths = keys.map((u) => u.pathname);
      const workers = paths.filter((p) => /^\/assets\/[^/]*worker[^/]*\.js$/.test(p));
      const pick = (re) => paths.find((p) => re.test(p));
      const urls = [
        '/',
        '/index.html',
        '/#/references',
        '/__test__/leak-worker.js',
        ...workers,
        pick(/\.wasm$/),
        pick(/\.onnx$/),
        '/models/manifest.json',
      ];
      const out = [];
      for (const url of urls) {
        const r = await fetch(url);
        out.push({
          url,
          status: r.status,
          headers: Object.fromEntries(
            [...r.headers].filter(([k]) => /^(content-security-policy|cross-origin-|x-frame-options)/.test(k)),
          ),
        });
        await r.body?.cancel();
      }
      return { workers, out };
    });
    log(`worker scripts: ${checked.workers.join(', ')}`);
    assert.ok(checked.workers.length >= 5, 'the app ships its worker scripts');
    for (const r of checked.out) {
      for (const [name, re] of Object.entries(SECURITY))
        assert.match(r.headers[name] ?? '', re, `${r.url} (${r.status}) carries ${name}`);
    }
    log(
      `${checked.out.length} responses checked, e.g. ${checked.out[4].url}: ${JSON.stringify(checked.out[4].headers)}`,
    );

    // 4. A worker served by the SW cannot reach another origin; the request never arrives there.
    const probe = await runProbe(page);
    log(`probe worker under the SW: ${probe.join(' | ')}`);
    assert.ok(
      probe.some((m) => /^blocked/.test(m)),
      'the off-origin fetch fails',
    );
    assert.ok(
      probe.some((m) => /^violation connect-src/.test(m)),
      'the worker reports a connect-src violation',
    );
    assert.deepEqual(leaked(), [], 'nothing reached the other origin');

    // 5. CLIP again, isolated (ORT on threads, workers under the CSP): same ranking.
    await nav(page, 'references');
    await modelShown(page, /Toon-CLIP/);
    const hits = await search(page, 'cat');
    log(`isolated, search "cat": ${hits.map((h) => `${h.name} ${h.score.toFixed(3)}`).join(', ')}`);
    assert.deepEqual(
      hits.map((h) => h.name),
      firstHits.map((h) => h.name),
    );

    // 6. Offline reload: the shell, isolation and threads still there.
    await context.setOffline(true);
    await page.reload();
    await page.locator('toon-app header h1').waitFor({ timeout: 60_000 });
    assert.equal(await page.evaluate(() => crossOriginIsolated), true, 'offline: still isolated');
    const offline = await statusFacts(page);
    log(`offline: isolated ${offline.isolated}, WASM threads ${offline.threads}`);
    assert.deepEqual(offline, second);
    await context.setOffline(false);

    // (A worker's CSP reports reach no Playwright console event; the probe reports its own through
    // `securitypolicyviolation`, and the first-visit CLIP run above had no CSP to hide a request.)
    assert.deepEqual(rec.offOrigin, [], 'no request left the origin');
    assert.deepEqual(rec.cspViolations, [], 'no CSP violation in the page');
    assert.deepEqual(rec.unexpectedErrors(), []);
    assert.deepEqual(other.hits, [], 'the other origin got nothing');

    // 7. Controls on a first visit, before any SW (what a static host alone gives): the probe
    //    worker reaches the other origin, and another origin can frame the app.
    const fresh = await browser.newContext({ locale: 'en-US' });
    extra.push(fresh);
    const freshPage = await fresh.newPage();
    await freshPage.goto(`${app.baseURL}/`);
    await freshPage.locator('toon-app header h1').waitFor();
    assert.equal(
      await freshPage.evaluate(() => navigator.serviceWorker.controller),
      null,
      'first visit: not controlled',
    );
    const bareProbe = await runProbe(freshPage);
    log(`probe worker on a first visit (no SW yet): ${bareProbe.join(' | ')}`);
    assert.ok(
      bareProbe.some((m) => /^fetched 200/.test(m)) && leaked().length === 1,
      'control: without the SW the worker reaches the other origin',
    );
    const fresh2 = await browser.newContext({ locale: 'en-US' });
    extra.push(fresh2);
    const framer = await fresh2.newPage();
    await framer.goto(`${other.baseURL}/frame.html`);
    await framer.frameLocator('#app').locator('toon-app header h1').waitFor({ timeout: 60_000 });
    await framer.screenshot({ path: 'test-results/static-host-framed-without-sw.png' });

    // 8. Framing with the SW installed: the frame is refused.
    const framed = await browser.newContext({ locale: 'en-US' });
    extra.push(framed);
    const fp = await framed.newPage();
    const refusals = [];
    fp.on('console', (m) => {
      if (/frame-ancestors|X-Frame-Options/i.test(m.text())) refusals.push(m.text());
    });
    await fp.goto(`${app.baseURL}/`);
    await fp.locator('toon-app header h1').waitFor();
    await fp.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await fp.goto(`${other.baseURL}/frame.html`);
    await fp.waitForFunction(() => document.body.dataset.frameLoaded === '1', null, { timeout: 60_000 });
    const child = fp.frames().find((f) => f !== fp.mainFrame());
    assert.ok(child, 'the iframe exists');
    const inFrame = await fp.frameLocator('#app').locator('toon-app').count();
    log(
      `framed under the SW: frame url ${child.url()}, toon-app elements ${inFrame}, console: ${refusals.join(' | ') || '(none)'}`,
    );
    assert.equal(inFrame, 0, 'the frame does not render the app');
    assert.notEqual(child.url(), `${app.baseURL}/`, 'the frame did not commit the app');
    await fp.screenshot({ path: 'test-results/static-host-framed-with-sw.png' });
  } finally {
    for (const c of extra) await c.close().catch(() => {});
    await rec.closeAll();
    await app.stop();
    await other.stop();
  }
}
