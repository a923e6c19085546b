/**
 * In-page probes shared by the benches (colorize, generate): the WebGPU adapter the page gets and
 * performance.measureUserAgentSpecificMemory(). Peak RSS from /proc is in proc-memory.mjs.
 */

/** The page's WebGPU adapter → { text, software } (software: isFallbackAdapter or a SwiftShader/llvmpipe adapter), or null. */
export async function adapterInfo(page) {
  return page.evaluate(async () => {
    const a = await navigator.gpu?.requestAdapter();
    if (!a) return null;
    const i = a.info ?? {};
    const fallback = Boolean(a.isFallbackAdapter ?? i.isFallbackAdapter);
    const text = `${i.vendor} ${i.architecture} ${i.description}`;
    return { text: text.trim(), software: fallback || /swiftshader|llvmpipe|lavapipe|software/i.test(text) };
  });
}

/**
 * measureUserAgentSpecificMemory (resolves at a GC: ~20 s when idle here) → { mib } or { why }.
 * Needs a cross-origin isolated page (COOP/COEP); a point sample (page + workers JS/WASM), not a peak.
 */
export async function uaMemory(page) {
  return page.evaluate(async () => {
    if (!crossOriginIsolated) return { why: 'page not cross-origin isolated' };
    if (!performance.measureUserAgentSpecificMemory) return { why: 'API not available' };
    const timeout = new Promise((r) => setTimeout(() => r({ why: 'no answer within 90 s' }), 90_000));
    const m = performance.measureUserAgentSpecificMemory().then(
      (x) => ({ mib: x.bytes / 2 ** 20 }),
      (e) => ({ why: String(e) }),
    );
    return Promise.race([m, timeout]);
  });
}
