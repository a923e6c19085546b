/**
 * Import limits and error codes shared by the image worker and the strip UI (pure).
 *
 * Limits (stated in the UI messages and src/features/strip/README.md):
 * - file size ≤ 100 MiB;
 * - width ≤ 16,384 px, height ≤ 32,000 px (browser canvases stop at 32,767 px per side);
 * - ≤ 120 megapixels (an RGBA copy of that is 480 MB in memory);
 * - a panel is at least 16 px on each side (`panelSizeProblem`, code 'too-small'): a picture
 *   smaller than that cannot hold a drawn panel (a line of speech-bubble text alone is ~16 px at
 *   webtoon width) and export would blow it up more than 40× to the upload width; such files are
 *   spacers, tracking pixels, favicons or failed exports, so they are refused at import with a
 *   message instead of becoming blank slices. Import only (Strip, Colorize — the image worker's
 *   `inspect`); backups restore what was stored, references keep small icons (CLIP scales them).
 * A strip taller than 2× its width is offered for splitting at its gutters.
 */
import { stitchLayout, type StripItem } from './layout';

export const LIMITS = {
  maxFileBytes: 100 * 1024 * 1024,
  maxWidth: 16_384,
  maxHeight: 32_000,
  maxPixels: 120_000_000,
  minSide: 16,
} as const;

export const TALL_RATIO = 2;

export type ImageErrorCode = 'empty' | 'not-image' | 'corrupt' | 'too-large' | 'too-small';
export type BackupErrorCode =
  | 'backup-foreign'
  | 'backup-damaged'
  | 'backup-version'
  | 'backup-bad-image'
  | 'backup-too-large';
export type StripErrorCode = ImageErrorCode | BackupErrorCode;

export type ImageFormat = 'image/png' | 'image/jpeg' | 'image/webp';

export interface Failure {
  ok: false;
  code: StripErrorCode;
  /** Technical detail (English, for logs); the UI shows a translated message per code. */
  detail: string;
}

export function isTall(width: number, height: number): boolean {
  return height > width * TALL_RATIO;
}

/** Checks dimensions against LIMITS; returns a detail string when too large. */
export function sizeProblem(width: number, height: number): string | null {
  if (width > LIMITS.maxWidth) return `width ${width} > ${LIMITS.maxWidth}`;
  if (height > LIMITS.maxHeight) return `height ${height} > ${LIMITS.maxHeight}`;
  if (width * height > LIMITS.maxPixels) return `${width}×${height} > ${LIMITS.maxPixels} pixels`;
  return null;
}

/**
 * The one rule for a picture imported as a panel (Strip and Colorize, through the image worker's
 * `inspect`): too large (`sizeProblem`, code 'too-large') or a side under `LIMITS.minSide`
 * (code 'too-small'). Returns the code and an English detail, or null when it may be a panel.
 */
export function panelSizeProblem(
  width: number,
  height: number,
): { code: 'too-large' | 'too-small'; detail: string } | null {
  const big = sizeProblem(width, height);
  if (big) return { code: 'too-large', detail: big };
  if (!(width >= LIMITS.minSide && height >= LIMITS.minSide))
    return { code: 'too-small', detail: `${width}×${height} px: a side under ${LIMITS.minSide} px` };
  return null;
}

/**
 * Refuse-before-decode for stitching (issue 18 #9): the stitched strip's size from the panels'
 * STORED sizes and gutters (stitchLayout's rule: widest panel × panels + inner gutters), checked
 * against LIMITS before any image is read or decoded. Returns the size and the problem, or null
 * when it fits. A stored size that is not a positive finite number proves nothing: null (the
 * image worker still checks the decoded sizes before it draws).
 */
export function stitchSizeProblem(items: StripItem[]): { width: number; height: number; detail: string } | null {
  const sane = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
  if (!items.every((p) => sane(p.width) && sane(p.height))) return null;
  const { width, height } = stitchLayout(items);
  const problem = sizeProblem(width, height);
  return problem ? { width, height, detail: `stitched strip ${problem}` } : null;
}
