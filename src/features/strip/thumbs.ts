/**
 * The panel list's thumbnails without a long main-thread task (issue 18): a few images are read on
 * the page in one go; many (a restored 300-panel backup) are read in the store worker
 * (src/bridge/store.ts, which hands back Blob handles, so the bytes are never copied or
 * deserialized on the page) in batches, and the page yields between batches so each batch's
 * object URLs and list update stay a short task. `PanelThumbs` owns the object URLs (one
 * ObjectUrls, src/app/object-urls.ts): a thumbnail no panel shows any more is revoked, and all
 * of them with the view.
 */
import type { ReactiveControllerHost } from 'lit';
import { ObjectUrls } from '../../app/object-urls';
import { readImageBlobs } from '../../bridge/store';
import { getBlobs, toBlob } from '../../store/blobs';

/** Up to this many images are read on the page (no worker start for an ordinary import). */
export const PAGE_READ_MAX = 24;
const BATCH = 32;

export type ThumbBatch = [id: string, blob: Blob][];

/** Gives the page a turn (input, paint) between batches. */
function yieldToPage(): Promise<void> {
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return s?.yield ? s.yield() : new Promise((r) => setTimeout(r, 0));
}

/**
 * Reads every stored image `ids` and hands them to `add` batch by batch (one batch when
 * `ids.length <= PAGE_READ_MAX`), the page yielding between batches.
 */
export async function loadThumbs(ids: string[], add: (batch: ThumbBatch) => void | Promise<void>): Promise<void> {
  if (ids.length <= PAGE_READ_MAX) {
    const recs = ids.length ? await getBlobs(ids) : [];
    await add(recs.map((r) => [r.id, toBlob(r)]));
    return;
  }
  const read = (from: number): Promise<Blob[]> => {
    const p = readImageBlobs(undefined, ids.slice(from, from + BATCH));
    p.catch(() => undefined); // awaited below; never left unhandled if an earlier batch fails
    return p;
  };
  let next = read(0);
  for (let from = 0; from < ids.length; from += BATCH) {
    const blobs = await next;
    if (from + BATCH < ids.length) next = read(from + BATCH);
    await add(blobs.map((b, k) => [ids[from + k], b]));
    await yieldToPage();
  }
}

/** The thumbnails' object URLs of a view (blob id → URL), one owner. */
export class PanelThumbs {
  private readonly urls: ObjectUrls;

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
   * The list shows `ids` now: revokes the others' URLs and reads the missing thumbnails when they
   * are few. Returns the ids still missing (many: `more` reads them batch by batch).
   */
  async update(ids: readonly string[]): Promise<string[]> {
    this.urls.keep(ids);
    const missing = [...new Set(ids)].filter((id) => !this.urls.has(id));
    if (missing.length > PAGE_READ_MAX) return missing;
    await loadThumbs(missing, (batch) => batch.forEach(([id, blob]) => this.urls.set(id, blob)));
    return [];
  }

  /**
   * Reads `missing` in batches; after each, `show` gets the URLs of what `shown()` lists then (a
   * thumbnail another refresh made meanwhile, or one no longer shown, is not made).
   */
  async more(
    missing: string[],
    shown: () => readonly string[],
    show: (thumbs: Map<string, string>) => Promise<void>,
  ): Promise<void> {
    await loadThumbs(missing, async (batch) => {
      const now = new Set(shown());
      for (const [id, blob] of batch) if (now.has(id) && !this.urls.has(id)) this.urls.set(id, blob);
      await show(this.of(now));
    });
  }
}
