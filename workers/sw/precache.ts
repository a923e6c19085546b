/**
 * Precache bookkeeping, compatible with workbox-precaching (the previous, generated service
 * worker): same cache name (`workbox-precache-v2-<scope>`) and the same keys (the URL, plus
 * `__WB_REVISION__=<revision>` for files whose name carries no hash), so an update from that
 * worker reuses what is already cached instead of downloading ~76 MB again.
 */
export interface PrecacheEntry {
  url: string;
  revision: string | null;
}

const REVISION_PARAM = '__WB_REVISION__';
/** workbox's defaults: tracking parameters do not change what is served. */
const IGNORED_PARAMS = [/^utm_/, /^fbclid$/];

export function precacheName(scope: string): string {
  return `workbox-precache-v2-${scope}`;
}

/** A cache name of an earlier precache (workbox's own naming) that this one replaces. */
export function isOutdatedPrecache(name: string, scope: string): boolean {
  return name !== precacheName(scope) && name.includes('-precache-') && name.endsWith(scope);
}

/** The cache key of an entry: its absolute URL, with the revision as a query parameter if any. */
export function cacheKey(entry: PrecacheEntry, base: string): string {
  const url = new URL(entry.url, base);
  url.hash = '';
  if (entry.revision) url.searchParams.set(REVISION_PARAM, entry.revision);
  return url.href;
}

/** The URL (without hash or revision) under which an entry is requested. */
export function entryUrl(entry: PrecacheEntry, base: string): string {
  const url = new URL(entry.url, base);
  url.hash = '';
  return url.href;
}

/** Map from request URL to cache key for every entry. */
export function keyMap(entries: readonly PrecacheEntry[], base: string): Map<string, string> {
  return new Map(entries.map((e) => [entryUrl(e, base), cacheKey(e, base)]));
}

/**
 * The cache key for a request URL, as workbox looks it up: the URL without its hash; without
 * tracking parameters; `dir/` → `dir/index.html`; `page` → `page.html`.
 */
export function lookup(keys: ReadonlyMap<string, string>, requestUrl: string): string | undefined {
  const url = new URL(requestUrl);
  url.hash = '';
  const direct = keys.get(url.href);
  if (direct) return direct;
  for (const name of [...url.searchParams.keys()])
    if (IGNORED_PARAMS.some((re) => re.test(name))) url.searchParams.delete(name);
  const candidates = [url.href];
  if (url.pathname.endsWith('/')) candidates.push(withPath(url, url.pathname + 'index.html'));
  else candidates.push(withPath(url, url.pathname + '.html'));
  for (const c of candidates) {
    const key = keys.get(c);
    if (key) return key;
  }
  return undefined;
}

function withPath(url: URL, pathname: string): string {
  const u = new URL(url.href);
  u.pathname = pathname;
  return u.href;
}
