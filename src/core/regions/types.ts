/**
 * The region model of a panel (pure data; made in the colorize worker, cached per panel).
 *
 * A flatter's view of a drawing: the dark strokes (line art) and the closed regions between them,
 * with small gaps in the lines closed. Every non-line pixel belongs to exactly one region; line
 * pixels have label LINE (anti-aliased stroke pixels with partial ink included; `under` gives the
 * region beneath them), and edge pixels too light to be lines belong to a neighbouring region.
 */

/** Label of a line (stroke) pixel in `RegionModel.labels`. */
export const LINE = -1;

export type PanelKind = 'gray' | 'lineart';

export interface RegionInfo {
  /** Index into `RegionModel.regions`; equals the label value of its pixels. */
  id: number;
  /** Pixel count (after anti-aliased line pixels were assigned). */
  area: number;
  /** Bounding box [x0, y0, x1, y1] (inclusive–exclusive). */
  bbox: [number, number, number, number];
  /** Centroid [x, y]. */
  centroid: [number, number];
  /** Mean L* (0–100) of the region's pixels in the original panel. */
  meanL: number;
  /** Touches the panel border (background-like regions usually do). */
  touchesBorder: boolean;
  /** A speech bubble or lettering area: kept out of automatic colours and palette transfer. */
  bubble: boolean;
  /** Ids of regions that share a line with this one. */
  neighbors: number[];
}

export interface RegionModel {
  width: number;
  height: number;
  /** Region id per pixel (row-major), LINE for stroke pixels. */
  labels: Int32Array;
  /** Line darkness per pixel 0..1 (0 = paper, 1 = ink), for multiplying the lines over flats. */
  ink: Float32Array;
  regions: RegionInfo[];
  /** Detected kind (kind.ts: little tone away from the lines → 'lineart'). The user can switch it. */
  kind: PanelKind;
  /** The kind whose line rule made `labels` (the user's choice when given, else `kind`). */
  linesAs?: PanelKind;
  /** Gap-closing radius used, in px. */
  gap: number;
  /** True when a region had to be capped (a leak through a big gap would flood the panel). */
  capped: boolean;
  /** The regions the flood cap split off (shapes whose outline has a break wider than `gap`). */
  cappedRegions?: number[];
  /**
   * Where those shapes' outlines were open: one box [x0, y0, x1, y1) in panel px per break (the
   * cut across the opening), at most 24; empty for panels segmented downscaled.
   */
  cappedGaps?: [number, number, number, number][];
  /**
   * Region under every pixel: equals `labels` off the lines; on line pixels the nearest region
   * (BFS), so flats run under the line art as a flatter's do. LINE only when there is no region.
   */
  under: Int32Array;
  /** L* below which a pixel counted as a line (adaptive, src/core/regions/lines.ts). */
  lineThreshold: number;
}
