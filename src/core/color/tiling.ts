/**
 * Padding to the network stride and overlapping tiles with linear blending.
 * Planar float images: `channels` planes of width × height, plane after plane.
 * Invariant: running an identity op through runTiled reproduces the input exactly (up to
 * float rounding), so the blend weights sum to 1 everywhere — no seams by construction.
 */

export interface Planar {
  data: Float32Array;
  width: number;
  height: number;
  channels: number;
}

export const ceilTo = (v: number, m: number): number => Math.ceil(v / m) * m;

/** Pads to multiples of `stride` by replicating the last row/column (or with `fill`). */
export function padPlanar(img: Planar, stride: number, fill?: number): Planar {
  const W = ceilTo(Math.max(1, img.width), stride);
  const H = ceilTo(Math.max(1, img.height), stride);
  if (W === img.width && H === img.height) return img;
  const out = new Float32Array(img.channels * W * H);
  for (let c = 0; c < img.channels; c++) {
    const src = c * img.width * img.height;
    const dst = c * W * H;
    for (let y = 0; y < H; y++) {
      const sy = Math.min(y, img.height - 1);
      for (let x = 0; x < W; x++) {
        const inside = x < img.width && y < img.height;
        out[dst + y * W + x] =
          inside || fill === undefined ? img.data[src + sy * img.width + Math.min(x, img.width - 1)] : fill;
      }
    }
  }
  return { data: out, width: W, height: H, channels: img.channels };
}

export function cropPlanar(img: Planar, width: number, height: number): Planar {
  if (width === img.width && height === img.height) return img;
  const out = new Float32Array(img.channels * width * height);
  for (let c = 0; c < img.channels; c++)
    for (let y = 0; y < height; y++) {
      const s = c * img.width * img.height + y * img.width;
      out.set(img.data.subarray(s, s + width), c * width * height + y * width);
    }
  return { data: out, width, height, channels: img.channels };
}

/** Tile start offsets covering [0, length) with tiles of `tile` overlapping by ≥ `overlap`. */
export function tileStarts(length: number, tile: number, overlap: number): number[] {
  if (length <= tile) return [0];
  const step = tile - overlap;
  const n = Math.ceil((length - tile) / step) + 1;
  const starts: number[] = [];
  for (let i = 0; i < n; i++) starts.push(Math.round((i * (length - tile)) / (n - 1)));
  return starts;
}

/** 1-D blend ramp for a tile at `start` of size `tile` within [0, length). */
function ramp(start: number, tile: number, length: number, overlap: number): Float32Array {
  const w = new Float32Array(tile);
  for (let i = 0; i < tile; i++) {
    let v = 1;
    if (start > 0 && overlap > 0) v = Math.min(v, (i + 0.5) / overlap);
    if (start + tile < length && overlap > 0) v = Math.min(v, (tile - i - 0.5) / overlap);
    w[i] = Math.max(1e-4, Math.min(1, v));
  }
  return w;
}

export function extractTile(img: Planar, x0: number, y0: number, tw: number, th: number): Planar {
  const out = new Float32Array(img.channels * tw * th);
  for (let c = 0; c < img.channels; c++)
    for (let y = 0; y < th; y++) {
      const s = c * img.width * img.height + (y0 + y) * img.width + x0;
      out.set(img.data.subarray(s, s + tw), c * tw * th + y * tw);
    }
  return { data: out, width: tw, height: th, channels: img.channels };
}

export interface TileOptions {
  tile: number;
  overlap: number;
  outChannels: number;
  onTile?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * Runs `op` over overlapping tiles of same-sized inputs and blends the outputs.
 * Inputs must already have width and height ≥ tile or equal to the tile plan's single tile.
 */
export async function runTiled(
  inputs: Planar[],
  op: (tiles: Planar[]) => Promise<Planar> | Planar,
  { tile, overlap, outChannels, onTile, signal }: TileOptions,
): Promise<Planar> {
  const { width: W, height: H } = inputs[0];
  const tw = Math.min(tile, W);
  const th = Math.min(tile, H);
  const xs = tileStarts(W, tw, overlap);
  const ys = tileStarts(H, th, overlap);
  const acc = new Float32Array(outChannels * W * H);
  const wsum = new Float32Array(W * H);
  const total = xs.length * ys.length;
  let done = 0;
  for (const y0 of ys) {
    const wy = ramp(y0, th, H, overlap);
    for (const x0 of xs) {
      if (signal?.aborted) throw new DOMException('Cancelled', 'AbortError');
      const wx = ramp(x0, tw, W, overlap);
      const out = await op(inputs.map((im) => extractTile(im, x0, y0, tw, th)));
      for (let y = 0; y < th; y++)
        for (let x = 0; x < tw; x++) {
          const w = wy[y] * wx[x];
          const gi = (y0 + y) * W + x0 + x;
          wsum[gi] += w;
          for (let c = 0; c < outChannels; c++) acc[c * W * H + gi] += w * out.data[c * tw * th + y * tw + x];
        }
      onTile?.(++done, total);
    }
  }
  for (let c = 0; c < outChannels; c++) for (let i = 0; i < W * H; i++) acc[c * W * H + i] /= wsum[i];
  return { data: acc, width: W, height: H, channels: outChannels };
}

/** Bilinear resize of a planar image (align_corners = false), used to upsample only ab. */
export function resizeBilinear(img: Planar, width: number, height: number): Planar {
  if (width === img.width && height === img.height) return img;
  const out = new Float32Array(img.channels * width * height);
  const sx = img.width / width;
  const sy = img.height / height;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), img.height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, img.height - 1);
    const ty = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), img.width - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, img.width - 1);
      const tx = fx - x0;
      for (let c = 0; c < img.channels; c++) {
        const b = c * img.width * img.height;
        const v =
          (img.data[b + y0 * img.width + x0] * (1 - tx) + img.data[b + y0 * img.width + x1] * tx) * (1 - ty) +
          (img.data[b + y1 * img.width + x0] * (1 - tx) + img.data[b + y1 * img.width + x1] * tx) * ty;
        out[c * width * height + y * width + x] = v;
      }
    }
  }
  return { data: out, width, height, channels: img.channels };
}

/** Area-average downscale of a planar image by an arbitrary factor (for gray input). */
export function resizeArea(img: Planar, width: number, height: number): Planar {
  if (width === img.width && height === img.height) return img;
  if (width > img.width || height > img.height) return resizeBilinear(img, width, height);
  const out = new Float32Array(img.channels * width * height);
  const sx = img.width / width;
  const sy = img.height / height;
  for (let c = 0; c < img.channels; c++) {
    const b = c * img.width * img.height;
    for (let y = 0; y < height; y++) {
      const ya = Math.floor(y * sy);
      const yb = Math.max(ya + 1, Math.floor((y + 1) * sy));
      for (let x = 0; x < width; x++) {
        const xa = Math.floor(x * sx);
        const xb = Math.max(xa + 1, Math.floor((x + 1) * sx));
        let s = 0;
        for (let yy = ya; yy < yb; yy++) for (let xx = xa; xx < xb; xx++) s += img.data[b + yy * img.width + xx];
        out[c * width * height + y * width + x] = s / ((yb - ya) * (xb - xa));
      }
    }
  }
  return { data: out, width, height, channels: img.channels };
}
