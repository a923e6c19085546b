/**
 * Slice math for the webtoon upload format (pure): the stitched strip is scaled to a fixed width
 * (800 px) and cut into slices of at most 1280 px height, top to bottom.
 *
 * Panels of other widths are each scaled to the target width, so a panel of w×h becomes
 * 800 × round(h·800/w) and panels stack without gaps. Slices are in scaled coordinates; every
 * slice is `maxHeight` tall except the last.
 */

export const SLICE_WIDTH = 800;
export const SLICE_MAX_HEIGHT = 1280;

export interface PanelSize {
  width: number;
  height: number;
}

export interface PlacedPanel {
  index: number;
  /** Top row in the scaled strip. */
  y: number;
  /** Height in the scaled strip. */
  height: number;
}

export interface SlicePart {
  panel: number;
  /** Where the panel's scaled top lands inside the slice (may be negative). */
  dy: number;
  height: number;
}

export interface Slice {
  /** Top row in the scaled strip. */
  y: number;
  height: number;
  /** Panels that intersect this slice. */
  parts: SlicePart[];
}

export function scaledHeight(size: PanelSize, width = SLICE_WIDTH): number {
  if (size.width <= 0 || size.height <= 0) return 0;
  return Math.max(1, Math.round((size.height * width) / size.width));
}

/** Stacks panels scaled to `width`. */
export function placePanels(panels: PanelSize[], width = SLICE_WIDTH): { placed: PlacedPanel[]; total: number } {
  let y = 0;
  const placed: PlacedPanel[] = [];
  panels.forEach((p, index) => {
    const height = scaledHeight(p, width);
    placed.push({ index, y, height });
    y += height;
  });
  return { placed, total: y };
}

/** Cuts a strip of `total` scaled rows into slices of at most `maxHeight`. */
export function sliceRanges(total: number, maxHeight = SLICE_MAX_HEIGHT): { y: number; height: number }[] {
  if (maxHeight <= 0) throw new RangeError('maxHeight must be positive');
  const out: { y: number; height: number }[] = [];
  for (let y = 0; y < total; y += maxHeight) out.push({ y, height: Math.min(maxHeight, total - y) });
  return out;
}

/** Full slice plan: which panel is drawn where in which slice. */
export function planSlices(panels: PanelSize[], width = SLICE_WIDTH, maxHeight = SLICE_MAX_HEIGHT): Slice[] {
  const { placed, total } = placePanels(panels, width);
  return sliceRanges(total, maxHeight).map(({ y, height }) => ({
    y,
    height,
    parts: placed
      .filter((p) => p.y < y + height && p.y + p.height > y)
      .map((p) => ({ panel: p.index, dy: p.y - y, height: p.height })),
  }));
}

/** Zip entry name of slice `i` (1-based, zero-padded so names sort in order). */
export function sliceFileName(i: number, count: number): string {
  const digits = Math.max(3, String(count).length);
  return `${String(i + 1).padStart(digits, '0')}.png`;
}

/** Stitch layout: panels stacked at their own size, centred on the widest. */
export function stitchLayout(panels: PanelSize[]): { width: number; height: number; rects: { x: number; y: number }[] } {
  const width = Math.max(0, ...panels.map((p) => p.width));
  let y = 0;
  const rects = panels.map((p) => {
    const r = { x: Math.floor((width - p.width) / 2), y };
    y += p.height;
    return r;
  });
  return { width, height: y, rects };
}
