/**
 * Object URLs for the panel list's thumbnails without a long main-thread task (issue 18): a few
 * images are read on the page in one go; many (a restored 300-panel backup) are read in the store
 * worker (src/bridge/store.ts, which hands back Blob handles, so the bytes are never copied or
 * deserialized on the page) in batches, and the page yields between batches so each batch's
 * object URLs and list update stay a short task.
 */
import { readImageBlobs } from '../../bridge/store';
import { getBlobs, toBlob } from '../../store/blobs';

/** Up to this many images are read on the page (no worker start for an ordinary import). */
export const PAGE_READ_MAX = 24;
const BATCH = 32;

export type ThumbBatch = [id: string, url: string][];

/** Gives the page a turn (input, paint) between batches. */
function yieldToPage(): Promise<void> {
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return s?.yield ? s.yield() : new Promise((r) => setTimeout(r, 0));
}

/**
 * Makes an object URL for every stored image `ids` and hands them to `add` batch by batch (one
 * batch when `ids.length <= PAGE_READ_MAX`). The caller owns (and revokes) the URLs.
 */
export async function loadThumbs(ids: string[], add: (batch: ThumbBatch) => void | Promise<void>): Promise<void> {
  if (ids.length <= PAGE_READ_MAX) {
    const recs = ids.length ? await getBlobs(ids) : [];
    await add(recs.map((r) => [r.id, URL.createObjectURL(toBlob(r))]));
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
    await add(blobs.map((b, k) => [ids[from + k], URL.createObjectURL(b)]));
    await yieldToPage();
  }
}
