/**
 * Panel thumbnails (issue 15): a small picture per stored panel image, made once and kept, so the
 * Strip and Colorize lists never decode full-size panels (an 800 × 6,250 strip panel is 20 MB of
 * pixels; its thumbnail is a few kB). Store `thumbs`, keyed by the image's blob id (a blob's bytes
 * never change, so neither does its thumbnail); the picture is kept as a Blob.
 *
 * Derived data: not in backups (a restore gets its thumbnails again on first show), and written
 * without telling other tabs (nothing they show changes). Consistency with `blobs`:
 * - `putPanelThumbs` stores a thumbnail only while its image is stored (checked in the same
 *   transaction), so a panel deleted while its thumbnail was being made leaves nothing behind;
 * - the transactions that delete a panel image delete its thumbnail too (panels.ts).
 */
import { getDB, guardWrite } from './db';
import type { ThumbRecord } from './schema';

/** Long side of a panel thumbnail in px: 2× the lists' tallest box (160 CSS px). */
export const PANEL_THUMB_SIDE = 320;

/** Stored thumbnails of images `ids` (those that have one). */
export async function getPanelThumbs(ids: readonly string[]): Promise<Map<string, ThumbRecord>> {
  const out = new Map<string, ThumbRecord>();
  if (!ids.length) return out;
  const tx = (await getDB()).transaction('thumbs');
  const recs = await Promise.all(ids.map((id) => tx.store.get(id)));
  await tx.done;
  recs.forEach((r) => r && out.set(r.id, r));
  return out;
}

/** Stores thumbnails whose image is still stored (one transaction); answers those stored. */
export async function putPanelThumbs(thumbs: readonly ThumbRecord[]): Promise<ThumbRecord[]> {
  if (!thumbs.length) return [];
  const db = await getDB();
  return guardWrite(async (track) => {
    const tx = track(db.transaction(['blobs', 'thumbs'], 'readwrite'));
    const kept: ThumbRecord[] = [];
    for (const t of thumbs) {
      if ((await tx.objectStore('blobs').count(t.id)) === 0) continue;
      void tx.objectStore('thumbs').put(t);
      kept.push(t);
    }
    await tx.done;
    return kept;
  });
}
