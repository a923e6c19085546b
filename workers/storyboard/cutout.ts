/**
 * A character's figure from its sheet image: the image's own alpha when it has transparency
 * (≥ 1 % of pixels below alpha 250), else a flood of the border-connected background colour
 * (the median of the border pixels, tolerance 40 per channel) made transparent. Cropped to the
 * figure's bounding box. A figure covering < 2 % or > 97 % of the image is "no clear figure":
 * the whole image is used as a framed box (`method: 'box'`), so the panel still shows who it is.
 */
import { decodeBitmap } from '../runtime/codec';
export type CutoutMethod = 'alpha' | 'flood' | 'box';

export interface Cutout {
  canvas: OffscreenCanvas;
  method: CutoutMethod;
}

const TOL = 40;

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[s.length >> 1] ?? 0;
}

function floodBorder(d: Uint8ClampedArray, w: number, h: number): void {
  const border: number[][] = [[], [], []];
  const at = (x: number, y: number) => (y * w + x) * 4;
  for (let x = 0; x < w; x++) for (const y of [0, h - 1]) for (let c = 0; c < 3; c++) border[c].push(d[at(x, y) + c]);
  for (let y = 0; y < h; y++) for (const x of [0, w - 1]) for (let c = 0; c < 3; c++) border[c].push(d[at(x, y) + c]);
  const bg = border.map(median);
  const near = (i: number) =>
    Math.abs(d[i] - bg[0]) <= TOL && Math.abs(d[i + 1] - bg[1]) <= TOL && Math.abs(d[i + 2] - bg[2]) <= TOL;
  const seen = new Uint8Array(w * h);
  const stack: number[] = [];
  const seed = (x: number, y: number) => {
    const p = y * w + x;
    if (!seen[p] && near(p * 4)) {
      seen[p] = 1;
      stack.push(p);
    }
  };
  for (let x = 0; x < w; x++) {
    seed(x, 0);
    seed(x, h - 1);
  }
  for (let y = 0; y < h; y++) {
    seed(0, y);
    seed(w - 1, y);
  }
  while (stack.length) {
    const p = stack.pop()!;
    d[p * 4 + 3] = 0;
    const x = p % w;
    const y = (p / w) | 0;
    if (x > 0) seed(x - 1, y);
    if (x < w - 1) seed(x + 1, y);
    if (y > 0) seed(x, y - 1);
    if (y < h - 1) seed(x, y + 1);
  }
}

function bbox(
  d: Uint8ClampedArray,
  w: number,
  h: number,
): { x0: number; y0: number; x1: number; y1: number; n: number } {
  let x0 = w,
    y0 = h,
    x1 = -1,
    y1 = -1,
    n = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (d[(y * w + x) * 4 + 3] < 128) continue;
      n++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return { x0, y0, x1, y1, n };
}

export async function cutout(image: Blob): Promise<Cutout> {
  const bmp = await decodeBitmap(image);
  const { width: w, height: h } = bmp;
  const src = new OffscreenCanvas(w, h);
  const sctx = src.getContext('2d')!;
  sctx.drawImage(bmp, 0, 0);
  bmp.close();
  const img = sctx.getImageData(0, 0, w, h);
  const d = img.data;
  let clear = 0;
  for (let i = 3; i < d.length; i += 4) if (d[i] < 250) clear++;
  const method: CutoutMethod = clear >= 0.01 * w * h ? 'alpha' : 'flood';
  if (method === 'flood') floodBorder(d, w, h);
  const b = bbox(d, w, h);
  const share = b.n / (w * h);
  if (share < 0.02 || share > 0.97) {
    const box = new OffscreenCanvas(w + 8, h + 8);
    const bctx = box.getContext('2d')!;
    bctx.fillStyle = '#111827';
    bctx.fillRect(0, 0, w + 8, h + 8);
    bctx.drawImage(src, 4, 4);
    return { canvas: box, method: 'box' };
  }
  sctx.putImageData(img, 0, 0);
  const cw = b.x1 - b.x0 + 1;
  const ch = b.y1 - b.y0 + 1;
  const out = new OffscreenCanvas(cw, ch);
  out.getContext('2d')!.drawImage(src, b.x0, b.y0, cw, ch, 0, 0, cw, ch);
  return { canvas: out, method };
}
