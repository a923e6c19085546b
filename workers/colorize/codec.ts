/**
 * Image decode/encode inside the colorize worker — the workers' one codec
 * (workers/runtime/codec.ts: fixed decode options, PNG encode) — and the layered PSD (ag-psd): "Flat colors" beneath, "Line art" (the original panel's
 * lightness as gray) on top in multiply.
 */
import { writePsd } from 'ag-psd';
import { labToRgb, rgbToLab, gamutScale } from '../../src/core/color/lab';
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

/** Lightness of the flat-colour layer: a colourist's flats are light, the shading comes from the line layer. */
const FLAT_L = 88;

/**
 * Flats: each coloured pixel of `result` (chroma > 3) at L* = FLAT_L with its hue and chroma
 * (reduced into gamut), uncoloured pixels white. Line art: the original's lightness as gray.
 * Multiplying the two gives back a picture close to the colorized result.
 */
export function flatsAndLines(
  original: PanelPixels,
  result: PanelPixels,
): { flats: Uint8ClampedArray; lines: Uint8ClampedArray } {
  const n = result.width * result.height;
  const flats = new Uint8ClampedArray(n * 4);
  const lines = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    const j = i * 4;
    const [, a, b] = rgbToLab(result.data[j], result.data[j + 1], result.data[j + 2]);
    let rgb: [number, number, number] = [255, 255, 255];
    if (Math.hypot(a, b) > 3) {
      const t = gamutScale(FLAT_L, a, b);
      rgb = labToRgb(FLAT_L, a * t, b * t);
    }
    flats[j] = rgb[0];
    flats[j + 1] = rgb[1];
    flats[j + 2] = rgb[2];
    flats[j + 3] = 255;
    const [L] = rgbToLab(original.data[j], original.data[j + 1], original.data[j + 2]);
    const g = labToRgb(L, 0, 0)[0];
    lines[j] = g;
    lines[j + 1] = g;
    lines[j + 2] = g;
    lines[j + 3] = 255;
  }
  return { flats, lines };
}

export function buildPsd(original: PanelPixels, result: PanelPixels): ArrayBuffer {
  if (original.width !== result.width || original.height !== result.height)
    throw new Error(
      `size mismatch: original ${original.width}×${original.height}, result ${result.width}×${result.height}`,
    );
  const { width, height } = result;
  const { flats, lines } = flatsAndLines(original, result);
  return writePsd(
    {
      width,
      height,
      imageData: { width, height, data: new Uint8ClampedArray(result.data) },
      children: [
        { name: 'Flat colors', imageData: { width, height, data: flats } },
        { name: 'Line art', blendMode: 'multiply', imageData: { width, height, data: lines } },
      ],
    },
    { generateThumbnail: false, noBackground: true },
  );
}
