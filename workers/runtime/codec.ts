/**
 * The workers' ONE image codec (issue 15): every worker that turns an encoded picture into pixels
 * (colorize, CLIP, diffusion, runtime, image, storyboard) or pixels into a PNG goes through here,
 * so the same file gives the same pixels to every model (e2e test `codec`).
 *
 * Decode: `createImageBitmap` with fixed options (DECODE_OPTIONS):
 * - `colorSpaceConversion: 'none'` — the file's bytes as sRGB (an embedded ICC profile or gAMA
 *   chunk is not applied), the numbers the artist saved, which is what the models were trained on;
 * - `premultiplyAlpha: 'none'` — straight alpha, as the file stores it;
 * - `imageOrientation: 'from-image'` — a JPEG's EXIF Orientation is applied, so the pixels are the
 *   picture as displayed (an <img> shows the same), and width × height agree with the sniffer
 *   (src/core/image/sniff.ts reports the displayed size; unit test exif-orientation, e2e exif).
 *
 * Resize — one rule (`fitLongSide`): the LONGER side is scaled down to at most `maxSide`, aspect
 * kept, sizes rounded, at least 1 px, never upscaled. The filter is the canvas's high-quality
 * smoothing (`imageSmoothingQuality = 'high'`; in Chromium Skia's mipmapped cubic). Each model
 * then does its own model-specific step (CLIP's processor: shortest edge + centre crop; diffusion:
 * centre crop to the model size) on these pixels.
 *
 * Encode: PNG through OffscreenCanvas.convertToBlob (`encodePng`).
 *
 * DOM-free (createImageBitmap + OffscreenCanvas exist in workers); also runs on the main thread.
 */

/** RGBA pixels, 8 bits per channel, row-major (ImageData.data layout). */
export interface Pixels {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export const DECODE_OPTIONS: Readonly<ImageBitmapOptions> = Object.freeze({
  colorSpaceConversion: 'none',
  premultiplyAlpha: 'none',
  imageOrientation: 'from-image',
});

/** The decoder refused the bytes (message: the browser's reason). */
export class ImageDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageDecodeError';
  }
}

/** Size after the one resize rule: longer side ≤ maxSide, aspect kept, never upscaled, ≥ 1 px. */
export function fitLongSide(width: number, height: number, maxSide = Infinity): { width: number; height: number } {
  const s = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * s)), height: Math.max(1, Math.round(height * s)) };
}

/** Decodes with DECODE_OPTIONS; throws ImageDecodeError when the browser refuses the bytes. */
export async function decodeBitmap(blob: Blob): Promise<ImageBitmap> {
  try {
    return await createImageBitmap(blob, DECODE_OPTIONS);
  } catch (e) {
    throw new ImageDecodeError(`decoder refused the image: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** A 2D context for reading pixels back (willReadFrequently keeps it on the CPU). */
export function context2d(canvas: OffscreenCanvas): OffscreenCanvasRenderingContext2D {
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('OffscreenCanvas 2D context unavailable');
  return ctx;
}

/** Draws a bitmap at the one rule's size (high-quality smoothing); `background` fills first. */
export function drawFitted(bitmap: ImageBitmap, maxSide = Infinity, background?: string): OffscreenCanvas {
  const { width, height } = fitLongSide(bitmap.width, bitmap.height, maxSide);
  const canvas = new OffscreenCanvas(width, height);
  const ctx = context2d(canvas);
  if (background) {
    ctx.fillStyle = background;
    ctx.fillRect(0, 0, width, height);
  }
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  if (width === bitmap.width && height === bitmap.height) ctx.drawImage(bitmap, 0, 0);
  else ctx.drawImage(bitmap, 0, 0, width, height);
  return canvas;
}

export interface DecodeOptions {
  /** Longer side at most this many pixels (the one rule); default: full size. */
  maxSide?: number;
  /** CSS colour drawn beneath the picture (e.g. '#fff': transparent pixels read as white). */
  background?: string;
}

/** Encoded image → RGBA pixels: decode (fixed options), resize (the one rule), read back as sRGB. */
export async function decodePixels(blob: Blob, opts: DecodeOptions = {}): Promise<Pixels> {
  const bitmap = await decodeBitmap(blob);
  try {
    const canvas = drawFitted(bitmap, opts.maxSide, opts.background);
    const { width, height } = canvas;
    const { data } = context2d(canvas).getImageData(0, 0, width, height, { colorSpace: 'srgb' });
    return { width, height, data };
  } finally {
    bitmap.close();
  }
}

/** PNG bytes of RGBA pixels or of a canvas. */
export async function encodePng(image: Pixels | OffscreenCanvas): Promise<ArrayBuffer> {
  let canvas: OffscreenCanvas;
  if (image instanceof OffscreenCanvas) canvas = image;
  else {
    canvas = new OffscreenCanvas(image.width, image.height);
    context2d(canvas).putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
  }
  return (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer();
}
