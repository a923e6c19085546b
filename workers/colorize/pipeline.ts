/**
 * Colorize one panel (pure data in, pure data out; the model is passed in as `run`).
 *
 *  1. L at full resolution from the RGBA input (a colour panel is converted to its lightness
 *     and reported with `wasColor`).
 *  2. Working resolution: scale s = min(1, workSide / min(W, H)) — the network sees objects at
 *     about the scale it was trained on; the long side is not limited (tall strips are tiled).
 *  3. Pad to the stride; if larger than `tile`, overlapping tiles blended linearly.
 *  4. Upsample ONLY ab to full resolution (bilinear) and recombine with the untouched full-res L
 *     (chroma is reduced for out-of-gamut colours, lightness never): lines never blur.
 *  5. Speech-bubble interiors (src/core/color/bubbles.ts) get ab = 0 unless a hint touches them.
 */
import { detectBubbles } from '../../src/core/color/bubbles';
import { rasterizeHints, type Hint } from '../../src/core/color/hints';
import { grayAbToRgba, isGrayscale, rgbaToGray } from '../../src/core/color/lab';
import { cropPlanar, padPlanar, resizeArea, resizeBilinear, runTiled, type Planar } from '../../src/core/color/tiling';

export interface PanelPixels {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export interface PipelineOptions {
  /** Short side of the working resolution (default 192, chosen by measurement: EVAL.md). */
  workSide?: number;
  /** Largest tile side at working resolution; above it the image is tiled (default 512). */
  tile?: number;
  /** Tile overlap in working pixels (default 48). */
  overlap?: number;
  /** Keep enclosed white speech-bubble interiors white unless hinted (default true). */
  keepBubblesWhite?: boolean;
  stride?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

/** Runs the network on one padded tile: gray (H×W), hints (3×H×W) → ab (2×H×W). */
export type RunModel = (
  gray: Float32Array,
  hints: Float32Array,
  width: number,
  height: number,
) => Promise<Float32Array>;

export interface PipelineResult {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
  wasColor: boolean;
  outsideHints: number[];
  bubbles: number;
  tiles: number;
  workWidth: number;
  workHeight: number;
}

export const DEFAULTS = { workSide: 192, tile: 512, overlap: 48, stride: 16 } as const;

export async function colorizePixels(
  img: PanelPixels,
  hints: readonly Hint[],
  run: RunModel,
  opts: PipelineOptions = {},
): Promise<PipelineResult> {
  const workSide = opts.workSide ?? DEFAULTS.workSide;
  const tile = opts.tile ?? DEFAULTS.tile;
  const overlap = opts.overlap ?? DEFAULTS.overlap;
  const stride = opts.stride ?? DEFAULTS.stride;
  const { width: W, height: H, data } = img;
  const wasColor = !isGrayscale(data);
  const gray = rgbaToGray(data, W, H);

  const s = Math.min(1, workSide / Math.min(W, H));
  const ww = Math.max(1, Math.round(W * s));
  const wh = Math.max(1, Math.round(H * s));
  const sx = ww / W;
  const { tensor, outside } = rasterizeHints(hints, W, H, sx, ww, wh);
  const gWork = resizeArea({ data: gray, width: W, height: H, channels: 1 }, ww, wh);
  const gPad = padPlanar(gWork, stride);
  const hPad = padPlanar({ data: tensor, width: ww, height: wh, channels: 3 }, stride, 0);

  const tileSide = Math.max(stride, Math.floor(tile / stride) * stride);
  let tiles = 0;
  const op = async ([g, h]: Planar[]): Promise<Planar> => {
    tiles++;
    const ab = await run(g.data, h.data, g.width, g.height);
    return { data: ab, width: g.width, height: g.height, channels: 2 };
  };
  const abPad = await runTiled([gPad, hPad], op, {
    tile: tileSide,
    overlap: Math.min(overlap, Math.floor(tileSide / 2)),
    outChannels: 2,
    signal: opts.signal,
    onTile: (d, t) => opts.onProgress?.((0.85 * d) / t),
  });
  const abWork = cropPlanar(abPad, ww, wh);
  const abFull = resizeBilinear(abWork, W, H).data;
  opts.onProgress?.(0.9);

  let bubbles = 0;
  if (opts.keepBubblesWhite ?? true) {
    const det = detectBubbles(gray, W, H);
    bubbles = det.count;
    if (det.count) {
      const hinted = rasterizeHints(hints, W, H).tensor.subarray(2 * W * H);
      // a bubble touched by a hint keeps the model's colour: find hinted bubble pixels' components
      const keep = hintedComponents(det.mask, hinted, W, H);
      const n = W * H;
      for (let i = 0; i < n; i++)
        if (det.mask[i] && !keep[i]) {
          abFull[i] = 0;
          abFull[n + i] = 0;
        }
    }
  }
  const rgba = grayAbToRgba(gray, abFull, W, H, data);
  opts.onProgress?.(1);
  return { width: W, height: H, rgba, wasColor, outsideHints: outside, bubbles, tiles, workWidth: ww, workHeight: wh };
}

/** Pixels of mask components (4-connected) that contain at least one hinted pixel. */
function hintedComponents(mask: Uint8Array, hinted: Float32Array, W: number, H: number): Uint8Array {
  const keep = new Uint8Array(W * H);
  const stack: number[] = [];
  for (let i = 0; i < W * H; i++) {
    if (!mask[i] || !hinted[i] || keep[i]) continue;
    keep[i] = 1;
    stack.push(i);
    while (stack.length) {
      const p = stack.pop() as number;
      const x = p % W;
      const nb = [x > 0 ? p - 1 : -1, x < W - 1 ? p + 1 : -1, p - W, p + W];
      for (const q of nb)
        if (q >= 0 && q < W * H && mask[q] && !keep[q]) {
          keep[q] = 1;
          stack.push(q);
        }
    }
  }
  return keep;
}
