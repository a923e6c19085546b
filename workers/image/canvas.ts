/**
 * Canvas helpers shared by the image pipeline and the strip export, on the workers' one codec
 * (workers/runtime/codec.ts: createImageBitmap + OffscreenCanvas only, so they run in the image
 * worker and on the main thread alike). Here a refused decode is a result (`corrupt`), not a throw.
 */
import type { Failure } from '../../src/core/strip/limits';
import { context2d, decodeBitmap, encodePng } from '../runtime/codec';

export { encodePng };

export const fail = (code: Failure['code'], detail: string): Failure => ({ ok: false, code, detail });

/** Decodes with the codec's fixed options (no colour-space conversion, straight alpha, EXIF applied); bad bytes → corrupt. */
export async function decode(blob: Blob): Promise<ImageBitmap | Failure> {
  try {
    return await decodeBitmap(blob);
  } catch (e) {
    return fail('corrupt', e instanceof Error ? e.message : String(e));
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

export const context = context2d;
