/**
 * The shipped Hangul face (public/app.css, 'Toonsmith Hangul') is loaded before Korean text is first
 * laid out: Chromium can keep tofu in text it shaped while that face was still loading. Resolves when
 * the face is ready, on a machine that does not need it, or after `capMs` (then the page shows what
 * it has).
 */
let ready: Promise<void> | undefined;

export function hangulReady(capMs = 3000): Promise<void> {
  if (!ready) {
    const load = globalThis.document?.fonts?.load('1em "Toonsmith Hangul"', '한').then(
      () => undefined,
      () => undefined,
    );
    ready = Promise.race([load ?? Promise.resolve(), new Promise<void>((r) => setTimeout(r, capMs))]);
  }
  return ready;
}
