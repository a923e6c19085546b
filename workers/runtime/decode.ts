/** Decodes an encoded image to RGBA pixels inside a worker (createImageBitmap + OffscreenCanvas). */
import type { ImagePixels } from './types';

export async function decodeToPixels(bytes: ArrayBuffer, type: string, maxSide = 2048): Promise<ImagePixels> {
  const blob = new Blob([bytes], { type });
  const probe = await createImageBitmap(blob, { imageOrientation: 'from-image' });
  const scale = Math.min(1, maxSide / Math.max(probe.width, probe.height));
  let bitmap = probe;
  if (scale < 1) {
    probe.close();
    bitmap = await createImageBitmap(blob, {
      resizeWidth: Math.max(1, Math.round(probe.width * scale)),
      resizeHeight: Math.max(1, Math.round(probe.height * scale)),
      resizeQuality: 'high',
      imageOrientation: 'from-image',
    });
  }
  const { width, height } = bitmap;
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('OffscreenCanvas 2D context unavailable');
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const { data } = ctx.getImageData(0, 0, width, height);
  return { width, height, data };
}
