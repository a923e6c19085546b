// Shared by the generate e2e tests (not a test itself: no .e2e.mjs suffix).
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SMOKE_MODEL = `${ROOT}test/fixtures/diffusion/smoke-model`;

export function gen(page) {
  return page.locator('toon-generate-view');
}

/**
 * The model status once the folder named `name` is the active model. The Generate view loads the
 * shipped model (toon-diffusion) by default, so a bare `[data-testid=generate-model]` may be that one.
 */
export function modelStatus(page, name = 'smoke-model') {
  return gen(page).locator(`[data-testid=generate-model][data-name="${name}"]`);
}

/** Picks the smoke model folder in the Generate view and waits until it is the active model. */
export async function pickSmokeModel(page, log) {
  if (!/^https?:/.test(page.url())) await page.goto('/');
  await page.locator('toon-app nav a[data-route=generate]').click(); // the nav link, as a person does

  await gen(page).locator('[data-testid=generate-folder]').waitFor({ state: 'attached', timeout: 60_000 });
  await gen(page).locator('[data-testid=generate-folder]').setInputFiles(SMOKE_MODEL);
  const status = modelStatus(page);
  await status.waitFor({ timeout: 180_000 });
  log?.(await status.innerText());
}

export async function setNumber(locator, value) {
  await locator.fill(String(value));
  await locator.dispatchEvent('change');
}

/**
 * Every panel of the current project, in strip order (read from IndexedDB): its id, the SHA-256 of
 * its current image and, with `withBytes`, the image's bytes (a plain array).
 */
export function panelImages(page, withBytes = false) {
  return page.evaluate(async (bytesToo) => {
    const db = await new Promise((res, rej) => {
      const r = indexedDB.open('toonsmith');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const get = (store, key) =>
      new Promise((res, rej) => {
        const r = db.transaction(store).objectStore(store).get(key);
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
    const cur = await get('settings', 'currentProjectId');
    const project = cur ? await get('projects', cur.value) : undefined;
    const out = [];
    for (const id of project?.panelIds ?? []) {
      const p = await get('panels', id);
      const b = await get('blobs', p.resultBlobId ?? p.originalBlobId);
      const h = new Uint8Array(await crypto.subtle.digest('SHA-256', await b.blob.arrayBuffer()));
      const hash = Array.from(h, (x) => x.toString(16).padStart(2, '0')).join('');
      out.push(bytesToo ? { id, hash, bytes: Array.from(new Uint8Array(await b.blob.arrayBuffer())) } : { id, hash });
    }
    db.close();
    return out;
  }, withBytes);
}

/** SHA-256 of every panel's current image in the current project, in strip order. */
export function panelHashes(page) {
  return panelImages(page);
}

/** Largest per-channel difference of two RGBA arrays, alpha ignored (0..255). */
export function maxRgbDiff(a, b) {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (i % 4 !== 3) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Waits for a notice containing `text` (role alert for errors, status otherwise). */
export function notice(page, text, role = 'alert') {
  return page.locator(`toon-notifier [role=${role}]`, { hasText: text }).last().waitFor({ timeout: 60_000 });
}
