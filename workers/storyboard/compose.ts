/**
 * Draws one storyboard panel on OffscreenCanvas from its layout record: background (cover-fit;
 * a generated placeholder is upscaled smoothly), characters (cut out from their sheets, anchored
 * bottom-centre, height = scale × panel height), then speech bubbles (with a tail toward the
 * speaker's head) and caption boxes, lettered with the shipped font (fitText: shrink, then grow
 * the box, then cut with "…" and flag overflow). Keeps every layer apart for the PSD.
 */
import { fitText, type LayoutBubble, type PanelLayout } from '../../src/core/story/board-layout';
import { cutout, type Cutout, type CutoutMethod } from './cutout';
import { decodeBitmap, encodePng } from '../runtime/codec';

export const FONT_FAMILY = 'ToonLetter';
const FONT_STACK = `${FONT_FAMILY}, sans-serif`;

export interface ComposeInput {
  layout: PanelLayout;
  background?: Blob;
  /** Sheet images by character name (`key`: a stable id such as the blob id, for the cut-out cache). */
  characters: { name: string; key: string; image: Blob }[];
}

export interface Layer {
  name: string;
  canvas: OffscreenCanvas;
  left: number;
  top: number;
  kind: 'background' | 'character' | 'bubble' | 'text';
  text?: { value: string; fontSize: number };
  /** What the layer is, for naming it in the UI's language (psd.ts); `name` is its English name. */
  label?: LayerLabel;
}

export type LayerLabel =
  | { role: 'background'; generated: boolean }
  | { role: 'bubble' | 'caption'; n: number; speaker?: string; text: boolean };

export interface Composed {
  canvas: OffscreenCanvas;
  layers: Layer[];
  layout: PanelLayout;
  cutouts: { name: string; method: CutoutMethod }[];
}

const cache = new Map<string, Promise<Cutout>>();
function cutoutOf(key: string, image: Blob): Promise<Cutout> {
  let c = cache.get(key);
  if (!c) {
    c = cutout(image);
    cache.set(key, c);
    c.catch(() => cache.delete(key));
  }
  return c;
}

let fontReady: Promise<void> | undefined;
/** Loads the shipped lettering font into this worker (once). */
export function loadFont(url: string): Promise<void> {
  fontReady ??= (async () => {
    const bytes = await (await fetch(url)).arrayBuffer();
    const face = new FontFace(FONT_FAMILY, bytes);
    await face.load();
    (self as unknown as { fonts: { add(f: FontFace): void } }).fonts.add(face);
  })();
  fontReady.catch(() => (fontReady = undefined));
  return fontReady;
}

function canvas(w: number, h: number): [OffscreenCanvas, OffscreenCanvasRenderingContext2D] {
  const c = new OffscreenCanvas(w, h);
  return [c, c.getContext('2d')!];
}

async function background(layout: PanelLayout, blob?: Blob): Promise<OffscreenCanvas> {
  const [c, ctx] = canvas(layout.width, layout.height);
  ctx.fillStyle = '#f3f4f6';
  ctx.fillRect(0, 0, layout.width, layout.height);
  if (!blob) return c;
  const bmp = await decodeBitmap(blob);
  const s = Math.max(layout.width / bmp.width, layout.height / bmp.height);
  const w = bmp.width * s;
  const h = bmp.height * s;
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bmp, (layout.width - w) / 2, (layout.height - h) / 2, w, h);
  bmp.close();
  if (layout.background?.generated) {
    ctx.fillStyle = 'rgba(255,255,255,0.25)';
    ctx.fillRect(0, 0, layout.width, layout.height);
  }
  return c;
}

function roundRect(ctx: OffscreenCanvasRenderingContext2D, b: LayoutBubble, r: number): void {
  ctx.beginPath();
  ctx.roundRect(b.x, b.y, b.w, b.h, r);
}

/** Moves bubbles down until none overlaps an earlier one (captions first, then speech in order). */
function unstack(bubbles: LayoutBubble[], height: number): void {
  for (let i = 1; i < bubbles.length; i++) {
    const b = bubbles[i];
    for (let j = 0; j < i; j++) {
      const a = bubbles[j];
      const overlap = b.x < a.x + a.w && a.x < b.x + b.w && b.y < a.y + a.h && a.y < b.y + b.h;
      if (overlap) b.y = Math.min(a.y + a.h + 14, Math.max(0, height - b.h - 8));
    }
  }
}

function drawBubbleShape(ctx: OffscreenCanvasRenderingContext2D, b: LayoutBubble, layout: PanelLayout): void {
  ctx.lineWidth = 3;
  ctx.strokeStyle = '#111111';
  if (b.kind === 'caption') {
    ctx.fillStyle = '#fff7d6';
    ctx.fillRect(b.x, b.y, b.w, b.h);
    ctx.strokeRect(b.x, b.y, b.w, b.h);
    return;
  }
  const who = b.speaker ? layout.characters.find((c) => c.name === b.speaker) : undefined;
  ctx.fillStyle = '#ffffff';
  if (who) {
    const headY = who.y - who.scale * layout.height * 0.85;
    const tipX = Math.min(Math.max(who.x, b.x + 20), b.x + b.w - 20);
    const tipY = Math.max(b.y + b.h + 30, Math.min(headY, b.y + b.h + 90));
    const baseX = Math.min(Math.max(tipX, b.x + 40), b.x + b.w - 40);
    ctx.beginPath();
    ctx.moveTo(baseX - 18, b.y + b.h - 6);
    ctx.lineTo(tipX, tipY);
    ctx.lineTo(baseX + 18, b.y + b.h - 6);
    ctx.closePath();
    ctx.fill();
    ctx.stroke();
  }
  roundRect(ctx, b, Math.min(40, b.h / 2));
  ctx.fill();
  ctx.stroke();
  if (who) {
    // cover the tail's base line inside the bubble
    const tipX = Math.min(Math.max(who.x, b.x + 20), b.x + b.w - 20);
    const baseX = Math.min(Math.max(tipX, b.x + 40), b.x + b.w - 40);
    ctx.fillRect(baseX - 15, b.y + b.h - 8, 30, 6);
  }
}

function drawText(ctx: OffscreenCanvasRenderingContext2D, b: LayoutBubble): void {
  const size = b.fontSize ?? 20;
  const lines = b.lines ?? [];
  ctx.fillStyle = '#111111';
  ctx.font = `${size}px ${FONT_STACK}`;
  ctx.textBaseline = 'middle';
  ctx.textAlign = b.kind === 'caption' ? 'left' : 'center';
  const lh = size * 1.3;
  const top = b.y + b.h / 2 - (lines.length * lh) / 2 + lh / 2;
  lines.forEach((line, i) => ctx.fillText(line, b.kind === 'caption' ? b.x + 18 : b.x + b.w / 2, top + i * lh));
}

export async function compose(input: ComposeInput): Promise<Composed> {
  const layout: PanelLayout = structuredClone(input.layout);
  const { width: W, height: H } = layout;
  const layers: Layer[] = [];
  layers.push({
    name: layout.background?.generated ? 'Background (generated placeholder)' : 'Background',
    canvas: await background(layout, input.background),
    left: 0,
    top: 0,
    kind: 'background',
    label: { role: 'background', generated: !!layout.background?.generated },
  });
  const cutouts: Composed['cutouts'] = [];
  for (const c of layout.characters) {
    const sheet = input.characters.find((s) => s.name === c.name);
    if (!sheet) continue;
    const cut = await cutoutOf(sheet.key, sheet.image);
    cutouts.push({ name: c.name, method: cut.method });
    // Height by shot, but never wider than the character's share of the panel (wide sprites).
    const maxW = (W * 0.9) / Math.max(1, layout.characters.length);
    const aspect = cut.canvas.width / cut.canvas.height;
    const h = Math.max(1, Math.round(Math.min(c.scale * H, maxW / aspect)));
    const w = Math.max(1, Math.round(aspect * h));
    const [lc, lctx] = canvas(w, h);
    lctx.imageSmoothingQuality = 'high';
    lctx.drawImage(cut.canvas, 0, 0, w, h);
    c.box = { x: Math.round(c.x - w / 2), y: Math.round(c.y - h), w, h };
    layers.push({ name: c.name, canvas: lc, left: c.box.x, top: c.box.y, kind: 'character' });
  }
  const [mc, mctx] = canvas(8, 8);
  void mc;
  for (const b of layout.bubbles) {
    const fit = fitText(b.text, b.w, b.h, Math.round(H * (b.kind === 'caption' ? 0.35 : 0.5)), (t, size) => {
      mctx.font = `${size}px ${FONT_STACK}`;
      return mctx.measureText(t).width;
    });
    b.lines = fit.lines;
    b.fontSize = fit.fontSize;
    b.overflow = fit.overflow;
    b.h = fit.height;
  }
  unstack(layout.bubbles, H);
  layout.bubbles.forEach((b, i) => {
    const label = b.kind === 'caption' ? `Caption ${i + 1}` : `Bubble ${i + 1}${b.speaker ? ` (${b.speaker})` : ''}`;
    const [bc, bctx] = canvas(W, H);
    drawBubbleShape(bctx, b, layout);
    const role = b.kind === 'caption' ? ('caption' as const) : ('bubble' as const);
    const who = b.speaker ? { speaker: b.speaker } : {};
    layers.push({
      name: label,
      canvas: bc,
      left: 0,
      top: 0,
      kind: 'bubble',
      label: { role, n: i + 1, ...who, text: false },
    });
    const [tc, tctx] = canvas(W, H);
    drawText(tctx, b);
    layers.push({
      name: `${label} text`,
      canvas: tc,
      left: 0,
      top: 0,
      kind: 'text',
      text: { value: (b.lines ?? []).join('\n'), fontSize: b.fontSize ?? 20 },
      label: { role, n: i + 1, ...who, text: true },
    });
  });
  const [out, octx] = canvas(W, H);
  for (const l of layers) octx.drawImage(l.canvas, l.left, l.top);
  octx.lineWidth = 4;
  octx.strokeStyle = '#111111';
  octx.strokeRect(2, 2, W - 4, H - 4);
  return { canvas: out, layers, layout, cutouts };
}

export function pngBytes(c: OffscreenCanvas): Promise<ArrayBuffer> {
  return encodePng(c);
}
