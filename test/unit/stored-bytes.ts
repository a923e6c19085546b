/** The bytes of a stored image (its `blobs` record keeps them as a Blob); throws if it is missing. */
import { blobBytes, getBlob } from '../../src/store/blobs';
import type { BlobRecord, LegacyBlobRecord } from '../../src/store/schema';

export async function storedBytes(id: string): Promise<ArrayBuffer> {
  const rec = await getBlob(id);
  if (!rec) throw new Error(`no stored blob ${id}`);
  return blobBytes(rec);
}

/**
 * A `blobs` record in the shape versions 1–4 wrote (bytes inline), typed for an old-version
 * database handle in the migration tests.
 */
export function legacyBlob(rec: LegacyBlobRecord): BlobRecord {
  return rec as unknown as BlobRecord;
}
