/**
 * Model bytes from a URL with download progress (streamed fetch + Content-Length).
 *
 * Caching: shipped models (/models/…) are precached by the service worker, so a plain fetch is
 * answered from Cache Storage offline. Models downloaded from elsewhere on the same origin can
 * ask for `cache: true`, which keeps them in Cache Storage `toonsmith-models-v1` (checked first).
 * Models the user imports live in IndexedDB (store `models` + `blobs`) and reach
 * createSession() as ArrayBuffers — no fetch at all.
 */
import type { LoadProgress } from './types';

export const MODEL_CACHE = 'toonsmith-models-v1';

export interface FetchModelOptions {
  signal?: AbortSignal;
  onProgress?: (p: LoadProgress) => void;
  cache?: boolean;
}

export async function fetchModel(url: string | URL, opts: FetchModelOptions = {}): Promise<ArrayBuffer> {
  const href = String(url);
  const file = href.split('/').pop() ?? href;
  const cache = opts.cache && 'caches' in globalThis ? await caches.open(MODEL_CACHE) : undefined;
  const hit = await cache?.match(href);
  if (hit) {
    const bytes = await hit.arrayBuffer();
    opts.onProgress?.({ status: 'cached', file, bytes: bytes.byteLength });
    return bytes;
  }
  const res = await fetch(href, { signal: opts.signal });
  if (!res.ok) throw new Error(`Model ${href}: HTTP ${res.status}`);
  const total = Number(res.headers.get('content-length')) || undefined;
  if (!res.body) {
    const bytes = await res.arrayBuffer();
    opts.onProgress?.({ status: 'download', file, loaded: bytes.byteLength, total: bytes.byteLength });
    return bytes;
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  let lastReport = 0;
  opts.onProgress?.({ status: 'download', file, loaded: 0, total });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    const now = Date.now();
    if (now - lastReport > 100) {
      lastReport = now;
      opts.onProgress?.({ status: 'download', file, loaded, total });
    }
  }
  const out = new Uint8Array(loaded);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  opts.onProgress?.({ status: 'download', file, loaded, total: total ?? loaded });
  if (cache)
    await cache.put(
      href,
      new Response(out.slice().buffer, { headers: { 'content-type': 'application/octet-stream' } }),
    );
  return out.buffer;
}
