/**
 * Compositing flats with the panel (pure; O(n) with per-region look-up tables).
 *
 * composite(model, original, regionColors, kind) — `regionColors[r]` is the region's flat colour
 * (Lab) or null (uncoloured). The hook for automatic colours: callers pass hinted colours where
 * hints are and, if they have them, automatic per-region colours elsewhere.
 *  - 'gray' (tones drawn): every pixel keeps its L* exactly (of the panel's gray: a colour panel
 *    is first converted to gray of equal lightness) and takes its region's a*b*; chroma is reduced
 *    where (L*, a*, b*) is out of gamut, lightness never. Line pixels stay neutral. Halftone
 *    (dark dots on white paper) in a coloured region takes the tone's mean lightness instead
 *    (`descreen.ts`) with `opts.descreen`, so the colour shows on the tone rather than as
 *    coloured dots on white; off by default (val), every pixel keeps its own L*.
 *  - 'lineart': the flat colour (L*, a*, b*) fills the region — under the lines too (`under`) —
 *    and the line art is multiplied on top: out = flat × (1 − ink).
 *  - Pixels of uncoloured regions (and lines over them) are the panel's gray, unchanged.
 */
import { gamutScale, labToRgb, rgbaLightness, type Lab, type Rgb } from '../color/lab';
import { descreenLevels, findHalftone } from './descreen';
import { LINE, type PanelKind, type RegionModel } from './types';

export interface Composited {
  rgba: Uint8ClampedArray;
  /** The gray the panel was composited over (equals the input for a grayscale panel). */
  gray: Uint8ClampedArray;
  wasColor: boolean;
  /** Gray panels: coloured regions that are mostly halftone (dots on paper; `descreen.ts`). */
  halftoneRegions: number;
  /** The gray levels composited when halftone was smoothed (RGBA, R = G = B), else undefined. */
  smoothed?: Uint8ClampedArray;
}

/** Grayscale RGBA with the panel's lightness (the input itself when it is already gray). */
export function panelGray(
  original: Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
): { gray: Uint8ClampedArray; wasColor: boolean } {
  let wasColor = false;
  for (let j = 0; j < original.length; j += 4)
    if (original[j] !== original[j + 1] || original[j + 1] !== original[j + 2]) {
      wasColor = true;
      break;
    }
  if (!wasColor) return { gray: new Uint8ClampedArray(original), wasColor };
  return { gray: rgbaLightness(original, width, height).preview, wasColor };
}

/** L* (0–100) of each sRGB gray level. */
export const L_OF_GRAY = new Float64Array(256);
for (let g = 0; g < 256; g++) {
  const c = g / 255;
  const y = c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  L_OF_GRAY[g] = y > (6 / 29) ** 3 ? 116 * Math.cbrt(y) - 16 : (y * 116 * 29 * 29) / (3 * 6 * 6);
}

/** Per gray level g: sRGB of (L*(g), a·t, b·t) with t the gamut scale. */
function abTable(a: number, b: number): Uint8Array {
  const t = new Uint8Array(256 * 3);
  for (let g = 0; g < 256; g++) {
    const L = L_OF_GRAY[g];
    const s = gamutScale(L, a, b);
    const [r, gg, bb] = labToRgb(L, a * s, b * s);
    t[g * 3] = r;
    t[g * 3 + 1] = gg;
    t[g * 3 + 2] = bb;
  }
  return t;
}

export function composite(
  model: RegionModel,
  original: Uint8ClampedArray | Uint8Array,
  regionColors: readonly (Lab | null)[],
  kind: PanelKind,
  base?: { gray: Uint8ClampedArray; wasColor: boolean },
  opts: { descreen?: boolean } = {},
): Composited {
  const { width, height, labels, under, ink } = model;
  const n = width * height;
  const { gray, wasColor } = base ?? panelGray(original, width, height);
  const out = new Uint8ClampedArray(gray);
  const R = model.regions.length;
  if (kind === 'gray') {
    const tables: (Uint8Array | null)[] = new Array<Uint8Array | null>(R).fill(null);
    for (let r = 0; r < R; r++) {
      const c = regionColors[r];
      if (c && (c[1] !== 0 || c[2] !== 0)) tables[r] = abTable(c[1], c[2]);
    }
    const colored = new Uint8Array(R);
    for (let r = 0; r < R; r++) colored[r] = tables[r] ? 1 : 0;
    const ht = findHalftone(gray, labels, colored, width, height);
    const levels = ht && opts.descreen ? descreenLevels(gray, labels, ht, width, height) : null;
    for (let i = 0; i < n; i++) {
      const r = labels[i];
      if (r === LINE) continue;
      const t = tables[r];
      if (!t) continue;
      const j = i * 4;
      const g = (levels ? levels[i] : gray[j]) * 3;
      out[j] = t[g];
      out[j + 1] = t[g + 1];
      out[j + 2] = t[g + 2];
    }
    let smoothed: Uint8ClampedArray | undefined;
    if (levels) {
      smoothed = new Uint8ClampedArray(gray);
      for (let i = 0; i < n; i++) smoothed[i * 4] = smoothed[i * 4 + 1] = smoothed[i * 4 + 2] = levels[i];
    }
    return { rgba: out, gray, wasColor, halftoneRegions: ht?.count ?? 0, ...(smoothed ? { smoothed } : {}) };
  }
  const flat: (Rgb | null)[] = regionColors.map((c) => (c ? labToRgb(c[0], c[1], c[2]) : null));
  for (let i = 0; i < n; i++) {
    const r = under[i];
    if (r === LINE) continue;
    const c = flat[r];
    if (!c) continue;
    const j = i * 4;
    const k = 1 - ink[i];
    out[j] = c[0] * k + 0.5;
    out[j + 1] = c[1] * k + 0.5;
    out[j + 2] = c[2] * k + 0.5;
  }
  return { rgba: out, gray, wasColor, halftoneRegions: 0 };
}

/**
 * Export layers (RGBA, opaque): `flats` = exactly one colour per region (the hint's sRGB where
 * given, else white), filled under the lines; `lines` = the line art as gray (1 − ink), for a
 * multiply layer. With `linesOnly` (gray panels, whose ink is every tone) `lines` keeps the line
 * pixels only and is white elsewhere, so the layer is the panel's lines and not a second copy of
 * its tones.
 */
export function exportLayers(
  model: RegionModel,
  regionRgb: readonly (Rgb | null)[],
  linesOnly = false,
): { flats: Uint8ClampedArray; lines: Uint8ClampedArray } {
  const { width, height, under, ink, labels } = model;
  const n = width * height;
  const flats = new Uint8ClampedArray(n * 4);
  const lines = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    const j = i * 4;
    const r = under[i];
    const c = r >= 0 ? regionRgb[r] : null;
    flats[j] = c ? c[0] : 255;
    flats[j + 1] = c ? c[1] : 255;
    flats[j + 2] = c ? c[2] : 255;
    flats[j + 3] = 255;
    const g = linesOnly && labels[i] >= 0 ? 255 : Math.round(255 * (1 - ink[i]));
    lines[j] = lines[j + 1] = lines[j + 2] = g;
    lines[j + 3] = 255;
  }
  return { flats, lines };
}
