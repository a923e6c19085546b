/**
 * Canvas helpers shared by the image pipeline and the strip export (createImageBitmap +
 * OffscreenCanvas only, so they run in the image worker and on the main thread alike).
 */
import type { Failure } from '../../src/core/strip/limits';

export const fail = (code: Failure['code'], detail: string): Failure => ({ ok: false, code, detail });

/** Decodes exactly (no colour-space conversion, alpha not premultiplied); bad bytes → corrupt. */
export async function decode(blob: Blob): Promise<ImageBitmap | Failure> {
  try {
    return await createImageBitmap(blob, {
      colorSpaceConversion: 'none',
      premultiplyAlpha: 'none',
      imageOrientation: 'from-image',
    });
  } catch (e) {
    return fail('corrupt', `decoder refused the image: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Decodes all or none (closing what was decoded when one fails). */
export async function decodeAll(files: Blob[]): Promise<ImageBitmap[] | Failure> {
  const out: ImageBitmap[] = [];
  for (const f of files) {
    const b = await decode(f);
    if ('ok' in b) {
      out.forEach((x) => x.close());
      return b;
    }
    out.push(b);
  }
  return out;
}

export function context(canvas: OffscreenCanvas): OffscreenCanvasRenderingContext2D {
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('2D canvas unavailable');
  return ctx;
}

export async function encodePng(canvas: OffscreenCanvas): Promise<ArrayBuffer> {
  return (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer();
}
