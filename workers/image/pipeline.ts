/**
 * Image pipeline on plain data: inspect (sniff, limits, decode, gutter proposal), split, encode,
 * stitch and slice export. Uses only createImageBitmap + OffscreenCanvas, so the same code runs
 * in the image worker (normal use) and on the main thread (the benchmark's comparison).
 * Every function returns a result union instead of throwing for bad input.
 */
import { detectGutters, type GutterResult, type RowRange } from '../../src/core/strip/gutters';
import { segmentsFromCuts } from '../../src/core/strip/cuts';
import { isTall, LIMITS, sizeProblem, type Failure, type ImageFormat } from '../../src/core/strip/limits';
import { planSlices, sliceFileName, stitchLayout, SLICE_WIDTH, SLICE_MAX_HEIGHT } from '../../src/core/strip/slices';
import { zipSync } from 'fflate';
import { sniffImage } from './sniff';

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

const fail = (code: Failure['code'], detail: string): Failure => ({ ok: false, code, detail });

async function decode(blob: Blob): Promise<ImageBitmap | Failure> {
  try {
    return await createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  } catch (e) {
    return fail('corrupt', `decoder refused the image: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function context(canvas: OffscreenCanvas): OffscreenCanvasRenderingContext2D {
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('2D canvas unavailable');
  return ctx;
}

function pixels(bitmap: ImageBitmap): ImageData {
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = context(canvas);
  ctx.drawImage(bitmap, 0, 0);
  return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
}

async function encodePng(canvas: OffscreenCanvas): Promise<ArrayBuffer> {
  return (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer();
}

/** Checks bytes and limits, decodes, and proposes cuts for a tall strip. */
export async function inspect(file: Blob): Promise<Inspected | Failure> {
  if (file.size === 0) return fail('empty', 'zero-byte file');
  if (file.size > LIMITS.maxFileBytes) return fail('too-large', `${file.size} bytes > ${LIMITS.maxFileBytes}`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const sniff = sniffImage(bytes);
  if (!sniff.ok) return fail(sniff.code, sniff.detail);
  const tooBig = sizeProblem(sniff.width, sniff.height);
  if (tooBig) return fail('too-large', tooBig);
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

/** Cuts an image at `cuts` (gutters trimmed) into PNG panels. */
export async function split(file: Blob, cuts: number[], gutters: RowRange[], onProgress?: Progress): Promise<EncodedImage[] | Failure> {
  const bitmap = await decode(file);
  if ('ok' in bitmap) return bitmap;
  try {
    const { width } = bitmap;
    const ranges = segmentsFromCuts(bitmap.height, cuts, gutters);
    const out: EncodedImage[] = [];
    for (const [i, r] of ranges.entries()) {
      const h = r.bottom - r.top;
      const canvas = new OffscreenCanvas(width, h);
      context(canvas).drawImage(bitmap, 0, r.top, width, h, 0, 0, width, h);
      out.push({ bytes: await encodePng(canvas), type: 'image/png', width, height: h });
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

async function decodeAll(files: Blob[]): Promise<ImageBitmap[] | Failure> {
  const out: ImageBitmap[] = [];
  for (const f of files) {
    const b = await decode(f);
    if ('ok' in b) {
      out.forEach((x) => x.close());
      return b;
    }
    out.push(b);
  }
  return out;
}

/** Stacks panels into one strip (centred on the widest, white behind narrower ones). */
export async function stitch(files: Blob[]): Promise<EncodedImage | Failure> {
  const bitmaps = await decodeAll(files);
  if ('ok' in bitmaps) return bitmaps;
  try {
    const layout = stitchLayout(bitmaps);
    const tooBig = sizeProblem(layout.width, layout.height);
    if (tooBig) return fail('too-large', `stitched strip ${tooBig}`);
    const canvas = new OffscreenCanvas(layout.width, layout.height);
    const ctx = context(canvas);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, layout.width, layout.height);
    bitmaps.forEach((b, i) => ctx.drawImage(b, layout.rects[i].x, layout.rects[i].y));
    return { bytes: await encodePng(canvas), type: 'image/png', width: layout.width, height: layout.height };
  } finally {
    bitmaps.forEach((b) => b.close());
  }
}

/** The strip as 800-px-wide PNG slices of at most 1280 px, zipped (001.png, 002.png, …). */
export async function slicesZip(files: Blob[], onProgress?: Progress): Promise<{ ok: true; zip: Uint8Array; count: number } | Failure> {
  const bitmaps = await decodeAll(files);
  if ('ok' in bitmaps) return bitmaps;
  try {
    const plan = planSlices(bitmaps, SLICE_WIDTH, SLICE_MAX_HEIGHT);
    const entries: Record<string, Uint8Array> = {};
    for (const [i, s] of plan.entries()) {
      const canvas = new OffscreenCanvas(SLICE_WIDTH, s.height);
      const ctx = context(canvas);
      ctx.imageSmoothingQuality = 'high';
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, SLICE_WIDTH, s.height);
      for (const part of s.parts) ctx.drawImage(bitmaps[part.panel], 0, part.dy, SLICE_WIDTH, part.height);
      entries[sliceFileName(i, plan.length)] = new Uint8Array(await encodePng(canvas));
      onProgress?.(i + 1, plan.length);
    }
    return { ok: true, zip: zipSync(entries, { level: 0 }), count: plan.length };
  } finally {
    bitmaps.forEach((b) => b.close());
  }
}
