// Stored-state readers and the nav-and-drop opening shared by the Colorize e2e tests.

/**
 * In the page (`page.evaluate(storedPanel, { name, pixels })`): the stored panel by source name, its hints
 * record (hint count, undo depths, whether a record exists, its automatic-colours flag, gap and kind) and the decoded
 * RGBA of its original and result (`pixels`).
 */
export function storedPanel({ name, pixels = true }) {
  return (async () => {
    const db = await new Promise((res, rej) => {
      const r = indexedDB.open('toonsmith');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const req = (store, fn) =>
      new Promise((res, rej) => {
        const r = fn(db.transaction(store).objectStore(store));
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
    const panels = await req('panels', (s) => s.getAll());
    const panel = panels.find((p) => p.sourceName === name);
    if (!panel) {
      db.close();
      return { panel: null, count: panels.length };
    }
    const hints = await req('hints', (s) => s.get(panel.id));
    const orig = await req('blobs', (s) => s.get(panel.originalBlobId));
    const res = panel.resultBlobId ? await req('blobs', (s) => s.get(panel.resultBlobId)) : null;
    db.close();
    const px = async (rec) => {
      const bmp = await createImageBitmap(rec.blob, {
        colorSpaceConversion: 'none',
        premultiplyAlpha: 'none',
      });
      const c = new OffscreenCanvas(bmp.width, bmp.height);
      const g = c.getContext('2d');
      g.drawImage(bmp, 0, 0);
      return Array.from(g.getImageData(0, 0, bmp.width, bmp.height).data);
    };
    return {
      panel: { id: panel.id, resultBlobId: panel.resultBlobId ?? null, width: panel.width, height: panel.height },
      count: panels.length,
      hints: hints ? hints.hints.length : 0,
      hasHints: !!hints,
      auto: hints?.auto ?? null,
      gap: hints?.gap ?? null,
      kind: hints?.kind ?? null,
      past: hints?.past?.length ?? 0,
      future: hints?.future?.length ?? 0,
      orig: pixels ? await px(orig) : null,
      res: res && pixels ? await px(res) : null,
    };
  })();
}

/**
 * Waits on the Colorize view's state (never on time), shared by the flats e2e tests:
 * `attr(name)` reads a view attribute; `waitStored(name, pred, what, pixels)` re-reads the stored
 * panel after each run until `pred` holds; `waitResultHints(n)` waits for a stored run with n hints.
 */
export function colorizeWaits(page) {
  const attr = (a) =>
    page.evaluate(
      (n) => document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-colorize-view')?.getAttribute(n) ?? '',
      a,
    );
  const waitStored = async (name, pred, what, pixels = true) => {
    for (;;) {
      // Read the run marker BEFORE the store: a run that lands between the two reads then shows
      // as a changed marker (read after, it was missed and the wait below never ended).
      const prev = await attr('data-colored');
      const s = await page.evaluate(storedPanel, { name, pixels });
      if (pred(s)) return s;
      await page
        .waitForFunction(
          (p) =>
            (document
              .querySelector('toon-app')
              ?.shadowRoot?.querySelector('toon-colorize-view')
              ?.getAttribute('data-colored') ?? '') !== p,
          prev,
          { timeout: 120_000, polling: 100 },
        )
        .catch(() => {
          throw new Error(`timed out waiting for ${what}`);
        });
    }
  };
  const waitResultHints = (n) =>
    page.waitForFunction(
      (k) =>
        new RegExp(`:${k}$`).test(
          document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-colorize-view')?.dataset.resultHints ??
            '',
        ),
      n,
      { timeout: 120_000 },
    );
  return { attr, waitStored, waitResultHints };
}

/**
 * A person opens Colorize by its nav link and drops the panel that `draw(args)` makes in the page
 * (a DataTransfer); resolves once the picture is shown and previewed. Returns the view and canvas locators.
 */
export async function dropPanelInColorize(page, draw, args) {
  await page.goto('/');
  await page.locator('toon-app nav a[data-route=colorize]').click();
  const view = () => page.locator('toon-colorize-view');
  await view().locator('h2').waitFor();
  const dt = await page.evaluateHandle(draw, args);
  await view().locator('[data-testid=colorize-drop]').dispatchEvent('drop', { dataTransfer: dt });
  const canvas = view().locator('[data-testid=colorize-canvas]');
  await canvas.waitFor();
  await page.waitForFunction(
    () =>
      document.querySelector('toon-app')?.shadowRoot?.querySelector('toon-colorize-view')?.dataset.run === 'preview',
  );
  return { view, canvas };
}
