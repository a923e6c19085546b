/**
 * Reference thumbnails (issue 14): a small WebP (JPEG where the browser cannot encode WebP) of at
 * most THUMB_SIDE px on the long side, never upscaled, orientation applied. Lists show these,
 * never the full-size originals. Runs in the image worker (createImageBitmap + OffscreenCanvas).
 */
import type { Failure } from '../../src/core/strip/limits';
import { fail } from './canvas';

export const THUMB_SIDE = 256;

export interface Thumbnail {
  ok: true;
  bytes: ArrayBuffer;
  type: 'image/webp' | 'image/jpeg';
  width: number;
  height: number;
}

/** Thumbnail size for an image of w × h: long side ≤ side, aspect kept, at least 1 px. */
export function thumbSize(w: number, h: number, side = THUMB_SIDE): { width: number; height: number } {
  const s = Math.min(1, side / Math.max(w, h));
  return { width: Math.max(1, Math.round(w * s)), height: Math.max(1, Math.round(h * s)) };
}

export async function thumbnail(file: Blob, side = THUMB_SIDE): Promise<Thumbnail | Failure> {
  if (file.size === 0) return fail('empty', 'zero-byte file');
  let full: ImageBitmap;
  try {
    full = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch (e) {
    return fail('corrupt', `decoder refused the image: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    const { width, height } = thumbSize(full.width, full.height, side);
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('2D canvas unavailable');
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(full, 0, 0, width, height);
    let blob = await canvas.convertToBlob({ type: 'image/webp', quality: 0.82 });
    if (blob.type !== 'image/webp') blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
    return { ok: true, bytes: await blob.arrayBuffer(), type: blob.type as Thumbnail['type'], width, height };
  } finally {
    full.close();
  }
}
