/**
 * Character palettes on region models (colorize worker side; pure given a cached panel entry):
 *  - `paletteSamples`: where a palette's hints (`ref` = `<paletteId>/<label>`) coloured a panel →
 *    one RegionSample per region, on the regions the flats use (competing hints divide a region,
 *    src/core/regions/split.ts; otherwise the latest hint on a region wins, as in flatFill);
 *  - `paletteAssign`: a panel's regions ← the palette's remembered samples (matchPalette).
 */
import type { Hint } from '../../src/core/color/hints';
import { resolveHints } from '../../src/core/regions';
import {
  matchPalette,
  samplesFromPanel,
  type PaletteAssignment,
  type RegionSample,
} from '../../src/core/regions/palette-match';
import { modelFor, type cached } from './flats';
import type { PanelKind } from '../../src/core/regions';

type Entry = NonNullable<ReturnType<typeof cached>>;

export function paletteSamples(
  e: Entry,
  hints: readonly Hint[],
  gap: number,
  paletteId: string,
  kind?: PanelKind,
): RegionSample[] {
  const { model: lineModel } = modelFor(e, gap, kind);
  const { model, fill } = resolveHints(lineModel, hints, e.base.gray);
  const labelOf = new Map<number, string>();
  for (let r = 0; r < fill.hintOf.length; r++) {
    const h = fill.hintOf[r] >= 0 ? hints[fill.hintOf[r]] : undefined;
    const ref = h?.ref;
    if (ref && ref.startsWith(`${paletteId}/`)) labelOf.set(r, ref.slice(paletteId.length + 1));
  }
  return samplesFromPanel(model, labelOf);
}

export function paletteAssign(
  e: Entry,
  gap: number,
  samples: readonly RegionSample[],
  kind?: PanelKind,
): PaletteAssignment[] {
  const { model } = modelFor(e, gap, kind);
  return matchPalette(model, samples);
}
