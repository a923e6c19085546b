/**
 * <toon-hint-canvas>: shows a panel image and its hints; a click places a point hint, a drag
 * draws a short stroke (tool "stroke", or any drag longer than a few pixels).
 * Coordinates are converted to panel pixels. Fires `hint-add` (detail: Hint).
 *
 * @csspart image - the panel image
 */
import { LitElement, css, html } from 'lit';
import type { Hint } from '../../core/color/hints';
import type { Rgb } from '../../core/color/lab';

export type HintTool = 'point' | 'stroke';

declare global {
  interface HTMLElementEventMap {
    'hint-add': CustomEvent<Hint>;
  }
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
  };
  static override styles = css`
    :host { display: block; position: relative; }
    .wrap { position: relative; display: inline-block; max-width: 100%; touch-action: none; cursor: crosshair; }
    img { display: block; max-width: 100%; max-height: 70vh; image-rendering: auto; user-select: none; }
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
  private drawing: [number, number][] | null = null;

  private toPanel(e: PointerEvent): [number, number] {
    const img = this.renderRoot.querySelector('img');
    const r = img?.getBoundingClientRect();
    if (!r || r.width === 0) return [0, 0];
    return [((e.clientX - r.left) * this.panelWidth) / r.width, ((e.clientY - r.top) * this.panelHeight) / r.height];
  }

  private down(e: PointerEvent): void {
    if (e.button !== 0) return;
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    this.drawing = [this.toPanel(e)];
  }

  private move(e: PointerEvent): void {
    if (!this.drawing) return;
    const p = this.toPanel(e);
    const last = this.drawing[this.drawing.length - 1];
    if (Math.hypot(p[0] - last[0], p[1] - last[1]) >= Math.max(1, this.size / 2)) {
      this.drawing.push(p);
      this.drawOverlay();
    }
  }

  private up(e: PointerEvent): void {
    const pts = this.drawing;
    this.drawing = null;
    if (!pts) return;
    const end = this.toPanel(e);
    const [x0, y0] = pts[0];
    const long = Math.hypot(end[0] - x0, end[1] - y0) > Math.max(3, this.size);
    const rgb: Rgb = [this.color[0], this.color[1], this.color[2]];
    const hint: Hint =
      this.tool === 'stroke' || (long && pts.length > 1)
        ? { kind: 'stroke', points: pts.map(([x, y]) => [Math.round(x * 10) / 10, Math.round(y * 10) / 10]), rgb, width: this.size * 2 }
        : { kind: 'point', x: Math.round(x0 * 10) / 10, y: Math.round(y0 * 10) / 10, rgb, radius: this.size };
    this.dispatchEvent(new CustomEvent('hint-add', { detail: hint, bubbles: true, composed: true }));
  }

  private keydown(e: KeyboardEvent): void {
    // keyboard: Enter places a point hint at the centre (then undo/redo with the toolbar)
    if (e.key !== 'Enter') return;
    const rgb: Rgb = [this.color[0], this.color[1], this.color[2]];
    this.dispatchEvent(new CustomEvent('hint-add', {
      detail: { kind: 'point', x: this.panelWidth / 2, y: this.panelHeight / 2, rgb, radius: this.size },
      bubbles: true, composed: true,
    }));
  }

  override updated(): void {
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
  }

  override render() {
    return html`<div
      class="wrap"
      tabindex="0"
      role="img"
      aria-label=${this.label}
      data-testid="colorize-canvas"
      @pointerdown=${this.down}
      @pointermove=${this.move}
      @pointerup=${this.up}
      @keydown=${this.keydown}
    >
      <img part="image" src=${this.src} alt="" draggable="false" data-testid="colorize-image" @load=${() => this.drawOverlay()} />
      <canvas aria-hidden="true"></canvas>
    </div>`;
  }
}

customElements.define('toon-hint-canvas', ToonHintCanvas);
