/**
 * Blobs store: encoded image bytes (PNG/JPEG/WebP exactly as imported or produced), one record
 * per image, referenced by id from panels, references and models. Blobs are written and deleted
 * only inside the transactions of their owners (panels.ts, backup.ts) so no orphan or dangling
 * id is left; this module reads them.
 */
import { getDB } from './db';
import type { BlobRecord } from './schema';

export async function getBlob(id: string): Promise<BlobRecord | undefined> {
  return (await getDB()).get('blobs', id);
}

/** Blob records for `ids`, in the same order (missing ids throw). */
export async function getBlobs(ids: string[]): Promise<BlobRecord[]> {
  const tx = (await getDB()).transaction('blobs');
  const recs = await Promise.all(ids.map((id) => tx.store.get(id)));
  await tx.done;
  return recs.map((r, i) => {
    if (!r) throw new Error(`Missing blob ${ids[i]}`);
    return r;
  });
}

/** A DOM Blob for showing or downloading a stored image. */
export function toBlob(rec: BlobRecord): Blob {
  return new Blob([rec.bytes], { type: rec.type });
}
