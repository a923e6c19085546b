/**
 * Toonsmith backup file format (pure: fflate + WebCrypto; runs in the image worker and in Node
 * tests).
 *
 * A backup is a ZIP (stored, no recompression) holding:
 *   manifest.json   { format: 'toonsmith-backup', version: 3, createdAt, project, panels,
 *                     hints, palettes, story, characters, library,
 *                     blobs: [{ id, type, size, sha256, createdAt, path }] }
 *   blobs/<id>      each image's bytes exactly as stored (panel, character and reference images)
 *   vectors/<n>.f32 the reference library's CLIP vectors, one file per model (library-format.ts)
 *
 * Version 2 added the Generate feature's records of the project:
 *   story       the story draft (`StoryDraft`, src/store/story.ts) or null; each of its
 *               panels[].panelId, when present, is a panel of the backup
 *   characters  the character sheet (`CharacterRecord[]`, src/store/characters.ts); each
 *               blobId is a blob of the backup, each paletteId, when present, is a palette of
 *               the backup; ids are unique
 * Optional in version 3: `storyboard`, the storyboard (콘티) record (`StoryBoard`,
 * src/store/storyboard.ts) or null — its panelIds are panels of the backup, its generated
 * placeholder backgrounds blobs of the backup, its library backgrounds and hits references of
 * the backup's library (storyboard-format.ts); a backup without it leaves the record alone.
 * Version 3 (this writer) adds `library`: the whole reference library (every reference's image,
 * name, tags, model id and vector, and the zero-shot tag labels) — one backup file restores the
 * project and the library (library-format.ts has its shape).
 * Versions 1 and 2 still read: what they lack (`story`/`characters`, `library`) comes back
 * undefined, and importing one leaves those records alone. Versions above 3 are refused.
 *
 * Reading validates everything before anything is written, and inflates nothing it does not
 * need (zip-read.ts): the central directory is checked first against the caps in BACKUP_CAPS
 * (entry count, each entry's declared size, their total) — over a cap is backup-too-large; then
 * only manifest.json and the entries the manifest names are extracted, each at most its declared
 * size, with its CRC-32 checked. Then the manifest's format id and version, record shapes and
 * cross references, each blob's size and SHA-256, and each blob's bytes: it must be a whole PNG,
 * JPEG or WebP by its signature (src/core/image/sniff.ts) within the import limits
 * (src/core/strip/limits.ts), and, in the worker, decode to the size its header states. A blob
 * is returned with the type its bytes were sniffed as — the manifest's `type` is never trusted.
 * Failures are typed: backup-foreign (not a Toonsmith backup), backup-damaged (ours but broken,
 * incl. a malformed story, character or library record or a broken reference of theirs),
 * backup-version (newer format), backup-bad-image (a blob that is not a valid image within the
 * limits, e.g. HTML), backup-too-large (over BACKUP_CAPS). A blob that only library references
 * use and that is not such an image is left out with those references instead (their names in
 * `leftOut`, their storyboard hits and backgrounds dropped): older exports wrote references over the
 * limits, and one panorama must not make a whole project unrestorable.
 *
 * Ids in a backup are only names inside the file: src/store/backup.ts gives every record fresh
 * ids when it restores, so a backup never touches a record outside what it restores.
 */
import { zipSync, strToU8, strFromU8 } from 'fflate';
import { LIMITS, sizeProblem, type Failure, type ImageFormat } from '../strip/limits';
import { sniffImage } from '../image/sniff';
import type { HintRecord, PaletteRecord, Panel, Project } from '../../store/schema';
import type { StoryDraft } from '../../store/story';
import type { CharacterRecord } from '../../store/characters';
import { allFinite, libraryToManifest, type BackupLibrary, type BackupLibraryManifest } from './library-format';
import { extract, readDirectory, type ZipEntry, type ZipProblem } from './zip-read';
import { storyboardBlobIds, withoutReferences } from './storyboard-format';
import { isNum, isObj, shapeProblem } from './manifest-shape';
import { referenceProblem } from './reference-check';
import type { StoryBoard } from '../../store/storyboard';

export type { BackupLibrary, BackupReference, BackupVectorSet } from './library-format';

export const BACKUP_FORMAT = 'toonsmith-backup';
/** Written by packBackup; unpackBackup reads 1..BACKUP_VERSION. */
export const BACKUP_VERSION = 3;

/** What a backup may hold, checked from the zip's directory before anything is inflated. */
export const BACKUP_CAPS = {
  /** The most a ZIP without ZIP64 can list. */
  maxEntries: 65_535,
  maxManifestBytes: 64 * 1024 * 1024,
  /** One image: the import limit. */
  maxBlobBytes: LIMITS.maxFileBytes,
  maxVectorBytes: 256 * 1024 * 1024,
  maxTotalBytes: 2 * 1024 * 1024 * 1024,
} as const;

export interface BackupBlobEntry {
  id: string;
  type: string;
  size: number;
  sha256: string;
  createdAt: number;
  path: string;
}

/** A stored image as a backup file carries it: the bytes themselves (the store keeps a Blob). */
export interface BackupBlob {
  id: string;
  type: string;
  bytes: ArrayBuffer;
  createdAt: number;
}

/**
 * A project's records for a backup. `B` is how the images come: bytes (`BackupBlob`, what packing
 * and unpacking use), or the store's records with their Blobs (what src/store/backup.ts collects
 * and the image worker reads into bytes: workers/image/backup.ts).
 */
export interface BackupContent<B = BackupBlob> {
  project: Project;
  panels: Panel[];
  hints: HintRecord[];
  palettes: PaletteRecord[];
  blobs: B[];
  /** Story mode's draft (v2); undefined when the backup predates it (v1). */
  story?: StoryDraft | null;
  /** Character sheet (v2); image blobs are in `blobs`. Undefined when the backup is v1. */
  characters?: CharacterRecord[];
  /** The reference library (v3); its images are in `blobs`. Undefined when the backup is v1/v2. */
  library?: BackupLibrary;
  /** The storyboard (콘티) record (optional in v3); generated backgrounds are in `blobs`. Undefined when the backup predates it. */
  storyboard?: StoryBoard | null;
}

export interface BackupManifest extends Omit<BackupContent, 'blobs' | 'library'> {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: number;
  blobs: BackupBlobEntry[];
  library?: BackupLibraryManifest;
}

export async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const buf = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const digest = await crypto.subtle.digest('SHA-256', buf as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((x) => x.toString(16).padStart(2, '0')).join('');
}

export async function packBackup(content: BackupContent, createdAt = Date.now()): Promise<Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  const blobs: BackupBlobEntry[] = [];
  for (const b of content.blobs) {
    const path = `blobs/${b.id}`;
    const bytes = new Uint8Array(b.bytes);
    files[path] = bytes;
    blobs.push({
      id: b.id,
      type: b.type,
      size: bytes.length,
      sha256: await sha256Hex(bytes),
      createdAt: b.createdAt,
      path,
    });
  }
  const lib = content.library
    ? libraryToManifest(content.library, await Promise.all(content.library.vectors.map((s) => sha256Hex(s.data))))
    : undefined;
  if (lib) Object.assign(files, lib.files);
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt,
    project: content.project,
    panels: content.panels,
    hints: content.hints,
    palettes: content.palettes,
    story: content.story ?? null,
    characters: content.characters ?? [],
    storyboard: content.storyboard ?? null,
    ...(lib ? { library: lib.manifest } : {}),
    blobs,
  };
  files['manifest.json'] = strToU8(JSON.stringify(manifest, null, 1));
  return zipSync(files, { level: 0, mtime: new Date(createdAt) });
}

const fail = (code: Failure['code'], detail: string): Failure => ({ ok: false, code, detail });

export type UnpackResult =
  | ({ ok: true } & BackupContent & {
        createdAt: number;
        /** Names of library references left out: their image is not one a restore takes (see unpackBackup). */
        leftOut?: string[];
      })
  | Failure;

/**
 * Extra check of an image's bytes that needs a decoder (the worker decodes it and compares the
 * decoded size with the header's); returns a problem or null.
 */
export type ImageCheck = (
  bytes: Uint8Array,
  type: ImageFormat,
  width: number,
  height: number,
) => Promise<string | null>;

const zipFailure = (p: ZipProblem): Failure =>
  fail(
    p.kind === 'too-large' ? 'backup-too-large' : p.kind === 'foreign' ? 'backup-foreign' : 'backup-damaged',
    p.detail,
  );

/** Extracts a named entry within `cap`, or fails. */
function entryBytes(zip: Uint8Array, dir: Map<string, ZipEntry>, path: string, cap: number): Uint8Array | Failure {
  const e = dir.get(path);
  if (!e) return fail('backup-damaged', `missing ${path}`);
  const data = extract(zip, e, cap);
  return data instanceof Uint8Array ? data : zipFailure(data);
}

/** A blob's bytes: whole PNG/JPEG/WebP within the limits (and decodable, when `check` is given). */
async function imageProblem(
  data: Uint8Array,
  check?: ImageCheck,
): Promise<{ type: ImageFormat; width: number; height: number } | string> {
  const sniff = sniffImage(data);
  if (!sniff.ok) return sniff.detail;
  const tooBig = sizeProblem(sniff.width, sniff.height);
  if (tooBig) return tooBig;
  if (sniff.width < 1 || sniff.height < 1) return 'image has no pixels';
  const problem = check ? await check(data, sniff.type, sniff.width, sniff.height) : null;
  return problem ?? { type: sniff.type, width: sniff.width, height: sniff.height };
}

export async function unpackBackup(bytes: Uint8Array, opts: { checkImage?: ImageCheck } = {}): Promise<UnpackResult> {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 3 || bytes[3] !== 4) {
    return fail('backup-foreign', 'not a ZIP file');
  }
  const caps = BACKUP_CAPS;
  const dir = readDirectory(bytes, {
    maxEntries: caps.maxEntries,
    maxEntryBytes: Math.max(caps.maxManifestBytes, caps.maxBlobBytes, caps.maxVectorBytes),
    maxTotalBytes: caps.maxTotalBytes,
  });
  if (!(dir instanceof Map)) return zipFailure(dir);
  if (!dir.has('manifest.json')) return fail('backup-foreign', 'no manifest.json');
  const manifestBytes = entryBytes(bytes, dir, 'manifest.json', caps.maxManifestBytes);
  if (!(manifestBytes instanceof Uint8Array)) return manifestBytes;
  let m: unknown;
  try {
    m = JSON.parse(strFromU8(manifestBytes));
  } catch {
    return fail('backup-damaged', 'manifest.json is not valid JSON');
  }
  if (!isObj(m) || m.format !== BACKUP_FORMAT) return fail('backup-foreign', 'manifest format is not toonsmith-backup');
  if (!isNum(m.version) || m.version > BACKUP_VERSION) return fail('backup-version', `version ${String(m.version)}`);
  const shape = shapeProblem(m);
  if (shape) return fail('backup-damaged', `manifest ${shape} malformed`);
  const man = m as unknown as BackupManifest;
  const problem = referenceProblem(man);
  if (problem) return fail('backup-damaged', problem);

  const blobs: BackupBlob[] = [];
  /** Sniffed header size of every blob, to check the panel sizes the manifest claims. */
  const sizes = new Map<string, [number, number]>();
  // An image only library references use, and that a restore does not take (a panorama over the
  // limits, which older exports wrote), is left out with them instead of refusing the whole file.
  const projectBlobs = new Set([
    ...man.panels.flatMap((p) => [p.originalBlobId, p.resultBlobId]),
    ...(man.characters ?? []).map((c) => c.blobId),
    ...storyboardBlobIds(man.storyboard),
  ]);
  const libraryOnly = new Set(
    (man.library?.references ?? []).map((r) => r.blobId).filter((id) => !projectBlobs.has(id)),
  );
  const leftOutBlobs = new Set<string>();
  for (const entry of man.blobs) {
    const data = entryBytes(bytes, dir, entry.path, caps.maxBlobBytes);
    if (!(data instanceof Uint8Array)) return data;
    if (data.length !== entry.size) return fail('backup-damaged', `${entry.path} has the wrong size`);
    if ((await sha256Hex(data)) !== entry.sha256) return fail('backup-damaged', `${entry.path} checksum mismatch`);
    const image = await imageProblem(data, opts.checkImage);
    if (typeof image === 'string' && libraryOnly.has(entry.id)) {
      leftOutBlobs.add(entry.id);
      continue;
    }
    if (typeof image === 'string') return fail('backup-bad-image', `${entry.path}: ${image}`);
    sizes.set(entry.id, [image.width, image.height]);
    blobs.push({
      id: entry.id,
      type: image.type,
      bytes: data.slice().buffer,
      createdAt: isNum(entry.createdAt) ? entry.createdAt : 0,
    });
  }
  // Stitch, slice export and the cut editor trust a panel's stored size: it must be its image's
  // (as stored, or turned by EXIF orientation 5–8, which swaps the sides).
  for (const panel of man.panels) {
    const size = sizes.get(panel.originalBlobId);
    if (!size) continue;
    const [w, h] = size;
    if (!((panel.width === w && panel.height === h) || (panel.width === h && panel.height === w)))
      return fail('backup-damaged', `panel ${panel.id} says ${panel.width}×${panel.height}, its image is ${w}×${h}`);
  }

  let library: BackupLibrary | undefined;
  if (man.library) {
    const vectors: BackupLibrary['vectors'] = [];
    for (const s of man.library.vectors) {
      const data = entryBytes(bytes, dir, s.path, caps.maxVectorBytes);
      if (!(data instanceof Uint8Array)) return data;
      if (data.length !== s.size) return fail('backup-damaged', `${s.path} has the wrong size`);
      if ((await sha256Hex(data)) !== s.sha256) return fail('backup-damaged', `${s.path} checksum mismatch`);
      if (!allFinite(data)) return fail('backup-damaged', `${s.path} holds a value that is not a number`);
      vectors.push({ modelId: s.modelId, dim: s.dim, data: data.slice().buffer });
    }
    library = {
      references: man.library.references.filter((r) => !leftOutBlobs.has(r.blobId)),
      vectors,
      tagLabels: man.library.tagLabels,
    };
  }
  const leftOut = (man.library?.references ?? []).filter((r) => leftOutBlobs.has(r.blobId));
  const board =
    man.storyboard && leftOut.length
      ? withoutReferences(man.storyboard, new Set(leftOut.map((r) => r.id)))
      : man.storyboard;
  return {
    ok: true,
    createdAt: isNum(man.createdAt) ? man.createdAt : 0,
    project: man.project,
    panels: man.panels,
    hints: man.hints,
    palettes: man.palettes,
    blobs,
    ...(man.story !== undefined ? { story: man.story } : {}),
    ...(man.characters !== undefined ? { characters: man.characters } : {}),
    ...(board !== undefined ? { storyboard: board } : {}),
    ...(library ? { library } : {}),
    ...(leftOut.length ? { leftOut: leftOut.map((r) => r.name) } : {}),
  };
}
