/**
 * Blobs store: encoded image bytes (PNG/JPEG/WebP exactly as imported or produced), one record
 * per image as a Blob, referenced by id from panels, references and models. Blobs are written and deleted
 * only inside the transactions of their owners (panels.ts, storyboard.ts, backup.ts) so no orphan or dangling
 * id is left; this module reads them.
 */
import { getDB, newId } from './db';
import type { BlobRecord } from './schema';

/** Bytes to store: an ArrayBuffer or view (copied into the Blob), or a Blob/File (kept by reference). */
export type StoredBytes = ArrayBuffer | Uint8Array<ArrayBuffer> | Blob;

/**
 * A new `blobs` record for `bytes` of MIME `type` (a fresh id unless given). The Blob's own type is
 * `type`, so `rec.blob` can be shown or downloaded as is.
 */
export function blobRecord(type: string, bytes: StoredBytes, createdAt = Date.now(), id = newId()): BlobRecord {
  const blob = bytes instanceof Blob && bytes.type === type ? bytes : new Blob([bytes], { type });
  return { id, type, blob, createdAt };
}

/** A stored image's bytes (one read of its Blob). */
export function blobBytes(rec: BlobRecord): Promise<ArrayBuffer> {
  return rec.blob.arrayBuffer();
}

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

/** The DOM Blob for showing or downloading a stored image. */
export function toBlob(rec: BlobRecord): Blob {
  return rec.blob;
}
