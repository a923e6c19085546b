// Shared steps of the references e2e tests (the view, adding sprites, searching, reading IndexedDB).
import fs from 'node:fs';
import path from 'node:path';

export const SPRITES = [
  ['1F408.png', 'cat'],
  ['1F431.png', 'cat'],
  ['1F415.png', 'dog'],
  ['1F333.png', 'tree'],
  ['1F3E0.png', 'house'],
];

export const view = (page) => page.locator('toon-references-view');

/** Waits until the view shows a loaded model whose text matches `re`; returns { id, text }. */
export async function modelShown(page, re, timeout = 180_000) {
  const el = view(page).locator('[data-testid=refs-model]').filter({ hasText: re });
  await el.waitFor({ timeout });
  return { id: await el.getAttribute('data-model-id'), text: await el.innerText() };
}

/** The newest error notice containing `text` (waits for it); answers its text. */
export async function alertText(page, text) {
  const el = page.locator('toon-notifier [role=alert]', { hasText: text }).last();
  await el.waitFor({ timeout: 120_000 });
  return el.innerText();
}

/** Opens References through the nav, waits for the shipped Toon-CLIP and adds the 5 sprites. */
export async function libraryWithSprites(page, fixturesDir) {
  await page.goto('/');
  await page.locator('toon-app nav a[href="#/references"]').click();
  await modelShown(page, /Toon-CLIP.*128-d/);
  await addSprites(page, fixturesDir);
}

export async function addSprites(page, fixturesDir) {
  const dir = path.join(fixturesDir, 'dataset', 'sprites');
  await view(page)
    .locator('[data-testid=refs-file-input]')
    .setInputFiles(
      SPRITES.map(([f]) => ({ name: f, mimeType: 'image/png', buffer: fs.readFileSync(path.join(dir, f)) })),
    );
  await page
    .locator('toon-notifier [role=status]', { hasText: `Added ${SPRITES.length} references` })
    .waitFor({ timeout: 120_000 });
}

export async function count(page) {
  return Number((await view(page).locator('[data-testid=refs-count]').innerText()).replace(/\D+/g, ''));
}

/** Runs a search (query and/or the chosen tag) and returns the hits shown: [{ name, score, tags }]. */
export async function search(page, query, tag = '') {
  await view(page).locator('[data-testid=refs-tag]').selectOption(tag);
  await view(page).locator('[data-testid=refs-query]').fill(query);
  const key = `${query}|${tag}|${Date.now()}`;
  await view(page).evaluate((el, k) => (el.dataset.lastQuery = k), key);
  await view(page).locator('[data-testid=refs-search]').click();
  await page.waitForFunction(
    (k) => {
      const v = document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-references-view');
      return v && v.dataset.lastQuery !== k && v.shadowRoot.querySelector('[data-testid=refs-results], p.no-results');
    },
    key,
    { timeout: 60_000 },
  );
  return view(page)
    .locator('[data-testid=refs-hit]')
    .evaluateAll((els) =>
      els.map((e) => {
        // The card (<toon-ref-card>) shows applied/user tags as chips and zero-shot labels below the threshold as suggestions.
        const card = e.querySelector('toon-ref-card')?.shadowRoot;
        const chips = [...(card?.querySelectorAll('[data-testid=refs-tag-chip]') ?? [])].map((c) => c.dataset.label);
        const suggested = [...(card?.querySelectorAll('[data-testid=refs-suggestion]') ?? [])].map(
          (c) => c.dataset.label,
        );
        return { name: e.dataset.name, score: Number(e.dataset.score), tags: chips.join(', '), suggested };
      }),
    );
}

/** Everything the library keeps in IndexedDB (vectors as plain arrays), for before/after comparisons. */
export function snapshot(page) {
  return page.evaluate(async () => {
    const db = await new Promise((res, rej) => {
      const r = indexedDB.open('toonsmith');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const all = (s) =>
      new Promise((res) => {
        const r = db.transaction(s).objectStore(s).getAll();
        r.onsuccess = () => res(r.result);
      });
    const [refs, chunks, models, settings] = [
      await all('references'),
      await all('vectorChunks'),
      await all('models'),
      await all('settings'),
    ];
    db.close();
    return {
      refs: refs
        .map(({ id, name, modelId, chunkId, row, tags, suggested, userTags, collections, rejected }) => ({
          id,
          name,
          modelId,
          chunkId,
          row,
          tags,
          suggested: suggested ?? [],
          userTags: userTags ?? [],
          collections: collections ?? [],
          rejected: rejected ?? [],
        }))
        .sort((a, b) => a.id.localeCompare(b.id)),
      chunks: chunks.map((c) => ({
        id: c.id,
        modelId: c.modelId,
        dim: c.dim,
        rows: c.rows,
        ids: c.ids,
        data: Array.from(new Float32Array(c.data)),
      })),
      models: models.map((m) => ({ id: m.id, name: m.name, files: Object.keys(m.files).sort() })),
      activeModel: settings.find((s) => s.key === 'clip.activeModel')?.value ?? null,
    };
  });
}

/** The stored vector of every reference, by name. */
export function vectorsByName(snap) {
  const out = {};
  for (const r of snap.refs) {
    const c = snap.chunks.find((x) => x.id === r.chunkId);
    out[r.name] = c.data.slice(r.row * c.dim, (r.row + 1) * c.dim);
  }
  return out;
}

export function cosine(a, b) {
  let d = 0,
    na = 0,
    nb = 0;
  for (let i = 0; i < a.length; i++) {
    d += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return d / Math.sqrt(na * nb);
}

/** Records every label/detail the progress area shows from now on (read with `progressSeen`). */
export function recordProgress(page) {
  return page.evaluate(() => {
    const seen = (window.__progressSeen = []);
    clearInterval(window.__progressTimer);
    window.__progressTimer = setInterval(() => {
      const p = document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-progress');
      for (const t of p?.shadowRoot?.querySelectorAll('.task') ?? []) {
        const s = `${t.querySelector('.label')?.textContent ?? ''} | ${t.querySelector('.detail')?.textContent ?? ''}`;
        if (seen[seen.length - 1] !== s) seen.push(s);
      }
    }, 5);
  });
}

export function progressSeen(page) {
  return page.evaluate(() => window.__progressSeen ?? []);
}
