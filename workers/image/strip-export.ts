/**
 * Slice export of a strip as drawn (runs in the image worker): panels scaled to the export width
 * with their remembered gutters in place (src/core/strip/layout.ts), cut by the slice planner
 * (src/core/strip/slices.ts), each slice encoded as PNG or JPEG and kept under the per-file cap
 * (src/core/strip/fit.ts), zipped as 001.jpg, 002.jpg, … Also returns the stitched strip (PNG)
 * the slices were cut from, for the preview.
 *
 * Exactness: every panel is scaled once into its own canvas; slices and the stitched preview
 * are assembled from those canvases at whole-row offsets (plain copies) over the gutter colours,
 * so a PNG slice equals its rows of the stitched strip bit for bit, and at scale 1 the strip
 * equals the original drawing.
 */
import { zipSync } from 'fflate';
import { fitSlices } from '../../src/core/strip/fit';
import { layoutStrip, type StripGap, type StripLayout } from '../../src/core/strip/layout';
import { LIMITS, type Failure } from '../../src/core/strip/limits';
import { MB, normalizeOptions, sliceFileName, type ExportOptions } from '../../src/core/strip/presets';
import { planSlices, type RowRange } from '../../src/core/strip/slice-plan';
import { planStrip, rowDetail } from '../../src/core/strip/slices';
import { context, decodeAll, encodePng, fail } from './canvas';

export interface ExportItem {
  blob: Blob;
  gapBefore?: StripGap;
  gapAfter?: StripGap;
}

export interface SliceInfo extends RowRange {
  name: string;
  size: number;
  quality?: number;
  lowered?: true;
  split?: true;
  overCap?: true;
}

export interface StripExport {
  ok: true;
  options: ExportOptions;
  width: number;
  /** Rows of the stitched strip at the export width. */
  total: number;
  slices: SliceInfo[];
  /** How many slice boundaries cut through a panel (0 = every cut in a gutter). */
  cutsInPanels: number;
  zip: Uint8Array;
  /** The stitched strip as PNG; `scale` < 1 only when it would pass the canvas limits. */
  preview: { bytes: ArrayBuffer; width: number; height: number; scale: number };
}

export type Progress = (done: number, total: number) => void;

/** Scaled panel canvases, built on demand; keeps the last two (slices go top to bottom). */
function scaledPanels(bitmaps: ImageBitmap[], layout: StripLayout) {
  const cache = new Map<number, OffscreenCanvas>();
  return (i: number): OffscreenCanvas => {
    const hit = cache.get(i);
    if (hit) return hit;
    const p = layout.panels.find((x) => x.index === i)!;
    const canvas = new OffscreenCanvas(layout.width, p.height);
    const ctx = context(canvas);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmaps[i], 0, 0, layout.width, p.height);
    cache.set(i, canvas);
    if (cache.size > 2) cache.delete(cache.keys().next().value!);
    return canvas;
  };
}

/** Draws rows [y, y+h) of the strip into a W×h canvas. */
function drawRange(layout: StripLayout, panel: (i: number) => OffscreenCanvas, y: number, h: number): OffscreenCanvas {
  const canvas = new OffscreenCanvas(layout.width, h);
  const ctx = context(canvas);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, layout.width, h);
  for (const g of layout.gaps) {
    if (g.y + g.height <= y || g.y >= y + h) continue;
    ctx.fillStyle = g.color;
    ctx.fillRect(0, g.y - y, layout.width, g.height);
  }
  for (const p of layout.panels) {
    if (p.y + p.height <= y || p.y >= y + h) continue;
    ctx.drawImage(panel(p.index), 0, p.y - y);
  }
  return canvas;
}

/** Row detail of the whole laid-out strip (gutter rows stay 0). */
function stripDetail(layout: StripLayout, panel: (i: number) => OffscreenCanvas): Float32Array {
  const detail = new Float32Array(layout.total);
  for (const p of layout.panels) {
    const data = context(panel(p.index)).getImageData(0, 0, layout.width, p.height).data;
    detail.set(rowDetail(data, layout.width, p.height), p.y);
  }
  return detail;
}

async function stitchedPreview(
  layout: StripLayout,
  panel: (i: number) => OffscreenCanvas,
): Promise<StripExport['preview']> {
  const { width, total } = layout;
  const scale = Math.min(1, LIMITS.maxHeight / total, Math.sqrt(LIMITS.maxPixels / (width * total)));
  const pw = Math.max(1, Math.round(width * scale));
  const ph = Math.max(1, Math.round(total * scale));
  const canvas = new OffscreenCanvas(pw, ph);
  const ctx = context(canvas);
  ctx.imageSmoothingQuality = 'high';
  const BAND = 2048;
  for (let y = 0; y < total; y += BAND) {
    const h = Math.min(BAND, total - y);
    const band = drawRange(layout, panel, y, h);
    if (scale === 1) ctx.drawImage(band, 0, y);
    else ctx.drawImage(band, 0, y * scale, pw, h * scale);
  }
  return { bytes: await encodePng(canvas), width: pw, height: ph, scale };
}

/** Plans, encodes and zips the slices of a strip under `options`. */
export async function buildExport(
  items: ExportItem[],
  rawOptions: ExportOptions,
  onProgress?: Progress,
): Promise<StripExport | Failure> {
  const options = normalizeOptions(rawOptions);
  if (!items.length) return fail('corrupt', 'no panels to export');
  const bitmaps = await decodeAll(items.map((x) => x.blob));
  if ('ok' in bitmaps) return bitmaps;
  try {
    const layout = layoutStrip(
      bitmaps.map((b, i) => ({
        width: b.width,
        height: b.height,
        gapBefore: items[i].gapBefore,
        gapAfter: items[i].gapAfter,
      })),
      options.width,
    );
    const panel = scaledPanels(bitmaps, layout);
    const plan = planStrip(layout, options.maxHeight, stripDetail(layout, panel));
    onProgress?.(1, plan.slices.length + 2);
    const type = options.format === 'jpeg' ? 'image/jpeg' : 'image/png';
    const fitted = await fitSlices(
      plan.slices,
      { format: options.format, quality: options.quality, capBytes: options.maxFileMB * MB },
      async (r, quality) => {
        const blob = await drawRange(layout, panel, r.y, r.height).convertToBlob({
          type,
          ...(quality !== undefined ? { quality } : {}),
        });
        return { data: new Uint8Array(await blob.arrayBuffer()), size: blob.size };
      },
      (r, maxHeight) => planSlices(plan.cost, { maxHeight }, r.y, r.y + r.height),
      (done, planned) => onProgress?.(1 + done, planned + 2),
    );
    const entries: Record<string, Uint8Array> = {};
    const slices: SliceInfo[] = fitted.map(({ data, ...s }, i) => {
      const name = sliceFileName(i, fitted.length, options.format);
      entries[name] = data;
      return { ...s, name };
    });
    const preview = await stitchedPreview(layout, panel);
    onProgress?.(fitted.length + 2, fitted.length + 2);
    return {
      ok: true,
      options,
      width: layout.width,
      total: layout.total,
      slices,
      cutsInPanels: slices.slice(1).filter((s) => plan.cost[s.y] > 0).length,
      zip: zipSync(entries, { level: 0 }),
      preview,
    };
  } finally {
    bitmaps.forEach((b) => b.close());
  }
}
