// The service worker's pure parts (workers/sw): the security headers it adds to every response,
// and the workbox-compatible precache keys and lookup.
import { describe, expect, it } from 'vitest';
import { withSecurityHeaders } from '../../workers/sw/headers';
import { cacheKey, isOutdatedPrecache, keyMap, lookup, precacheName } from '../../workers/sw/precache';

const CSP = "default-src 'self'; connect-src 'self'; frame-ancestors 'none'";
const HEADERS = {
  'Content-Security-Policy': CSP,
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

describe('withSecurityHeaders', () => {
  it('adds every header and keeps status, type and body', async () => {
    const res = withSecurityHeaders(
      new Response('hello', { status: 404, statusText: 'Nope', headers: { 'Content-Type': 'text/plain' } }),
      HEADERS,
    );
    expect(res.status).toBe(404);
    expect(res.statusText).toBe('Nope');
    expect(res.headers.get('content-type')).toBe('text/plain');
    for (const [k, v] of Object.entries(HEADERS)) expect(res.headers.get(k)).toBe(v);
    expect(await res.text()).toBe('hello');
  });

  it("replaces the host's isolation headers and keeps a different host CSP beside ours", () => {
    const host = new Response('x', {
      headers: {
        'Content-Security-Policy': "script-src 'none'",
        'Cross-Origin-Opener-Policy': 'unsafe-none',
        'X-Frame-Options': 'SAMEORIGIN',
      },
    });
    const res = withSecurityHeaders(host, HEADERS);
    expect(res.headers.get('content-security-policy')).toBe(`script-src 'none', ${CSP}`);
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('does not repeat a CSP the host already sends', () => {
    const res = withSecurityHeaders(new Response('x', { headers: { 'Content-Security-Policy': CSP } }), HEADERS);
    expect(res.headers.get('content-security-policy')).toBe(CSP);
  });

  it('returns error responses untouched', () => {
    const err = Response.error();
    expect(withSecurityHeaders(err, HEADERS)).toBe(err);
  });
});

describe('precache keys', () => {
  const base = 'https://app.example/sw.js';
  const entries = [
    { url: 'index.html', revision: 'abc' },
    { url: 'assets/clip.worker-XyZ12345.js', revision: null },
    { url: 'models/manifest.json', revision: 'def' },
  ];
  const keys = keyMap(entries, base);

  it('uses workbox-precaching names and keys, so an update from it reuses the cache', () => {
    expect(precacheName('https://app.example/')).toBe('workbox-precache-v2-https://app.example/');
    expect(cacheKey(entries[0], base)).toBe('https://app.example/index.html?__WB_REVISION__=abc');
    expect(cacheKey(entries[1], base)).toBe('https://app.example/assets/clip.worker-XyZ12345.js');
  });

  it('finds entries as workbox does: exact, without hash or tracking parameters, directory index', () => {
    expect(lookup(keys, 'https://app.example/index.html')).toBe('https://app.example/index.html?__WB_REVISION__=abc');
    expect(lookup(keys, 'https://app.example/')).toBe('https://app.example/index.html?__WB_REVISION__=abc');
    expect(lookup(keys, 'https://app.example/?utm_source=x&fbclid=y#/references')).toBe(
      'https://app.example/index.html?__WB_REVISION__=abc',
    );
    expect(lookup(keys, 'https://app.example/index')).toBe('https://app.example/index.html?__WB_REVISION__=abc');
    expect(lookup(keys, 'https://app.example/models/manifest.json')).toBe(
      'https://app.example/models/manifest.json?__WB_REVISION__=def',
    );
    expect(lookup(keys, 'https://app.example/models/other.json')).toBeUndefined();
    expect(lookup(keys, 'https://app.example/index.html?v=2')).toBeUndefined();
  });

  it('drops older precaches of the same scope only', () => {
    const scope = 'https://app.example/';
    expect(isOutdatedPrecache('workbox-precache-https://app.example/', scope)).toBe(true);
    expect(isOutdatedPrecache(precacheName(scope), scope)).toBe(false);
    expect(isOutdatedPrecache('workbox-precache-v2-https://other.example/', scope)).toBe(false);
    expect(isOutdatedPrecache('toonsmith-projects', scope)).toBe(false);
  });
});
