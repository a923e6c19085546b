/** Encoded image → RGBA for the runtime worker: the workers' one codec (codec.ts), longer side ≤ maxSide. */
import { decodePixels } from './codec';
import type { ImagePixels } from './types';

export function decodeToPixels(bytes: ArrayBuffer, type: string, maxSide = 2048): Promise<ImagePixels> {
  return decodePixels(new Blob([bytes], { type }), { maxSide });
}
