/**
 * Panel kind detection (pure): 'lineart' (flat colour under the lines) or 'gray' (tones already
 * drawn: keep L*, tint a*b*).
 *
 * Two rules (`KindRule`):
 *  - 'paper' (the first rule): line art when ≥ 80 % of the non-line pixels are within 16 grays of
 *    the panel's paper gray. Light tones (L* ≥ ≈ 86) count as paper, so light gray renders were
 *    called line art.
 *  - 'tone' (default; chosen on val, models/colorizer/EVAL.md "Flats"): only pixels away from the
 *    lines count (more than 2 px from a line pixel: anti-aliased stroke edges are not tone), their
 *    gray smoothed by a 3 × 3 box (scan noise averages out); the paper level is the mode of those
 *    smoothed grays. Tone share = the share of them more than `delta` grays from that level. Gray
 *    when the tone share ≥ `share`: a panel with a fifth of its area in light flat tones is gray,
 *    however light the tones are; white or gray scanned paper with anti-aliased strokes is line art.
 */
import type { PanelKind } from './types';

export type KindRule = 'paper' | { delta: number; share: number };

export const KIND_DEFAULT: KindRule = { delta: 6, share: 0.1 };
const PAPER_SLACK = 16; // 'paper' rule: grays below the paper gray still paper
const LINEART_SHARE = 0.8;

export function detectKind(
  g: Float32Array,
  line: Uint8Array,
  width: number,
  height: number,
  paper: number,
  rule: KindRule = KIND_DEFAULT,
): { kind: PanelKind; toneShare: number } {
  const n = width * height;
  if (rule === 'paper') {
    let onPaper = 0;
    let nonLine = 0;
    for (let i = 0; i < n; i++)
      if (!line[i]) {
        nonLine++;
        if (g[i] >= paper - PAPER_SLACK) onPaper++;
      }
    const share = nonLine ? onPaper / nonLine : 1;
    return { kind: nonLine > 0 && share >= LINEART_SHARE ? 'lineart' : 'gray', toneShare: 1 - share };
  }
  const near = dilate(line, width, height, 2);
  // 3 × 3 box mean (window clipped at the borders): row means stored, column means on the fly
  const rows = rowMean3(g, width, height);
  const mean3 = (i: number): number => {
    const x = i % width;
    const o = i - x;
    let sum = rows[i];
    let k = 1;
    if (o > 0) {
      sum += rows[i - width];
      k++;
    }
    if (o + width < n) {
      sum += rows[i + width];
      k++;
    }
    return Math.fround(sum / k);
  };
  const hist = new Float64Array(256);
  let far = 0;
  for (let i = 0; i < n; i++)
    if (!near[i]) {
      hist[Math.max(0, Math.min(255, Math.round(mean3(i))))]++;
      far++;
    }
  if (!far) return { kind: 'lineart', toneShare: 0 };
  let mode = 255;
  for (let k = 0; k < 256; k++) if (hist[k] > hist[mode]) mode = k;
  let tone = 0;
  for (let i = 0; i < n; i++) if (!near[i] && Math.abs(mean3(i) - mode) > rule.delta) tone++;
  const toneShare = tone / far;
  return { kind: toneShare >= rule.share ? 'gray' : 'lineart', toneShare };
}

/** Mean of each pixel and its left and right neighbours (clipped at the borders), float32. */
function rowMean3(g: Float32Array, width: number, height: number): Float32Array {
  const out = new Float32Array(g.length);
  for (let y = 0; y < height; y++) {
    const o = y * width;
    for (let x = 0; x < width; x++) {
      let sum = g[o + x];
      let k = 1;
      if (x > 0) {
        sum += g[o + x - 1];
        k++;
      }
      if (x < width - 1) {
        sum += g[o + x + 1];
        k++;
      }
      out[o + x] = sum / k;
    }
  }
  return out;
}

/** Square dilation of a 0/1 mask by radius r (separable, clipped at the borders). */
function dilate(mask: Uint8Array, width: number, height: number, r: number): Uint8Array {
  const tmp = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    const o = y * width;
    for (let x = 0; x < width; x++) {
      if (!mask[o + x]) continue;
      const lo = Math.max(0, x - r);
      const hi = Math.min(width - 1, x + r);
      for (let k = lo; k <= hi; k++) tmp[o + k] = 1;
    }
  }
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    const lo = Math.max(0, y - r);
    const hi = Math.min(height - 1, y + r);
    for (let yy = lo; yy <= hi; yy++) {
      const q = yy * width;
      const o = y * width;
      for (let x = 0; x < width; x++) if (tmp[q + x]) out[o + x] = 1;
    }
  }
  return out;
}
