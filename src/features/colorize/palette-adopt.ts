/**
 * Hints made with a palette's colours but not from its swatches (no DOM): a trial coloured a panel
 * first, then added the same hex values to a new palette, and "Colour as" found no panel coloured
 * with it. A hint without a palette reference whose colour is exactly an entry's colour counts as
 * that entry's (the first entry of that colour), so such a panel teaches the palette too.
 */
import type { Hint } from '../../core/color/hints';
import type { Rgb } from '../../core/color/lab';
import { paletteRef } from '../../store/palettes';

/** `hints` with `ref` set on the unreferenced ones whose colour is an entry's (the others unchanged). */
export function adoptByColour(
  hints: readonly Hint[],
  paletteId: string,
  entries: readonly { label: string; rgb: Rgb }[],
): Hint[] {
  const byColour = new Map<string, string>();
  for (const e of entries) if (!byColour.has(e.rgb.join())) byColour.set(e.rgb.join(), e.label);
  return hints.map((h) => {
    const label = h.ref === undefined ? byColour.get(h.rgb.join()) : undefined;
    return label === undefined ? h : { ...h, ref: paletteRef(paletteId, label) };
  });
}
