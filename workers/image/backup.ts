/**
 * Backup packing and reading in the image worker (format: src/core/backup/format.ts).
 *
 * Pack: every blob is sniffed first, so the manifest's `type` is what the bytes are. A blob that
 * is not a whole PNG/JPEG/WebP (e.g. a GIF or BMP reference the CLIP worker could embed) is
 * re-encoded as PNG, so the backup restores; one that no decoder reads, or that is over the
 * import limits a restore applies (a huge panorama reference), is left out with the library
 * references that use it (their names are returned; the storyboard's hits and backgrounds that
 * name them are dropped from its record), or, if a panel or character uses it, the export fails
 * with `corrupt`.
 * Read: `unpackBackup` with a decoder check — each image must decode, to the size its header
 * states (or that size turned by its EXIF orientation).
 */
import { sizeProblem, type Failure } from '../../src/core/strip/limits';
import {
  BACKUP_CAPS,
  packBackup,
  unpackBackup,
  type BackupBlob,
  type BackupContent,
  type ImageCheck,
  type UnpackResult,
} from '../../src/core/backup/format';
import { withoutReferences } from '../../src/core/backup/storyboard-format';
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
  // blobs a restore would refuse: no decoder reads them, or they are over the import limits (a
  // reference may be any size: CLIP scales it; a backup restores only what a panel may be)
  const unreadable = new Set<string>();
  for (const { blob, ...b } of content.blobs) {
    const bytes = await blob.arrayBuffer();
    const sniff = sniffImage(new Uint8Array(bytes));
    if (sniff.ok) {
      if (sizeProblem(sniff.width, sniff.height) || bytes.byteLength > BACKUP_CAPS.maxBlobBytes) unreadable.add(b.id);
      else blobs.push({ ...b, type: sniff.type, bytes });
      continue;
    }
    const png = await toPng(new Blob([bytes]));
    if ('code' in png || png.bytes.byteLength > BACKUP_CAPS.maxBlobBytes) unreadable.add(b.id);
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
  // the storyboard's hits and backgrounds may name a reference left out
  const board = content.storyboard && withoutReferences(content.storyboard, new Set(dropped.map((r) => r.id)));
  const zip = await packBackup({
    ...content,
    blobs,
    ...(library ? { library } : {}),
    ...(board ? { storyboard: board } : {}),
  });
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
