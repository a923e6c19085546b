/**
 * Layered PSD (ag-psd) of one storyboard panel or of the whole draft: per panel a group
 * "Panel n" with Background, one layer per character (at its position), and per bubble/caption a
 * shape layer plus a text layer (real PSD text data — Photoshop re-sets it on open — over a
 * raster of the lettering as drawn). Panels are stacked top to bottom with their gutters.
 */
import { writePsd, type Layer as PsdLayer } from 'ag-psd';
import type { Layer } from './compose';

export interface PsdPanel {
  layers: Layer[];
  width: number;
  height: number;
  gapAfter: number;
}

function pixels(l: Layer) {
  const ctx = l.canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  return ctx.getImageData(0, 0, l.canvas.width, l.canvas.height);
}

function toPsdLayer(l: Layer, top: number): PsdLayer {
  const base: PsdLayer = { name: l.name, left: l.left, top: l.top + top, imageData: pixels(l) };
  if (l.kind !== 'text' || !l.text) return base;
  return {
    ...base,
    text: {
      text: l.text.value,
      transform: [1, 0, 0, 1, l.left, l.top + top],
      style: { font: { name: 'NanumSquare' }, fontSize: l.text.fontSize, fillColor: { r: 17, g: 17, b: 17 } },
    },
  };
}

export function buildBoardPsd(panels: PsdPanel[]): ArrayBuffer {
  const width = Math.max(...panels.map((p) => p.width));
  let top = 0;
  const groups: PsdLayer[] = panels.map((p, i) => {
    const g: PsdLayer = { name: `Panel ${i + 1}`, opened: true, children: p.layers.map((l) => toPsdLayer(l, top)) };
    top += p.height + (i < panels.length - 1 ? p.gapAfter : 0);
    return g;
  });
  return writePsd({ width, height: top, children: groups }, { generateThumbnail: false, invalidateTextLayers: true });
}
