/**
 * The panel lists' thumbnails (Strip and Colorize; issues 15 and 18). Lists show each panel
 * image's stored thumbnail (src/store/panel-thumbs.ts: ≤ 320 px, made once), never the full-size
 * image: an 800 × 6,250 strip panel decodes to 20 MB, its thumbnail to a few hundred kB.
 *
 * - Stored thumbnails are read on the page (small Blobs, one IndexedDB read).
 * - Missing ones (a fresh import, a new colorize result, a restored backup, data from before
 *   thumbnails existed) are made and stored by the store worker (src/bridge/store.ts
 *   `readPanelThumbnails`: the original is decoded there, never on the page), in batches; the page
 *   yields between batches so each batch's object URLs and list update stay a short task.
 * - `PanelThumbs` owns the object URLs (one ObjectUrls, src/app/object-urls.ts): a thumbnail no
 *   panel shows any more is revoked once the list is drawn without it (`prune`), and all of them
 *   with the view.
 */
import type { ReactiveControllerHost } from 'lit';
import { ObjectUrls } from './object-urls';
import { readPanelThumbnails } from '../bridge/store';
import { getPanelThumbs } from '../store/panel-thumbs';

/** Thumbnails made per store-worker call. */
export const BATCH = 32;

export type ThumbBatch = [id: string, blob: Blob][];

/** Gives the page a turn (input, paint) between batches. */
function yieldToPage(): Promise<void> {
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return s?.yield ? s.yield() : new Promise((r) => setTimeout(r, 0));
}

/**
 * Makes (in the store worker) the thumbnails of images `ids` that have none and hands them to
 * `add` batch by batch, the page yielding between batches. An image that is gone or cannot be
 * decoded is left out.
 */
export async function makeThumbs(ids: string[], add: (batch: ThumbBatch) => void | Promise<void>): Promise<void> {
  const read = (from: number): Promise<(Blob | null)[]> => {
    const p = readPanelThumbnails(undefined, ids.slice(from, from + BATCH));
    p.catch(() => undefined); // awaited below; never left unhandled if an earlier batch fails
    return p;
  };
  let next = read(0);
  for (let from = 0; from < ids.length; from += BATCH) {
    const blobs = await next;
    if (from + BATCH < ids.length) next = read(from + BATCH);
    await add(blobs.flatMap((b, k): ThumbBatch => (b ? [[ids[from + k], b]] : [])));
    await yieldToPage();
  }
}

/** The thumbnails' object URLs of a view (image blob id → URL), one owner. */
export class PanelThumbs {
  private readonly urls: ObjectUrls;
  /** The ids of the newest `update` (an older update still reading sets no URL outside them). */
  private wanted = new Set<string>();

  constructor(host: ReactiveControllerHost) {
    this.urls = new ObjectUrls(host);
  }

  /** How many URLs are live. */
  get size(): number {
    return this.urls.size;
  }

  /** The URLs of those `ids` that are loaded (a new Map, for a lit property). */
  of(ids: Iterable<string>): Map<string, string> {
    const out = new Map<string, string>();
    for (const id of ids) {
      const u = this.urls.get(id);
      if (u) out.set(id, u);
    }
    return out;
  }

  /**
   * The list is about to show `ids`: makes URLs for their stored thumbnails. Returns the ids that
   * have no thumbnail yet (`more` makes them). Revoking the others is `prune`'s job, once the
   * list is drawn without them.
   */
  async update(ids: readonly string[]): Promise<string[]> {
    const wanted = (this.wanted = new Set(ids));
    const missing = [...wanted].filter((id) => !this.urls.has(id));
    if (!missing.length) return [];
    const stored = await getPanelThumbs(missing);
    for (const [id, t] of stored) if (this.wanted.has(id) && !this.urls.has(id)) this.urls.set(id, t.blob);
    return missing.filter((id) => !stored.has(id) && wanted === this.wanted);
  }

  /**
   * Revokes the URLs of thumbnails the newest `update` does not list. Call it after the list is
   * drawn with that update: an <img> handed a URL in the render before may not have read it yet,
   * and a URL revoked before the read is a broken picture (and a console error).
   */
  prune(): void {
    this.urls.keep(this.wanted);
  }

  /**
   * The whole sequence for a list whose thumbnails are `shown()`: stored ones handed to `set` at
   * once, the dropped URLs revoked once `set` has drawn them away, the missing ones made and handed
   * over batch by batch. `set` assigns the map and resolves when the list is drawn with it.
   */
  async show(shown: () => readonly string[], set: (thumbs: Map<string, string>) => Promise<void>): Promise<void> {
    const missing = await this.update(shown());
    await set(this.of(shown()));
    this.prune();
    if (missing.length) await this.more(missing, shown, set);
  }

  /**
   * Makes the thumbnails `missing` in batches; after each, `show` gets the URLs of what `shown()`
   * lists then (a thumbnail another refresh made meanwhile, or one no longer shown, is skipped).
   */
  async more(
    missing: string[],
    shown: () => readonly string[],
    show: (thumbs: Map<string, string>) => Promise<void>,
  ): Promise<void> {
    await makeThumbs(missing, async (batch) => {
      const now = new Set(shown());
      for (const [id, blob] of batch) if (now.has(id) && !this.urls.has(id)) this.urls.set(id, blob);
      await show(this.of(now));
    });
  }
}
