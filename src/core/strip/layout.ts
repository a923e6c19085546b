/**
 * Where every panel and every remembered gutter lands in the strip as drawn (pure).
 *
 * A strip is its panels in order, each with an optional gutter above (`gapBefore`, the top
 * margin of a split strip) and below (`gapAfter`) — heights in the panel's own source pixels,
 * colours `#rrggbb`. `layoutStrip` scales every panel to one target width (a panel w×h becomes
 * width × h·width/w, its gutters scale with it) and stacks the pieces top to bottom.
 *
 * Rows are placed by rounding the running (unrounded) position, so a piece at source offset Y
 * starts at round(Y·scale): the layout never drifts from the original strip scaled as a whole,
 * and every piece covers whole rows with no gap or overlap. A panel always gets ≥ 1 row.
 */

export interface StripGap {
  /** Height in the owning panel's source pixels. */
  height: number;
  /** Background colour, `#rrggbb`. */
  color: string;
}

export interface StripItem {
  width: number;
  height: number;
  gapBefore?: StripGap;
  gapAfter?: StripGap;
}

export interface PlacedPanel {
  /** Index in the input list. */
  index: number;
  /** Top row in the laid-out strip. */
  y: number;
  height: number;
}

export interface PlacedGap {
  y: number;
  height: number;
  color: string;
}

export interface StripLayout {
  width: number;
  /** Rows in all. */
  total: number;
  panels: PlacedPanel[];
  gaps: PlacedGap[];
}

export const GAP_COLOR = /^#[0-9a-f]{6}$/i;

/** Lays out `items` scaled to `width` px (gutters included). */
export function layoutStrip(items: StripItem[], width: number): StripLayout {
  let yf = 0;
  let y = 0;
  const panels: PlacedPanel[] = [];
  const gaps: PlacedGap[] = [];
  const advance = (rows: number, minRows: number): { y: number; height: number } => {
    yf += rows;
    const top = y;
    let bottom = Math.round(yf);
    if (bottom - top < minRows) {
      bottom = top + minRows;
      yf = Math.max(yf, bottom);
    }
    y = bottom;
    return { y: top, height: bottom - top };
  };
  const gap = (g: StripGap | undefined, scale: number) => {
    if (!g || g.height <= 0) return;
    const r = advance(g.height * scale, 0);
    if (r.height > 0) gaps.push({ ...r, color: g.color });
  };
  items.forEach((item, index) => {
    if (item.width <= 0 || item.height <= 0) return;
    const scale = width / item.width;
    gap(item.gapBefore, scale);
    panels.push({ index, ...advance(item.height * scale, 1) });
    gap(item.gapAfter, scale);
  });
  return { width, total: y, panels, gaps };
}

/**
 * Rows where a cut is free: every boundary between pieces and every row inside a gutter
 * (`free[y] = 1` means cutting between rows y−1 and y splits no panel).
 */
export function freeCutRows(layout: StripLayout): Uint8Array {
  const free = new Uint8Array(layout.total + 1);
  free[0] = 1;
  free[layout.total] = 1;
  for (const p of layout.panels) {
    free[p.y] = 1;
    free[p.y + p.height] = 1;
  }
  for (const g of layout.gaps) for (let y = g.y; y <= g.y + g.height; y++) free[y] = 1;
  return free;
}

/** Stitch layout: panels at their own size, centred on the widest, gutters between them. */
export function stitchLayout(items: StripItem[]): {
  width: number;
  height: number;
  rects: { x: number; y: number }[];
  gaps: PlacedGap[];
} {
  const width = Math.max(0, ...items.map((p) => p.width));
  let y = 0;
  const gaps: PlacedGap[] = [];
  const gap = (g: StripGap | undefined) => {
    if (!g || g.height <= 0) return;
    const h = Math.round(g.height);
    gaps.push({ y, height: h, color: g.color });
    y += h;
  };
  const rects = items.map((p, i) => {
    if (i > 0) gap(p.gapBefore);
    const r = { x: Math.floor((width - p.width) / 2), y };
    y += p.height;
    if (i < items.length - 1) gap(p.gapAfter);
    return r;
  });
  return { width, height: y, rects, gaps };
}

/** `#rrggbb` of an RGB triple (rounded, clamped). */
export function hexColor(r: number, g: number, b: number): string {
  const h = (v: number) =>
    Math.max(0, Math.min(255, Math.round(v)))
      .toString(16)
      .padStart(2, '0');
  return `#${h(r)}${h(g)}${h(b)}`;
}
