/**
 * Backup packing and reading in the image worker (format: src/core/backup/format.ts).
 *
 * Pack: every blob is sniffed first, so the manifest's `type` is what the bytes are. A blob that
 * is not a whole PNG/JPEG/WebP (e.g. a GIF or BMP reference the CLIP worker could embed) is
 * re-encoded as PNG, so the backup restores; one that no decoder reads is left out with the
 * library references that use it (their names are returned), or, if a panel or character
 * uses it, the export fails with `corrupt`.
 * Read: `unpackBackup` with a decoder check — each image must decode, to the size its header
 * states (or that size turned by its EXIF orientation).
 */
import type { Failure } from '../../src/core/strip/limits';
import {
  packBackup,
  unpackBackup,
  type BackupBlob,
  type BackupContent,
  type ImageCheck,
  type UnpackResult,
} from '../../src/core/backup/format';
import { sniffImage } from '../../src/core/image/sniff';
import type { BlobRecord } from '../../src/store/schema';
import { decodeBitmap } from '../runtime/codec';
import { toPng } from './pipeline';

export interface Packed {
  ok: true;
  zip: Uint8Array;
  /** Names of library references left out because no decoder could read their image. */
  dropped: string[];
}

export async function packChecked(content: BackupContent<BlobRecord>): Promise<Packed | Failure> {
  const blobs: BackupBlob[] = [];
  const unreadable = new Set<string>();
  for (const { blob, ...b } of content.blobs) {
    const bytes = await blob.arrayBuffer();
    const sniff = sniffImage(new Uint8Array(bytes));
    if (sniff.ok) {
      blobs.push({ ...b, type: sniff.type, bytes });
      continue;
    }
    const png = await toPng(new Blob([bytes]));
    if ('code' in png) unreadable.add(b.id);
    else blobs.push({ ...b, type: png.type, bytes: png.bytes });
  }
  const usedByProject = [
    ...content.panels.flatMap((p) => [p.originalBlobId, p.resultBlobId]),
    ...(content.characters ?? []).map((c) => c.blobId),
  ].find((id) => id !== undefined && unreadable.has(id));
  if (usedByProject) return { ok: false, code: 'corrupt', detail: `image ${usedByProject} cannot be read` };
  const lib = content.library;
  const dropped = lib ? lib.references.filter((r) => unreadable.has(r.blobId)) : [];
  const library = lib && { ...lib, references: lib.references.filter((r) => !unreadable.has(r.blobId)) };
  const zip = await packBackup({ ...content, blobs, ...(library ? { library } : {}) });
  return { ok: true, zip, dropped: dropped.map((r) => r.name) };
}

const decodes: ImageCheck = async (bytes, type, width, height) => {
  let bitmap: ImageBitmap;
  try {
    bitmap = await decodeBitmap(new Blob([bytes.slice()], { type }));
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  const { width: w, height: h } = bitmap;
  bitmap.close();
  const same = (w === width && h === height) || (w === height && h === width);
  return same ? null : `decoded ${w}×${h}, header says ${width}×${height}`;
};

export async function unpackChecked(file: Blob): Promise<UnpackResult> {
  return unpackBackup(new Uint8Array(await file.arrayBuffer()), { checkImage: decodes });
}
