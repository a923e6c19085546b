/**
 * Encoded image → RGBA for image-to-image (in the worker: createImageBitmap + OffscreenCanvas).
 * The longer side is scaled down to `maxSide` (the pipeline crops and resamples to the model's
 * size anyway). Undecodable bytes throw an Error saying so.
 */
import type { ImagePixels } from './types';

export class ImageDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageDecodeError';
  }
}

export async function decodeImage(bytes: ArrayBuffer, type: string, maxSide: number): Promise<ImagePixels> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes], { type: type || 'image/png' }), {
      imageOrientation: 'from-image',
    });
  } catch {
    throw new ImageDecodeError('The image could not be decoded (PNG, JPEG or WebP expected)');
  }
  try {
    const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('2D canvas is not available in this worker');
    ctx.drawImage(bitmap, 0, 0, width, height);
    return { width, height, data: ctx.getImageData(0, 0, width, height).data };
  } finally {
    bitmap.close();
  }
}
