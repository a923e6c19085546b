// Watches which binary buffers the PAGE (the main thread) holds, for "model bytes never pass
// through the page" (issue 18): every message the page posts to a worker or port, every message
// it receives (MessageEvent.data) and every IndexedDB result it reads is walked for ArrayBuffers
// and typed arrays, and the largest one seen is kept. Workers are not watched (the init script
// runs in the page only), so a model worker reading the store itself does not count.
//
//   await context.addInitScript(WATCH_PAGE_BYTES);
//   await resetPageBytes(page);  …  const { max, where } = await pageBytes(page);

/** Init script (runs before the app's scripts in every page of the context). */
export const WATCH_PAGE_BYTES = () => {
  const seen = { max: 0, where: '' };
  window.__pageBytes = seen;
  const size = (v, depth = 0, memo = new Set()) => {
    if (!v || typeof v !== 'object' || depth > 8 || memo.has(v)) return 0;
    memo.add(v);
    if (v instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && v instanceof SharedArrayBuffer))
      return v.byteLength;
    if (ArrayBuffer.isView(v)) return v.byteLength;
    if (v instanceof Blob) return 0; // a handle: its bytes stay where they are
    let m = 0;
    const items = v instanceof Map ? [...v.values()] : Array.isArray(v) ? v : Object.values(v);
    for (const x of items.slice(0, 10_000)) m = Math.max(m, size(x, depth + 1, memo));
    return m;
  };
  const note = (where, v) => {
    try {
      const n = size(v);
      if (n > seen.max) Object.assign(seen, { max: n, where });
    } catch {
      /* a value we cannot walk: ignore */
    }
  };
  for (const [proto, label] of [
    [Worker.prototype, 'posted to a worker'],
    [MessagePort.prototype, 'posted to a port'],
  ]) {
    const post = proto.postMessage;
    proto.postMessage = function (msg, ...rest) {
      note(label, msg);
      return post.call(this, msg, ...rest);
    };
  }
  const data = Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'data');
  Object.defineProperty(MessageEvent.prototype, 'data', {
    ...data,
    get() {
      const v = data.get.call(this);
      note('received in a message', v);
      return v;
    },
  });
  const result = Object.getOwnPropertyDescriptor(IDBRequest.prototype, 'result');
  Object.defineProperty(IDBRequest.prototype, 'result', {
    ...result,
    get() {
      const v = result.get.call(this);
      if (!window.__pageBytesPaused) note('read from IndexedDB', v);
      return v;
    },
  });
};

export const resetPageBytes = (page) => page.evaluate(() => Object.assign(window.__pageBytes, { max: 0, where: '' }));

/** The largest buffer the page held since the last reset: { max (bytes), where }. */
export const pageBytes = (page) => page.evaluate(() => ({ ...window.__pageBytes }));

/** Runs `fn` (a test's own IndexedDB dump in the page) without counting what it reads. */
export async function unwatched(page, fn) {
  await page.evaluate(() => (window.__pageBytesPaused = true));
  try {
    return await fn();
  } finally {
    await page.evaluate(() => (window.__pageBytesPaused = false));
  }
}
