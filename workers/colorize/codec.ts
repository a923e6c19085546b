/**
 * Image decode/encode inside the colorize worker — the workers' one codec
 * (workers/runtime/codec.ts: fixed decode options, PNG encode).
 */
import { fail, type ColorizeFailure } from './limits';
import { decodePixels, encodePng } from '../runtime/codec';
import type { PanelPixels } from './pipeline';

/** Full size, no resize: the colorizer's limits (limits.ts) decide what it accepts. */
export async function decodeToPixels(blob: Blob): Promise<PanelPixels | ColorizeFailure> {
  try {
    return await decodePixels(blob);
  } catch (e) {
    return fail('decode', e instanceof Error ? e.message : String(e));
  }
}

export { encodePng };
