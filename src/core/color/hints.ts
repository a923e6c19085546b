/**
 * User hints (points and short strokes) and their rasterization into the colorizer's
 * `hints` tensor: planar Float32 [a-plane, b-plane, mask-plane], each width × height, with
 * a, b in Lab units and mask ∈ {0, 1}. Later hints paint over earlier ones.
 * Coordinates are panel pixels; `scale` maps them to the working resolution.
 */
import { rgbToLab, type Rgb } from './lab';

export interface PointHint {
  kind: 'point';
  x: number;
  y: number;
  rgb: Rgb;
  /** Radius in panel pixels. */
  radius: number;
  /**
   * Bucket (the "fill" tool, a palette applied to a panel): fills its whole region and replaces the
   * earlier hints there; plain point and stroke hints of different colours share a region out
   * (src/core/regions/split.ts).
   */
  fill?: boolean;
  /** Character-palette entry this colour came from (`paletteId/label`), for drift. */
  ref?: string;
}

export interface StrokeHint {
  kind: 'stroke';
  points: [number, number][];
  rgb: Rgb;
  /** Stroke width in panel pixels. */
  width: number;
  ref?: string;
}

export type Hint = PointHint | StrokeHint;

export interface RasterizedHints {
  tensor: Float32Array;
  /** Indices of hints that lie entirely outside the image (ignored). */
  outside: number[];
}

function isOutside(h: Hint, width: number, height: number): boolean {
  const pts = h.kind === 'point' ? [[h.x, h.y] as [number, number]] : h.points;
  const r = h.kind === 'point' ? h.radius : h.width / 2;
  return pts.every(([x, y]) => x + r < 0 || y + r < 0 || x - r >= width || y - r >= height);
}

function disc(t: Float32Array, w: number, h: number, cx: number, cy: number, r: number, a: number, b: number): void {
  const n = w * h;
  const x0 = Math.max(0, Math.floor(cx - r));
  const x1 = Math.min(w - 1, Math.ceil(cx + r));
  const y0 = Math.max(0, Math.floor(cy - r));
  const y1 = Math.min(h - 1, Math.ceil(cy + r));
  const rr = Math.max(r, 0.5) ** 2;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      if (dx * dx + dy * dy > rr && !(x === Math.floor(cx) && y === Math.floor(cy))) continue;
      const i = y * w + x;
      t[i] = a;
      t[n + i] = b;
      t[2 * n + i] = 1;
    }
  }
}

/**
 * Rasterizes hints for an image of `width` × `height` panel pixels into a tensor of
 * round(width·scale) × round(height·scale) (pass outW/outH when the caller padded).
 */
export function rasterizeHints(
  hints: readonly Hint[],
  width: number,
  height: number,
  scale = 1,
  outW = Math.max(1, Math.round(width * scale)),
  outH = Math.max(1, Math.round(height * scale)),
): RasterizedHints {
  const tensor = new Float32Array(3 * outW * outH);
  const outside: number[] = [];
  hints.forEach((h, idx) => {
    if (isOutside(h, width, height)) {
      outside.push(idx);
      return;
    }
    const [, a, b] = rgbToLab(h.rgb[0], h.rgb[1], h.rgb[2]);
    if (h.kind === 'point') {
      disc(tensor, outW, outH, h.x * scale, h.y * scale, h.radius * scale, a, b);
      return;
    }
    const r = (h.width * scale) / 2;
    const pts = h.points;
    if (pts.length === 1) disc(tensor, outW, outH, pts[0][0] * scale, pts[0][1] * scale, r, a, b);
    for (let k = 1; k < pts.length; k++) {
      const [xa, ya] = pts[k - 1];
      const [xb, yb] = pts[k];
      const len = Math.hypot(xb - xa, yb - ya) * scale;
      const steps = Math.max(1, Math.ceil(len / Math.max(0.5, r * 0.5)));
      for (let s = 0; s <= steps; s++) {
        const t = s / steps;
        disc(tensor, outW, outH, (xa + (xb - xa) * t) * scale, (ya + (yb - ya) * t) * scale, r, a, b);
      }
    }
  });
  return { tensor, outside };
}

/** Serializable check used when hints come back from storage. */
export function isHint(v: unknown): v is Hint {
  if (!v || typeof v !== 'object') return false;
  const h = v as Record<string, unknown>;
  if (h.ref !== undefined && typeof h.ref !== 'string') return false;
  if (h.fill !== undefined && typeof h.fill !== 'boolean') return false;
  const rgbOk = Array.isArray(h.rgb) && h.rgb.length === 3 && h.rgb.every((c) => typeof c === 'number');
  if (h.kind === 'point')
    return rgbOk && typeof h.x === 'number' && typeof h.y === 'number' && typeof h.radius === 'number';
  if (h.kind === 'stroke')
    return (
      rgbOk &&
      typeof h.width === 'number' &&
      Array.isArray(h.points) &&
      (h.points as unknown[]).every((p) => Array.isArray(p) && p.length === 2)
    );
  return false;
}
