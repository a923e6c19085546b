/**
 * Toonsmith project backup file format (pure: fflate + WebCrypto; runs in the image worker and
 * in Node tests).
 *
 * A backup is a ZIP (stored, no recompression) holding:
 *   manifest.json   { format: 'toonsmith-backup', version: 2, createdAt, project, panels,
 *                     hints, palettes, story, characters,
 *                     blobs: [{ id, type, size, sha256, createdAt, path }] }
 *   blobs/<id>      each image's bytes exactly as stored (panel images and character images)
 *
 * Version 2 (this writer) adds the Generate feature's records of the project:
 *   story       the story draft (`StoryDraft`, src/store/story.ts) or null; each of its
 *               panels[].panelId, when present, is a panel of the backup
 *   characters  the character sheet (`CharacterRecord[]`, src/store/characters.ts); each
 *               blobId is a blob of the backup (size + SHA-256 checked like every blob), each
 *               paletteId, when present, is a palette of the backup; ids are unique
 * Version 1 backups (no story, no characters) still read: `story` and `characters` come back
 * undefined, and importing one leaves those records alone. Versions above 2 are refused.
 *
 * Reading validates everything before anything is written: ZIP structure and every entry's
 * CRC-32, the manifest's format id and version, record shapes and cross references, and each
 * blob's size and SHA-256. Failures are typed: backup-foreign (not a Toonsmith backup),
 * backup-damaged (ours but broken, including a malformed story or character or a broken
 * reference of theirs), backup-version (written by a newer version).
 */
import { unzipSync, zipSync, strToU8, strFromU8 } from 'fflate';
import { crc32 } from '../../core/strip/crc32';
import type { Failure } from '../../core/strip/limits';
import { isOptionalLook } from '../../core/story/look';
import type { BlobRecord, HintRecord, PaletteRecord, Panel, Project } from '../../store/schema';
import type { StoryDraft } from '../../store/story';
import type { CharacterRecord } from '../../store/characters';

export const BACKUP_FORMAT = 'toonsmith-backup';
/** Written by packBackup; unpackBackup reads 1..BACKUP_VERSION. */
export const BACKUP_VERSION = 2;

export interface BackupBlobEntry {
  id: string;
  type: string;
  size: number;
  sha256: string;
  createdAt: number;
  path: string;
}

export interface BackupContent {
  project: Project;
  panels: Panel[];
  hints: HintRecord[];
  palettes: PaletteRecord[];
  blobs: BlobRecord[];
  /** Story mode's draft (v2); undefined when the backup predates it (v1). */
  story?: StoryDraft | null;
  /** Character sheet (v2); image blobs are in `blobs`. Undefined when the backup is v1. */
  characters?: CharacterRecord[];
}

export interface BackupManifest extends Omit<BackupContent, 'blobs'> {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: number;
  blobs: BackupBlobEntry[];
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
    blobs.push({ id: b.id, type: b.type, size: bytes.length, sha256: await sha256Hex(bytes), createdAt: b.createdAt, path });
  }
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
    blobs,
  };
  files['manifest.json'] = strToU8(JSON.stringify(manifest, null, 1));
  return zipSync(files, { level: 0, mtime: new Date(createdAt) });
}

const fail = (code: Failure['code'], detail: string): Failure => ({ ok: false, code, detail });

/** Checks every central-directory entry's CRC-32 against its unzipped data. */
function checkCrcs(zip: Uint8Array, files: Record<string, Uint8Array>): string | null {
  const dv = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (dv.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return 'no end of central directory';
  const count = dv.getUint16(eocd + 10, true);
  let pos = dv.getUint32(eocd + 16, true);
  const decoder = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (pos + 46 > zip.length || dv.getUint32(pos, true) !== 0x02014b50) return 'central directory damaged';
    const crc = dv.getUint32(pos + 16, true);
    const nameLen = dv.getUint16(pos + 28, true);
    const extra = dv.getUint16(pos + 30, true);
    const comment = dv.getUint16(pos + 32, true);
    const name = decoder.decode(zip.subarray(pos + 46, pos + 46 + nameLen));
    const data = files[name];
    if (data && crc32(data) !== crc) return `CRC mismatch in ${name}`;
    pos += 46 + nameLen + extra + comment;
  }
  return null;
}

const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function shapeProblem(m: Record<string, unknown>): string | null {
  const p = m.project;
  if (!isObj(p) || !isStr(p.id) || !isStr(p.name) || !Array.isArray(p.panelIds) || !p.panelIds.every(isStr)) return 'project';
  if (!Array.isArray(m.panels) || !Array.isArray(m.blobs)) return 'lists';
  if (!Array.isArray(m.hints) || !Array.isArray(m.palettes)) return 'lists';
  for (const x of m.panels) {
    if (!isObj(x) || !isStr(x.id) || x.projectId !== p.id || !isStr(x.originalBlobId) || !isNum(x.width) || !isNum(x.height))
      return 'panel';
  }
  for (const b of m.blobs) {
    if (!isObj(b) || !isStr(b.id) || !isStr(b.type) || !isNum(b.size) || !isStr(b.sha256) || !isStr(b.path)) return 'blob entry';
  }
  for (const h of m.hints) if (!isObj(h) || !isStr(h.id) || !isStr(h.panelId)) return 'hint';
  for (const h of m.palettes) if (!isObj(h) || !isStr(h.id) || h.projectId !== p.id) return 'palette';
  if (m.story !== undefined && m.story !== null && !isStoryDraft(m.story)) return 'story';
  if (m.characters !== undefined) {
    if (!Array.isArray(m.characters)) return 'characters';
    for (const c of m.characters) if (!isCharacter(c)) return 'character';
  }
  return null;
}

const isOptStr = (v: unknown): boolean => v === undefined || isStr(v);

function isStoryPanel(v: unknown): boolean {
  return (
    isObj(v) &&
    isStr(v.text) &&
    isNum(v.seed) &&
    isNum(v.take) &&
    Array.isArray(v.characters) &&
    v.characters.every(isStr) &&
    isOptStr(v.palette) &&
    isOptStr(v.init) &&
    isOptionalLook(v.look) &&
    isOptStr(v.ref) &&
    isOptStr(v.panelId)
  );
}

function isStoryDraft(v: unknown): boolean {
  return (
    isObj(v) &&
    isStr(v.story) &&
    isNum(v.baseSeed) &&
    isNum(v.steps) &&
    isNum(v.guidance) &&
    isNum(v.strength) &&
    (v.libraryRefs === undefined || typeof v.libraryRefs === 'boolean') &&
    isOptionalLook(v.look) &&
    Array.isArray(v.panels) &&
    v.panels.every(isStoryPanel) &&
    isNum(v.updatedAt)
  );
}

function isCharacter(v: unknown): boolean {
  return (
    isObj(v) &&
    isStr(v.id) &&
    isStr(v.name) &&
    isStr(v.blobId) &&
    isOptStr(v.paletteId) &&
    isOptStr(v.paletteName) &&
    isNum(v.createdAt)
  );
}

export type UnpackResult = ({ ok: true } & BackupContent & { createdAt: number }) | Failure;

export async function unpackBackup(bytes: Uint8Array): Promise<UnpackResult> {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 3 || bytes[3] !== 4) {
    return fail('backup-foreign', 'not a ZIP file');
  }
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (e) {
    return fail('backup-damaged', `ZIP unreadable: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!files['manifest.json']) return fail('backup-foreign', 'no manifest.json');
  const crcProblem = checkCrcs(bytes, files);
  if (crcProblem) return fail('backup-damaged', crcProblem);
  let m: unknown;
  try {
    m = JSON.parse(strFromU8(files['manifest.json']));
  } catch {
    return fail('backup-damaged', 'manifest.json is not valid JSON');
  }
  if (!isObj(m) || m.format !== BACKUP_FORMAT) return fail('backup-foreign', 'manifest format is not toonsmith-backup');
  if (!isNum(m.version) || m.version > BACKUP_VERSION) return fail('backup-version', `version ${String(m.version)}`);
  const shape = shapeProblem(m);
  if (shape) return fail('backup-damaged', `manifest ${shape} malformed`);
  const man = m as unknown as BackupManifest;

  const panelIds = new Set(man.panels.map((p) => p.id));
  if (!man.project.panelIds.every((id) => panelIds.has(id)) || panelIds.size !== man.project.panelIds.length) {
    return fail('backup-damaged', 'panel order does not match panels');
  }
  const blobIds = new Set(man.blobs.map((b) => b.id));
  for (const p of man.panels) {
    if (!blobIds.has(p.originalBlobId) || (p.resultBlobId !== undefined && !blobIds.has(p.resultBlobId))) {
      return fail('backup-damaged', `panel ${p.id} refers to a missing image`);
    }
  }
  if (!man.hints.every((h) => panelIds.has(h.panelId))) return fail('backup-damaged', 'hint for a missing panel');
  const story = man.story;
  if (story && !story.panels.every((sp) => sp.panelId === undefined || panelIds.has(sp.panelId))) {
    return fail('backup-damaged', 'story panel refers to a missing panel');
  }
  const characters = man.characters;
  if (characters) {
    const paletteIds = new Set(man.palettes.map((p) => p.id));
    if (new Set(characters.map((c) => c.id)).size !== characters.length) {
      return fail('backup-damaged', 'duplicate character id');
    }
    for (const c of characters) {
      if (!blobIds.has(c.blobId)) return fail('backup-damaged', `character ${c.id} refers to a missing image`);
      if (c.paletteId !== undefined && !paletteIds.has(c.paletteId)) {
        return fail('backup-damaged', `character ${c.id} refers to a missing palette`);
      }
    }
  }

  const blobs: BlobRecord[] = [];
  for (const entry of man.blobs) {
    const data = files[entry.path];
    if (!data) return fail('backup-damaged', `missing ${entry.path}`);
    if (data.length !== entry.size) return fail('backup-damaged', `${entry.path} has the wrong size`);
    if ((await sha256Hex(data)) !== entry.sha256) return fail('backup-damaged', `${entry.path} checksum mismatch`);
    const copy = data.slice().buffer;
    blobs.push({ id: entry.id, type: entry.type, bytes: copy, createdAt: entry.createdAt });
  }
  return {
    ok: true,
    createdAt: man.createdAt,
    project: man.project,
    panels: man.panels,
    hints: man.hints,
    palettes: man.palettes,
    blobs,
    ...(story !== undefined ? { story } : {}),
    ...(characters !== undefined ? { characters } : {}),
  };
}
