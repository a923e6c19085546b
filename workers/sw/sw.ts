/**
 * The service worker (built by vite-plugin-pwa, injectManifest; registered by src/app/pwa.ts).
 *
 * - Precaches exactly the files vite.config.ts's globPatterns name (injected as __WB_MANIFEST):
 *   the shell, ORT's wasm and the shipped models, so everything works offline.
 * - Serves every same-origin GET: from the precache when listed, navigations (except /models/)
 *   with index.html, anything else from the network — and adds the security headers
 *   (headers.ts) to every response, so the CSP, frame protection and cross-origin isolation hold
 *   on a static host that sends none of them (from the second load on).
 * - A new build waits until the page asks (`{ type: 'SKIP_WAITING' }` from workbox-window).
 */
import { withSecurityHeaders, type HeaderMap } from './headers';
import { cacheKey, entryUrl, isOutdatedPrecache, keyMap, lookup, precacheName, type PrecacheEntry } from './precache';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: PrecacheEntry[] };
/** Defined by vite.config.ts for this build only: CSP, COOP, COEP, CORP, X-Frame-Options. */
declare const __TOON_SW_HEADERS__: HeaderMap;

const HEADERS = __TOON_SW_HEADERS__;
const ENTRIES = self.__WB_MANIFEST;
const BASE = self.location.href;
const SCOPE = self.registration.scope;
const CACHE = precacheName(SCOPE);
const KEYS = keyMap(ENTRIES, BASE);
const NAVIGATE_FALLBACK = lookup(KEYS, new URL('index.html', SCOPE).href);
const NO_FALLBACK = /^\/models\//;
const PARALLEL = 4;

self.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

self.addEventListener('install', (event) => event.waitUntil(install()));
self.addEventListener('activate', (event) => event.waitUntil(activate()));

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  event.respondWith(respond(req, url));
});

/** Downloads every entry not cached yet under its key (a bad status fails the install). */
async function install(): Promise<void> {
  const cache = await caches.open(CACHE);
  const have = new Set((await cache.keys()).map((r) => r.url));
  const todo = ENTRIES.filter((e) => !have.has(cacheKey(e, BASE)));
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const entry = todo[next++];
      const res = await fetch(new Request(entryUrl(entry, BASE), { cache: 'reload', credentials: 'same-origin' }));
      if (!res.ok) throw new Error(`precache: ${entry.url} answered ${res.status}`);
      // A redirected response cannot answer a navigation: store a clean copy.
      const clean = res.redirected
        ? new Response(await res.blob(), { status: res.status, statusText: res.statusText, headers: res.headers })
        : res;
      await cache.put(cacheKey(entry, BASE), clean);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, todo.length) }, worker));
}

/** Drops what the previous build cached and this one does not list, and older precaches. */
async function activate(): Promise<void> {
  const keep = new Set(ENTRIES.map((e) => cacheKey(e, BASE)));
  const cache = await caches.open(CACHE);
  for (const req of await cache.keys()) if (!keep.has(req.url)) await cache.delete(req);
  for (const name of await caches.keys()) if (isOutdatedPrecache(name, SCOPE)) await caches.delete(name);
}

async function respond(req: Request, url: URL): Promise<Response> {
  let key = lookup(KEYS, url.href);
  if (!key && req.mode === 'navigate' && !NO_FALLBACK.test(url.pathname)) key = NAVIGATE_FALLBACK;
  const cached = key ? await caches.match(key, { cacheName: CACHE }) : undefined;
  return withSecurityHeaders(cached ?? (await fetch(req)), HEADERS);
}
