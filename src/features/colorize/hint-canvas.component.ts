/**
 * <toon-hint-canvas>: shows a panel image and its hints, zoomable (Fit, or a factor: the image's
 * width is set through the CSSOM, never a style attribute) and pannable (scroll, or drag with
 * the middle button / the Pan tool). Tools: "fill" (bucket: a click is a point hint of radius 1
 * that fills its region), "point" (a click places a point hint of the chosen size; a long drag
 * makes a stroke), "stroke" (a drag fills every region it passes over), "eraser" (a click removes
 * the one hint nearest to it, within 12 screen px), "pan".
 * Coordinates are converted to panel pixels. Fires `hint-add` (detail: Hint) and `hint-erase`
 * (detail: index of the hint). `marks`: boxes [x0, y0, x1, y1) in panel px outlined dashed over
 * the picture (the shapes whose outline has a break the fill was stopped at); their count is the
 * canvas's `data-marks`. `gaps`: boxes across those breaks, each circled (`data-gaps`): where to
 * close the line.
 *
 * @csspart image - the panel image
 */
import { LitElement, css, html } from 'lit';
import type { Hint } from '../../core/color/hints';
import type { Rgb } from '../../core/color/lab';

export type HintTool = 'fill' | 'point' | 'stroke' | 'eraser' | 'pan';

declare global {
  interface HTMLElementEventMap {
    'hint-add': CustomEvent<Hint>;
    'hint-erase': CustomEvent<number>;
  }
}

/** Distance from (x, y) to a hint's marker (point centre or stroke path), panel px. */
export function hintDistance(h: Hint, x: number, y: number): number {
  if (h.kind === 'point') return Math.hypot(h.x - x, h.y - y);
  let best = Infinity;
  const p = h.points;
  for (let k = 0; k < p.length; k++) {
    const [ax, ay] = p[k];
    const [bx, by] = p[Math.min(p.length - 1, k + 1)];
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
    best = Math.min(best, Math.hypot(ax + t * dx - x, ay + t * dy - y));
  }
  return best;
}

const hex = (rgb: Rgb) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;

export class ToonHintCanvas extends LitElement {
  static override properties = {
    src: {},
    panelWidth: { type: Number },
    panelHeight: { type: Number },
    hints: { attribute: false },
    color: { attribute: false },
    tool: {},
    size: { type: Number },
    label: {},
    zoom: { type: Number },
    marks: { attribute: false },
    gaps: { attribute: false },
  };
  static override styles = css`
    :host { display: block; position: relative; }
    .scroller { overflow: auto; max-height: 72vh; max-width: 100%; }
    .wrap { position: relative; display: inline-block; max-width: 100%; touch-action: none; cursor: crosshair; }
    .wrap.zoomed { max-width: none; }
    .wrap.pan { cursor: grab; }
    img { display: block; max-width: 100%; max-height: 70vh; image-rendering: auto; user-select: none; }
    .zoomed img { max-width: none; max-height: none; image-rendering: pixelated; }
    canvas { position: absolute; inset: 0; width: 100%; height: 100%; pointer-events: none; }
    .wrap:focus-visible { outline: 3px solid #3b82f6; outline-offset: 2px; }
  `;

  src = '';
  panelWidth = 1;
  panelHeight = 1;
  hints: Hint[] = [];
  color: Rgb = [220, 30, 30];
  tool: HintTool = 'point';
  /** Hint radius (points) / half width (strokes) in panel pixels. */
  size = 4;
  label = '';
  /** 0 = fit to the view; otherwise screen px per panel px. */
  zoom = 0;
  marks: [number, number, number, number][] = [];
  gaps: [number, number, number, number][] = [];
  private drawing: [number, number][] | null = null;
  private panFrom: { x: number; y: number; left: number; top: number } | null = null;

  private toPanel(e: PointerEvent): [number, number] {
    const img = this.renderRoot.querySelector('img');
    const r = img?.getBoundingClientRect();
    if (!r || r.width === 0) return [0, 0];
    return [((e.clientX - r.left) * this.panelWidth) / r.width, ((e.clientY - r.top) * this.panelHeight) / r.height];
  }

  private down(e: PointerEvent): void {
    const scroller = this.renderRoot.querySelector('.scroller');
    if (e.button === 1 || (e.button === 0 && this.tool === 'pan')) {
      e.preventDefault();
      (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
      if (scroller) this.panFrom = { x: e.clientX, y: e.clientY, left: scroller.scrollLeft, top: scroller.scrollTop };
      return;
    }
    if (e.button !== 0) return;
    if (this.tool === 'eraser') {
      const [x, y] = this.toPanel(e);
      const img = this.renderRoot.querySelector('img');
      const perScreen =
        img && img.getBoundingClientRect().width ? this.panelWidth / img.getBoundingClientRect().width : 1;
      const tol = Math.max(2, 12 * perScreen);
      let best = -1;
      let bestD = Infinity;
      // the latest hint wins ties (it is the one drawn on top)
      this.hints.forEach((h, i) => {
        const d = hintDistance(h, x, y) - (h.kind === 'point' ? h.radius : h.width / 2);
        if (d <= tol && d <= bestD) {
          best = i;
          bestD = d;
        }
      });
      if (best >= 0) this.dispatchEvent(new CustomEvent('hint-erase', { detail: best, bubbles: true, composed: true }));
      return;
    }
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    this.drawing = [this.toPanel(e)];
  }

  private move(e: PointerEvent): void {
    if (this.panFrom) {
      const scroller = this.renderRoot.querySelector('.scroller');
      if (scroller) {
        scroller.scrollLeft = this.panFrom.left - (e.clientX - this.panFrom.x);
        scroller.scrollTop = this.panFrom.top - (e.clientY - this.panFrom.y);
      }
      return;
    }
    if (!this.drawing) return;
    const p = this.toPanel(e);
    const last = this.drawing[this.drawing.length - 1];
    if (Math.hypot(p[0] - last[0], p[1] - last[1]) >= Math.max(1, this.size / 2)) {
      this.drawing.push(p);
      this.drawOverlay();
    }
  }

  private up(e: PointerEvent): void {
    if (this.panFrom) {
      this.panFrom = null;
      return;
    }
    const pts = this.drawing;
    this.drawing = null;
    if (!pts) return;
    const end = this.toPanel(e);
    const [x0, y0] = pts[0];
    const long = Math.hypot(end[0] - x0, end[1] - y0) > Math.max(3, this.size);
    const rgb: Rgb = [this.color[0], this.color[1], this.color[2]];
    const hint: Hint =
      this.tool === 'fill'
        ? { kind: 'point', x: Math.round(x0 * 10) / 10, y: Math.round(y0 * 10) / 10, rgb, radius: 1, fill: true }
        : this.tool === 'stroke' || (long && pts.length > 1)
          ? {
              kind: 'stroke',
              points: pts.map(([x, y]) => [Math.round(x * 10) / 10, Math.round(y * 10) / 10]),
              rgb,
              width: this.size * 2,
            }
          : { kind: 'point', x: Math.round(x0 * 10) / 10, y: Math.round(y0 * 10) / 10, rgb, radius: this.size };
    this.dispatchEvent(new CustomEvent('hint-add', { detail: hint, bubbles: true, composed: true }));
  }

  private keydown(e: KeyboardEvent): void {
    // keyboard: Enter places a point hint at the centre (then undo/redo with the toolbar)
    if (e.key !== 'Enter') return;
    const rgb: Rgb = [this.color[0], this.color[1], this.color[2]];
    this.dispatchEvent(
      new CustomEvent('hint-add', {
        detail: { kind: 'point', x: this.panelWidth / 2, y: this.panelHeight / 2, rgb, radius: this.size },
        bubbles: true,
        composed: true,
      }),
    );
  }

  override updated(): void {
    const img = this.renderRoot.querySelector('img');
    if (img) {
      if (this.zoom > 0) img.style.setProperty('width', `${Math.max(1, Math.round(this.panelWidth * this.zoom))}px`);
      else img.style.removeProperty('width');
    }
    this.drawOverlay();
  }

  private drawOverlay(): void {
    const canvas = this.renderRoot.querySelector('canvas');
    if (!canvas) return;
    const W = Math.min(2048, this.panelWidth);
    const k = W / this.panelWidth;
    canvas.width = W;
    canvas.height = Math.max(1, Math.round(this.panelHeight * k));
    const g = canvas.getContext('2d');
    if (!g) return;
    g.clearRect(0, 0, canvas.width, canvas.height);
    const all: Hint[] = this.drawing
      ? [...this.hints, { kind: 'stroke', points: this.drawing, rgb: this.color, width: this.size * 2 }]
      : this.hints;
    const px = Math.max(1, this.panelWidth / 400) * k;
    for (const h of all) {
      g.strokeStyle = hex(h.rgb);
      g.fillStyle = hex(h.rgb);
      if (h.kind === 'point') {
        g.beginPath();
        g.arc(h.x * k, h.y * k, Math.max(h.radius * k, 3 * px), 0, Math.PI * 2);
        g.fill();
        g.lineWidth = px;
        g.strokeStyle = '#fff';
        g.stroke();
        g.strokeStyle = '#000';
        g.lineWidth = px / 2;
        g.stroke();
      } else {
        g.lineCap = 'round';
        g.lineJoin = 'round';
        g.lineWidth = Math.max(h.width * k, 2 * px);
        g.beginPath();
        h.points.forEach(([x, y], i) => (i ? g.lineTo(x * k, y * k) : g.moveTo(x * k, y * k)));
        g.stroke();
      }
    }
    // where a fill was stopped at a big break: the shape outlined, dashed (white under amber)
    const pad = 4 * px;
    for (const [x0, y0, x1, y1] of this.marks) {
      g.setLineDash([]);
      g.lineWidth = 3 * px;
      g.strokeStyle = '#fff';
      g.strokeRect(x0 * k - pad, y0 * k - pad, (x1 - x0) * k + 2 * pad, (y1 - y0) * k + 2 * pad);
      g.setLineDash([6 * px, 4 * px]);
      g.lineWidth = 2 * px;
      g.strokeStyle = '#d97706';
      g.strokeRect(x0 * k - pad, y0 * k - pad, (x1 - x0) * k + 2 * pad, (y1 - y0) * k + 2 * pad);
    }
    g.setLineDash([]);
    // each break itself: a ring (white under red) around the cut across the opening
    for (const [x0, y0, x1, y1] of this.gaps) {
      const r = Math.max(Math.hypot(x1 - x0, y1 - y0) * 0.5 * k + 6 * px, 10 * px);
      for (const [w, c] of [
        [4, '#fff'],
        [2.5, '#dc2626'],
      ] as const) {
        g.lineWidth = w * px;
        g.strokeStyle = c;
        g.beginPath();
        g.arc(((x0 + x1) / 2) * k, ((y0 + y1) / 2) * k, r, 0, 2 * Math.PI);
        g.stroke();
      }
    }
  }

  override render() {
    return html`<div class="scroller" data-testid="colorize-scroller"><div
      class="wrap ${this.zoom > 0 ? 'zoomed' : ''} ${this.tool === 'pan' ? 'pan' : ''}"
      tabindex="0"
      role="img"
      aria-label=${this.label}
      data-testid="colorize-canvas"
      data-marks=${this.marks.length}
      data-gaps=${this.gaps.map((b) => b.join(',')).join(' ')}
      @pointerdown=${this.down}
      @pointermove=${this.move}
      @pointerup=${this.up}
      @keydown=${this.keydown}
    >
      <img part="image" src=${this.src} alt="" draggable="false" data-testid="colorize-image" @load=${() => this.drawOverlay()} />
      <canvas aria-hidden="true"></canvas>
    </div></div>`;
  }
}

customElements.define('toon-hint-canvas', ToonHintCanvas);
