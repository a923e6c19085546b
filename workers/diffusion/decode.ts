/**
 * Encoded image → RGBA for image-to-image and image prompts, through the workers' one codec
 * (workers/runtime/codec.ts): fixed decode options, longer side scaled down to `maxSide` (the
 * pipeline crops and resamples to the model's size anyway). Undecodable bytes throw an
 * ImageDecodeError saying so.
 */
import { decodePixels, ImageDecodeError } from '../runtime/codec';
import type { ImagePixels } from './types';

export { ImageDecodeError };

export async function decodeImage(bytes: ArrayBuffer, type: string, maxSide: number): Promise<ImagePixels> {
  try {
    return await decodePixels(new Blob([bytes], { type: type || 'image/png' }), { maxSide });
  } catch (e) {
    if (e instanceof ImageDecodeError)
      throw new ImageDecodeError('The image could not be decoded (PNG, JPEG or WebP expected)');
    throw e;
  }
}
