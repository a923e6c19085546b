/**
 * Image pipeline on plain data: inspect (sniff, limits, decode, gutter proposal), split (with
 * the gutters remembered), encode and stitch. The slice export is in strip-export.ts. Uses only
 * createImageBitmap + OffscreenCanvas, so the same code runs in the image worker (normal use) and
 * on the main thread (the benchmark's comparison).
 * Every function returns a result union instead of throwing for bad input.
 */
import { detectGutters, type GutterResult, type RowRange } from '../../src/core/strip/gutters';
import { segmentsFromCuts } from '../../src/core/strip/cuts';
import { hexColor, stitchLayout, type StripGap } from '../../src/core/strip/layout';
import {
  isTall,
  LIMITS,
  panelSizeProblem,
  sizeProblem,
  type Failure,
  type ImageFormat,
} from '../../src/core/strip/limits';
import { context, decode, decodeAll, encodePng, fail } from './canvas';
import { sniffImage } from '../../src/core/image/sniff';

export interface Inspected {
  ok: true;
  type: ImageFormat;
  width: number;
  height: number;
  /** Gutter proposal for a tall strip (height > 2 × width); null otherwise. */
  gutters: GutterResult | null;
}

export interface EncodedImage {
  bytes: ArrayBuffer;
  type: 'image/png';
  width: number;
  height: number;
}

export type Progress = (done: number, total: number) => void;

function pixels(bitmap: ImageBitmap): ImageData {
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = context(canvas);
  ctx.drawImage(bitmap, 0, 0);
  return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
}

/** Checks bytes and a panel's limits (too large, too small), decodes, and proposes cuts for a tall strip. */
export async function inspect(file: Blob): Promise<Inspected | Failure> {
  if (file.size === 0) return fail('empty', 'zero-byte file');
  if (file.size > LIMITS.maxFileBytes) return fail('too-large', `${file.size} bytes > ${LIMITS.maxFileBytes}`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const sniff = sniffImage(bytes);
  if (!sniff.ok) return fail(sniff.code, sniff.detail);
  const size = panelSizeProblem(sniff.width, sniff.height);
  if (size) return fail(size.code, size.detail);
  const bitmap = await decode(new Blob([bytes], { type: sniff.type }));
  if ('ok' in bitmap) return bitmap;
  try {
    const { width, height } = bitmap;
    if (width !== sniff.width || height !== sniff.height) return fail('corrupt', 'decoded size differs from header');
    const gutters = isTall(width, height) ? detectGutters(pixels(bitmap).data, width, height) : null;
    return { ok: true, type: sniff.type, width, height, gutters };
  } finally {
    bitmap.close();
  }
}

/** A panel cut from a strip, with the gutters that surrounded it in the strip. */
export interface SplitPanel extends EncodedImage {
  /** Only on the first panel: the strip's top margin. */
  gapBefore?: StripGap;
  /** The gutter below (for the last panel: the strip's bottom margin). */
  gapAfter?: StripGap;
}

/** Mean colour of rows [top, bottom) of a bitmap, as `#rrggbb`. */
function bandColor(bitmap: ImageBitmap, top: number, bottom: number): string {
  const { width } = bitmap;
  const h = bottom - top;
  const canvas = new OffscreenCanvas(width, h);
  const ctx = context(canvas);
  ctx.drawImage(bitmap, 0, top, width, h, 0, 0, width, h);
  const d = ctx.getImageData(0, 0, width, h).data;
  const sum = [0, 0, 0];
  for (let i = 0; i < d.length; i += 4) for (let c = 0; c < 3; c++) sum[c] += d[i + c];
  const n = d.length / 4;
  return hexColor(sum[0] / n, sum[1] / n, sum[2] / n);
}

/**
 * Cuts an image at `cuts` (gutters trimmed) into PNG panels, remembering each trimmed gutter's
 * height and mean colour so that the strip can be rebuilt as drawn.
 */
export async function split(
  file: Blob,
  cuts: number[],
  gutters: RowRange[],
  onProgress?: Progress,
): Promise<SplitPanel[] | Failure> {
  const bitmap = await decode(file);
  if ('ok' in bitmap) return bitmap;
  try {
    const { width, height } = bitmap;
    const ranges = segmentsFromCuts(height, cuts, gutters);
    const gap = (top: number, bottom: number): StripGap | undefined =>
      bottom > top ? { height: bottom - top, color: bandColor(bitmap, top, bottom) } : undefined;
    const out: SplitPanel[] = [];
    for (const [i, r] of ranges.entries()) {
      const h = r.bottom - r.top;
      const canvas = new OffscreenCanvas(width, h);
      context(canvas).drawImage(bitmap, 0, r.top, width, h, 0, 0, width, h);
      const before = i === 0 ? gap(0, r.top) : undefined;
      const after = gap(r.bottom, i + 1 < ranges.length ? ranges[i + 1].top : height);
      out.push({
        bytes: await encodePng(canvas),
        type: 'image/png',
        width,
        height: h,
        ...(before ? { gapBefore: before } : {}),
        ...(after ? { gapAfter: after } : {}),
      });
      onProgress?.(i + 1, ranges.length);
    }
    return out;
  } finally {
    bitmap.close();
  }
}

/** Re-encodes any supported image as PNG. */
export async function toPng(file: Blob): Promise<EncodedImage | Failure> {
  const bitmap = await decode(file);
  if ('ok' in bitmap) return bitmap;
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    context(canvas).drawImage(bitmap, 0, 0);
    return { bytes: await encodePng(canvas), type: 'image/png', width: bitmap.width, height: bitmap.height };
  } finally {
    bitmap.close();
  }
}

/**
 * Stacks panels into one strip (centred on the widest, white behind narrower ones), with the
 * remembered gutters between them drawn in their colours (`gaps[i]` belongs to `files[i]`; the
 * outer ones — above the first, below the last — stay with the caller).
 */
export async function stitch(
  files: Blob[],
  gaps: { gapBefore?: StripGap; gapAfter?: StripGap }[] = [],
): Promise<EncodedImage | Failure> {
  const bitmaps = await decodeAll(files);
  if ('ok' in bitmaps) return bitmaps;
  try {
    const layout = stitchLayout(bitmaps.map((b, i) => ({ width: b.width, height: b.height, ...gaps[i] })));
    const tooBig = sizeProblem(layout.width, layout.height);
    if (tooBig) return fail('too-large', `stitched strip ${tooBig}`);
    const canvas = new OffscreenCanvas(layout.width, layout.height);
    const ctx = context(canvas);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, layout.width, layout.height);
    for (const g of layout.gaps) {
      ctx.fillStyle = g.color;
      ctx.fillRect(0, g.y, layout.width, g.height);
    }
    bitmaps.forEach((b, i) => ctx.drawImage(b, layout.rects[i].x, layout.rects[i].y));
    return { bytes: await encodePng(canvas), type: 'image/png', width: layout.width, height: layout.height };
  } finally {
    bitmaps.forEach((b) => b.close());
  }
}
