/**
 * Security headers the service worker adds to every response it serves (pages, scripts —
 * worker scripts included —, wasm, models). A static host that sends no headers still gets the
 * app's CSP on workers (a worker's policy comes from its script's response headers, never from
 * the page's <meta>), frame-ancestors/X-Frame-Options (a <meta> cannot carry them) and
 * cross-origin isolation (COOP/COEP: WASM threads) from the second load on.
 * The values are built in vite.config.ts from index.html's CSP meta.
 */
export type HeaderMap = Readonly<Record<string, string>>;

/**
 * A copy of `res` with `headers` set. A CSP the host already sent stays and ours is added
 * (every policy is enforced, so the result is at least as strict as both). Opaque and error
 * responses are returned as they are (their headers cannot be read or rewritten).
 */
export function withSecurityHeaders(res: Response, headers: HeaderMap): Response {
  if (res.type === 'opaque' || res.type === 'opaqueredirect' || res.type === 'error' || res.status === 0) return res;
  const out = new Headers(res.headers);
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === 'content-security-policy') {
      const sent = out.get(name);
      if (
        sent &&
        sent !== value &&
        !sent
          .split(',')
          .map((p) => p.trim())
          .includes(value)
      )
        out.append(name, value);
      else out.set(name, value);
    } else out.set(name, value);
  }
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers: out });
}
