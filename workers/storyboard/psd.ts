/**
 * Layered PSD (ag-psd) of one storyboard panel or of the whole draft: per panel a group
 * "Panel n" with Background, one layer per character (at its position), and per bubble/caption a
 * shape layer plus a text layer (real PSD text data — Photoshop re-sets it on open — over a
 * raster of the lettering as drawn). Panels are stacked top to bottom with their gutters.
 */
import { writePsd, type Layer as PsdLayer } from 'ag-psd';
import type { Layer } from './compose';

/** Layer-name templates in the UI's language: {n} the number, {speaker} who says it, {label} the bubble's name. */
export interface BoardPsdNames {
  panel: string;
  background: string;
  generated: string;
  bubble: string;
  bubbleBy: string;
  caption: string;
  text: string;
}

const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));

/** The layer's name: its English name, or the template for what it is. */
export function layerName(l: Layer, names?: BoardPsdNames): string {
  const label = l.label;
  if (!names || !label) return l.name;
  if (label.role === 'background') return label.generated ? names.generated : names.background;
  const base =
    label.role === 'caption'
      ? fill(names.caption, { n: label.n })
      : label.speaker
        ? fill(names.bubbleBy, { n: label.n, speaker: label.speaker })
        : fill(names.bubble, { n: label.n });
  return label.text ? fill(names.text, { label: base }) : base;
}

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

function toPsdLayer(l: Layer, top: number, names?: BoardPsdNames): PsdLayer {
  const base: PsdLayer = { name: layerName(l, names), left: l.left, top: l.top + top, imageData: pixels(l) };
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

export function buildBoardPsd(panels: PsdPanel[], names?: BoardPsdNames): ArrayBuffer {
  const width = Math.max(...panels.map((p) => p.width));
  let top = 0;
  const groups: PsdLayer[] = panels.map((p, i) => {
    const name = names ? fill(names.panel, { n: i + 1 }) : `Panel ${i + 1}`;
    const g: PsdLayer = { name, opened: true, children: p.layers.map((l) => toPsdLayer(l, top, names)) };
    top += p.height + (i < panels.length - 1 ? p.gapAfter : 0);
    return g;
  });
  return writePsd({ width, height: top, children: groups }, { generateThumbnail: false, invalidateTextLayers: true });
}
