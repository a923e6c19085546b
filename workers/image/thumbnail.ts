/**
 * Reference thumbnails (issue 14): a small WebP (JPEG where the browser cannot encode WebP) of at
 * most THUMB_SIDE px on the long side, never upscaled, orientation applied. Lists show these,
 * never the full-size originals. Runs in the image worker; decoded by the workers' one codec
 * (workers/runtime/codec.ts), sized by its one rule (long side).
 */
import type { Failure } from '../../src/core/strip/limits';
import { decode, fail } from './canvas';
import { drawFitted, fitLongSide } from '../runtime/codec';

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
  return fitLongSide(w, h, side);
}

export async function thumbnail(file: Blob, side = THUMB_SIDE): Promise<Thumbnail | Failure> {
  if (file.size === 0) return fail('empty', 'zero-byte file');
  const full = await decode(file);
  if ('ok' in full) return full;
  try {
    const canvas = drawFitted(full, side);
    const { width, height } = canvas;
    let blob = await canvas.convertToBlob({ type: 'image/webp', quality: 0.82 });
    if (blob.type !== 'image/webp') blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
    return { ok: true, bytes: await blob.arrayBuffer(), type: blob.type as Thumbnail['type'], width, height };
  } finally {
    full.close();
  }
}
