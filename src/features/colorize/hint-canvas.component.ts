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
 * Keyboard (the canvas is focusable): the arrow keys move a cursor drawn over the picture (one
 * 64th of the panel's width per press, Shift ×4; it starts at the centre), Enter or Space applies
 * the tool there (bucket, point, or the eraser on the nearest hint); its position is `data-cursor`.
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
  /** The keyboard cursor, panel px (null until the canvas is focused). */
  private cursor: [number, number] | null = null;
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
      this.eraseAt(...this.toPanel(e));
      return;
    }
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    this.drawing = [this.toPanel(e)];
  }

  /** Erases the hint nearest (x, y) within 12 screen px; the latest hint wins ties (it is drawn on top). */
  private eraseAt(x: number, y: number): void {
    const img = this.renderRoot.querySelector('img');
    const perScreen =
      img && img.getBoundingClientRect().width ? this.panelWidth / img.getBoundingClientRect().width : 1;
    const tol = Math.max(2, 12 * perScreen);
    let best = -1;
    let bestD = Infinity;
    this.hints.forEach((h, i) => {
      const d = hintDistance(h, x, y) - (h.kind === 'point' ? h.radius : h.width / 2);
      if (d <= tol && d <= bestD) {
        best = i;
        bestD = d;
      }
    });
    if (best >= 0) this.dispatchEvent(new CustomEvent('hint-erase', { detail: best, bubbles: true, composed: true }));
  }

  /** A click's hint at (x, y): the bucket's fill, or a point of the chosen size. */
  private pointAt(x: number, y: number): Hint {
    const rgb: Rgb = [this.color[0], this.color[1], this.color[2]];
    const [hx, hy] = [Math.round(x * 10) / 10, Math.round(y * 10) / 10];
    return this.tool === 'fill'
      ? { kind: 'point', x: hx, y: hy, rgb, radius: 1, fill: true }
      : { kind: 'point', x: hx, y: hy, rgb, radius: this.size };
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
      this.tool !== 'fill' && (this.tool === 'stroke' || (long && pts.length > 1))
        ? {
            kind: 'stroke',
            points: pts.map(([x, y]) => [Math.round(x * 10) / 10, Math.round(y * 10) / 10]),
            rgb,
            width: this.size * 2,
          }
        : this.pointAt(x0, y0);
    this.dispatchEvent(new CustomEvent('hint-add', { detail: hint, bubbles: true, composed: true }));
  }

  private readonly MOVES: Record<string, [number, number]> = {
    ArrowLeft: [-1, 0],
    ArrowRight: [1, 0],
    ArrowUp: [0, -1],
    ArrowDown: [0, 1],
  };

  /** Keyboard: arrows move the cursor, Enter / Space apply the tool at it (undo/redo: the toolbar, Ctrl+Z). */
  private keydown(e: KeyboardEvent): void {
    const [cx, cy] = (this.cursor ??= [this.panelWidth / 2, this.panelHeight / 2]);
    const move = this.MOVES[e.key];
    if (move) {
      e.preventDefault();
      const step = Math.max(1, Math.round(this.panelWidth / 64)) * (e.shiftKey ? 4 : 1);
      const clamp = (v: number, hi: number) => Math.min(hi - 0.5, Math.max(0.5, v));
      this.cursor = [clamp(cx + move[0] * step, this.panelWidth), clamp(cy + move[1] * step, this.panelHeight)];
      this.showCursor();
      return;
    }
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault(); // Space would scroll the page
    if (this.tool === 'eraser') this.eraseAt(cx, cy);
    else if (this.tool !== 'pan')
      this.dispatchEvent(new CustomEvent('hint-add', { detail: this.pointAt(cx, cy), bubbles: true, composed: true }));
  }

  /** Draws the cursor and says where it is (`data-cursor`, panel px) and scrolls it into view. */
  private showCursor(): void {
    const c = this.cursor;
    const wrap = this.renderRoot.querySelector<HTMLElement>('.wrap');
    if (wrap) wrap.dataset.cursor = c ? `${Math.round(c[0])},${Math.round(c[1])}` : '';
    this.drawOverlay();
  }

  /** Where a zoom change keeps the view: the image share at the middle of what was shown. */
  private zoomFocus: [number, number] | null = null;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('zoom') && changed.get('zoom') !== undefined) this.zoomFocus = this.viewCentre();
  }

  /** The image share (0–1, x and y) at the middle of the scroller's view — the keyboard cursor's when shown. */
  private viewCentre(): [number, number] | null {
    if (this.cursor) return [this.cursor[0] / this.panelWidth, this.cursor[1] / this.panelHeight];
    const sc = this.renderRoot.querySelector<HTMLElement>('.scroller');
    const img = this.renderRoot.querySelector('img');
    if (!sc || !img?.clientWidth || !img.clientHeight) return null;
    const share = (v: number) => Math.min(1, Math.max(0, v));
    return [
      share((sc.scrollLeft + sc.clientWidth / 2) / img.clientWidth),
      share((sc.scrollTop + sc.clientHeight / 2) / img.clientHeight),
    ];
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('panelWidth') || changed.has('panelHeight')) this.cursor = null; // another panel
    const img = this.renderRoot.querySelector('img');
    if (img) {
      if (this.zoom > 0) img.style.setProperty('width', `${Math.max(1, Math.round(this.panelWidth * this.zoom))}px`);
      else img.style.removeProperty('width');
    }
    // a zoom keeps what was in the middle in the middle (it used to jump to the top-left corner)
    const sc = this.renderRoot.querySelector<HTMLElement>('.scroller');
    if (changed.has('zoom') && this.zoomFocus && sc && img) {
      const [fx, fy] = this.zoomFocus;
      sc.scrollLeft = fx * img.clientWidth - sc.clientWidth / 2;
      sc.scrollTop = fy * img.clientHeight - sc.clientHeight / 2;
      this.zoomFocus = null;
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
    // the keyboard cursor: a cross (white under black) while the canvas has the focus
    if (this.cursor && this.matches(':focus-within')) {
      const [x, y] = [this.cursor[0] * k, this.cursor[1] * k];
      for (const [w, c] of [
        [4, '#fff'],
        [2, '#000'],
      ] as const) {
        g.lineWidth = w * px;
        g.strokeStyle = c;
        g.beginPath();
        g.moveTo(x - 10 * px, y);
        g.lineTo(x + 10 * px, y);
        g.moveTo(x, y - 10 * px);
        g.lineTo(x, y + 10 * px);
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
      @focus=${() => {
        this.cursor ??= [this.panelWidth / 2, this.panelHeight / 2];
        this.showCursor();
      }}
      @blur=${() => this.drawOverlay()}
    >
      <img part="image" src=${this.src} alt="" draggable="false" data-testid="colorize-image" @load=${() => this.drawOverlay()} />
      <canvas aria-hidden="true"></canvas>
    </div></div>`;
  }
}

customElements.define('toon-hint-canvas', ToonHintCanvas);
