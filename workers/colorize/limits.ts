/**
 * Colorize limits and failure codes (pure; shared by the worker and the UI messages).
 * - Any size from 1×1 up to 16,384 × 32,000 px and 40 megapixels is colorized: small images are
 *   padded to the network stride, large ones scaled to the working size and tiled with overlap.
 * - Above 40 MP the panel is refused (full-resolution L, ab and RGBA buffers need ~20 bytes per
 *   pixel in the worker, ~800 MB at the limit).
 */
export const COLORIZE_LIMITS = { maxWidth: 16_384, maxHeight: 32_000, maxPixels: 40_000_000 } as const;

export type ColorizeErrorCode = 'too-large' | 'model-missing' | 'model-corrupt' | 'model-mismatch' | 'decode';

export interface ColorizeFailure {
  ok: false;
  code: ColorizeErrorCode;
  /** Technical detail (English); the UI shows a translated message per code. */
  detail: string;
  /** 'too-large': the panel's width and height, for the UI's own words and numbers. */
  size?: [number, number];
}

export function colorizeSizeProblem(width: number, height: number): string | null {
  const L = COLORIZE_LIMITS;
  if (width < 1 || height < 1) return `empty image ${width}×${height}`;
  if (width > L.maxWidth) return `width ${width} > ${L.maxWidth}`;
  if (height > L.maxHeight) return `height ${height} > ${L.maxHeight}`;
  if (width * height > L.maxPixels) return `${width}×${height} > ${L.maxPixels} pixels`;
  return null;
}

/** The 'too-large' failure of a panel of `width` × `height`, or null when it is within the limits. */
export function tooLargeFailure(width: number, height: number): ColorizeFailure | null {
  const problem = colorizeSizeProblem(width, height);
  return problem ? { ok: false, code: 'too-large', detail: problem, size: [width, height] } : null;
}

export const fail = (code: ColorizeErrorCode, detail: string): ColorizeFailure => ({ ok: false, code, detail });

export function isFailure(v: unknown): v is ColorizeFailure {
  return !!v && typeof v === 'object' && (v as { ok?: unknown }).ok === false;
}
