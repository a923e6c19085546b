/**
 * Palette drift: how far the colour a panel actually shows under a palette entry's hints is
 * from the entry's colour, in CIEDE2000. Pure; the sampling (mean Lab of the result image under
 * each hint's footprint) happens in the colorize worker.
 */
import { ciede2000 } from './ciede2000';
import { rgbToLab, type Lab, type Rgb } from './lab';

export interface PanelSample {
  panelId: string;
  /** Mean Lab of the result under the entry's hints in that panel (null: no result yet). */
  lab: Lab | null;
}

export interface EntryDrift {
  ref: string;
  perPanel: { panelId: string; deltaE: number }[];
  mean: number;
  max: number;
}

export function entryDrift(ref: string, rgb: Rgb, samples: readonly PanelSample[]): EntryDrift {
  const target = rgbToLab(rgb[0], rgb[1], rgb[2]);
  const perPanel = samples
    .filter((s): s is { panelId: string; lab: Lab } => s.lab !== null)
    .map((s) => ({ panelId: s.panelId, deltaE: ciede2000(target, s.lab) }));
  const mean = perPanel.length ? perPanel.reduce((a, p) => a + p.deltaE, 0) / perPanel.length : 0;
  const max = perPanel.reduce((a, p) => Math.max(a, p.deltaE), 0);
  return { ref, perPanel, mean, max };
}

/** Mean Lab of RGBA pixels where `mask` is set (null when the mask is empty). */
export function meanLabUnder(data: Uint8ClampedArray | Uint8Array, mask: Float32Array | Uint8Array): Lab | null {
  let n = 0;
  const acc: Lab = [0, 0, 0];
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    const lab = rgbToLab(data[i * 4], data[i * 4 + 1], data[i * 4 + 2]);
    acc[0] += lab[0];
    acc[1] += lab[1];
    acc[2] += lab[2];
    n++;
  }
  return n ? [acc[0] / n, acc[1] / n, acc[2] / n] : null;
}
