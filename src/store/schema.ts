/**
 * Toonsmith's IndexedDB schema: record types and the typed idb DBSchema.
 *
 * Invariants:
 * - Image bytes live only in `blobs` (one record per encoded image, PNG/JPEG/WebP bytes kept
 *   exactly as produced, as a Blob) and are referenced by id; panels never embed pixels.
 * - A project's panel order is `Project.panelIds`; `Panel.projectId` points back.
 * - Every store has exactly one persistence module in src/store/ (projects.ts, panels.ts, …).
 * - Migrations live in migrations.ts and run by oldVersion; DB_VERSION is the newest.
 */
import type { DBSchema } from 'idb';
import type { CharacterRecord } from './characters';
import type { StoryDraft } from './story';
import type { StoryBoard } from './storyboard';

export const DB_NAME = 'toonsmith';

export interface Project {
  id: string;
  name: string;
  /** Ordered vertical strip, top to bottom. */
  panelIds: string[];
  createdAt: number;
  updatedAt: number;
}

/**
 * A gutter remembered when a strip is split at its gutters: height in the panel's own source
 * pixels and its background colour (`#rrggbb`). Export and stitch reproduce it (optional: panels
 * imported one by one, and data written before it existed, have none).
 */
export interface PanelGap {
  height: number;
  color: string;
}

export interface Panel {
  id: string;
  projectId: string;
  width: number;
  height: number;
  sourceName: string;
  /** Blob id of the original image as imported (or as split from a strip). */
  originalBlobId: string;
  /** Blob id of the current result (e.g. colorized); absent until a feature produces one. */
  resultBlobId?: string;
  /** Gutter above this panel (only the top margin of a split strip's first panel). */
  gapBefore?: PanelGap;
  /** Gutter below this panel, as drawn in the strip it was split from. */
  gapAfter?: PanelGap;
  createdAt: number;
  editedAt: number;
}

export interface BlobRecord {
  id: string;
  /** MIME type, e.g. image/png. */
  type: string;
  /**
   * The bytes exactly as imported or produced, as a Blob (v5; `blobRecord` in blobs.ts makes one).
   * The browser stores a Blob out of line: reading a record does not copy its image into the
   * heap, it can go to a worker or an <img> without a copy, and Chromium's ~127 MiB limit on one
   * IndexedDB value does not apply (a model graph easily exceeds it).
   */
  blob: Blob;
  createdAt: number;
}

/**
 * A `blobs` record as versions 1–4 wrote it (read only by the v5 migration): the bytes inline,
 * or, for model files over 64 MiB, `bytes` empty and the file in `large`.
 */
export interface LegacyBlobRecord {
  id: string;
  type: string;
  bytes: ArrayBuffer;
  large?: Blob;
  createdAt: number;
}

export interface SettingRecord {
  key: string;
  value: unknown;
}

/**
 * A panel image's thumbnail (src/store/panel-thumbs.ts), keyed by the image's blob id: derived,
 * made on first show, never in a backup.
 */
export interface ThumbRecord {
  id: string;
  /** WebP (JPEG where the browser cannot encode WebP), long side ≤ PANEL_THUMB_SIDE. */
  blob: Blob;
  width: number;
  height: number;
  createdAt: number;
}

/** Colorize: a user hint on a panel (coordinates in panel pixels). */
export interface HintRecord {
  id: string;
  panelId: string;
  /** Ordered hint list (points and strokes) — the panel's hint state. */
  hints: unknown[];
  /** Undo/redo history (hint lists before and after the current one), kept across reloads. */
  past?: unknown[][];
  future?: unknown[][];
  /** Flats settings of the panel: gap-closing size (px) and kind override. */
  gap?: number;
  kind?: 'gray' | 'lineart';
  /** Automatic colours for regions without hints (colorize); absent = off. */
  auto?: boolean;
  /** Gray panels: screentone under colours smoothed to the tone's lightness (absent = off). */
  smoothTones?: boolean;
  /**
   * Saved since competing hints (src/core/regions/split.ts): bucket hints carry `fill: true`.
   * Absent (older records): the bucket was a radius-1 point, so those are read as buckets.
   */
  compete?: true;
  updatedAt: number;
}

/** Colorize: a named character and its colors. */
export interface PaletteRecord {
  id: string;
  projectId: string;
  name: string;
  /** `uses` (optional, issue 13): the regions the entry coloured, for "Colour as <name>". */
  entries: { label: string; rgb: [number, number, number]; uses?: PaletteUse[] }[];
  updatedAt: number;
}

/**
 * Where a palette entry was applied in a panel: one region's features (src/core/regions/
 * palette-match.ts, RegionSample) — mean L*, area and position relative to the character's box,
 * the entries of its neighbours — with the panel and when it was recorded.
 */
export interface PaletteUse {
  panelId: string;
  at: number;
  meanL: number;
  relArea: number;
  relPos: [number, number];
  neighbors: string[];
  /** The region was one the bubble rule flags (line art: a white part with marks inside). */
  bubble?: true;
}

/** Reference library: an embedded image. Vectors live in `vectorChunks`. */
export interface ReferenceRecord {
  id: string;
  blobId: string;
  name: string;
  projectId?: string;
  /** Zero-shot tags APPLIED (cosine ≥ the model's calibrated threshold), with their cosine. */
  tags: { label: string; score: number }[];
  /** Zero-shot labels below the threshold: offered as suggestions, not applied, not searched. */
  suggested?: { label: string; score: number }[];
  /** Tags the user typed or accepted (searched and filterable like applied tags). */
  userTags?: string[];
  /** Suggestions the user rejected (never suggested again for this reference). */
  rejected?: string[];
  /** Collections (user-made, or the folder names of a folder import). */
  collections?: string[];
  /** Free-text notes (searched). */
  notes?: string;
  /** Its thumbnail blob (≤ 256 px WebP, made at import; older records get one lazily). */
  thumbBlobId?: string;
  /** SHA-256 (hex) of the image bytes, kept from import on (the same picture is not added twice); records older than that or restored from a backup have none. */
  sha256?: string;
  /** Which model produced its vector, and where the vector sits. */
  modelId: string;
  chunkId: number;
  row: number;
  createdAt: number;
}

/** Reference library: contiguous vectors, many rows per record (Float32 or Int8 + scale). */
export interface VectorChunkRecord {
  id: number;
  modelId: string;
  dim: number;
  rows: number;
  /** Row-major Float32Array bytes of rows × dim. */
  data: ArrayBuffer;
  /** Reference id per row ('' for a deleted row). */
  ids: string[];
}

/** A model the user imported (files kept in the browser for offline use). */
export interface ModelRecord {
  id: string;
  kind: 'clip' | 'diffusion' | 'colorizer';
  name: string;
  /** Relative path → blob id. */
  files: Record<string, string>;
  createdAt: number;
  /** Written aside, not yet validated and switched in (src/store/models.ts); deleted on the next start. */
  staging?: true;
}

/** Story mode's draft of a project (src/store/story.ts): one record per project, keyed by it. */
export interface StoryRecord extends StoryDraft {
  projectId: string;
}

/** A project's storyboard (콘티) (src/store/storyboard.ts): one record per project, keyed by it. */
export interface StoryBoardRecord extends StoryBoard {
  projectId: string;
}

/**
 * One character of a project's character sheet (src/store/characters.ts), keyed by its own id;
 * `pos` orders the sheet (the order characters were added in).
 */
export interface CharacterRow extends CharacterRecord {
  projectId: string;
  pos: number;
}

export interface ToonDB extends DBSchema {
  projects: { key: string; value: Project; indexes: { updatedAt: number } };
  panels: { key: string; value: Panel; indexes: { projectId: string } };
  blobs: { key: string; value: BlobRecord };
  settings: { key: string; value: SettingRecord };
  hints: { key: string; value: HintRecord; indexes: { panelId: string } };
  palettes: { key: string; value: PaletteRecord; indexes: { projectId: string } };
  references: { key: string; value: ReferenceRecord; indexes: { modelId: string } };
  vectorChunks: { key: number; value: VectorChunkRecord; indexes: { modelId: string } };
  models: { key: string; value: ModelRecord };
  stories: { key: string; value: StoryRecord };
  storyboards: { key: string; value: StoryBoardRecord };
  characters: { key: string; value: CharacterRow; indexes: { projectId: string } };
  thumbs: { key: string; value: ThumbRecord };
}
