/**
 * <toon-board-editor>: one storyboard panel, editable. The panel is shown on a canvas at half
 * size with a dashed box around each character; drag a character to move it (pointer events on
 * the canvas; no inline styles), or pick it and use the arrow / +/− buttons. "Next background"
 * steps through the library matches; a generated placeholder background is tagged. Bubble and
 * caption texts are edited in place ("Apply text"). Fires `board-edit` (detail: the edited
 * BoardPanel) for the parent to recompose and store.
 */
import { LitElement, html, css, nothing, type PropertyValues } from 'lit';
import { formStyles } from './form.styles';
import { t } from '../../app/i18n';
import { LocaleController } from '../../app/locale-controller';
import { SHOTS, respeak, type Shot } from '../../core/story';
import type { BoardPanel } from '../../store/storyboard';
import { nextBackground, withShot } from './story-board';
import { controlFont } from '../../app/control-font.styles';

const VIEW = 0.5;

export class ToonBoardEditor extends LitElement {
  static override properties = {
    panel: { attribute: false },
    index: { type: Number },
    url: { type: String },
    busy: { type: Boolean },
    pick: { state: true },
  };
  static override styles = [
    controlFont,
    formStyles,
    css`
    :host { display: block; border: 2px solid #4f46e5; border-radius: .5rem; padding: .75rem; margin: .75rem 0; }
    canvas { display: block; border: 1px solid #d1d5db; touch-action: none; cursor: grab; max-width: 100%; }
    .tag { display: inline-block; background: #f59e0b; color: #111; font-weight: 700; padding: .125rem .5rem; border-radius: .25rem; }
    .row button { margin: .25rem .25rem 0 0; }
    textarea { min-height: 3rem; }
  `,
  ];

  panel: BoardPanel | undefined;
  index = 0;
  url = '';
  busy = false;
  pick = 0;
  private img = new Image();
  private drag: { i: number; x: number; y: number } | undefined;
  private readonly locale = new LocaleController(this);

  override updated(changed: PropertyValues): void {
    if (changed.has('url') && this.url) {
      this.img = new Image();
      this.img.onload = () => this.paint();
      this.img.src = this.url;
    } else this.paint();
  }

  private get canvas(): HTMLCanvasElement | null {
    return this.renderRoot.querySelector('canvas');
  }

  private paint(dx = 0, dy = 0): void {
    const c = this.canvas;
    const p = this.panel;
    if (!c || !p) return;
    const ctx = c.getContext('2d')!;
    ctx.clearRect(0, 0, c.width, c.height);
    if (this.img.complete && this.img.naturalWidth) ctx.drawImage(this.img, 0, 0, c.width, c.height);
    ctx.setLineDash([6, 4]);
    ctx.lineWidth = 2;
    p.layout.characters.forEach((ch, i) => {
      if (!ch.box) return;
      const off = this.drag?.i === i ? [dx, dy] : [0, 0];
      ctx.strokeStyle = i === this.pick ? '#4f46e5' : '#f59e0b';
      ctx.strokeRect((ch.box.x + off[0]) * VIEW, (ch.box.y + off[1]) * VIEW, ch.box.w * VIEW, ch.box.h * VIEW);
    });
  }

  private at(e: PointerEvent): [number, number] {
    const r = this.canvas!.getBoundingClientRect();
    return [
      ((e.clientX - r.left) / r.width) * (this.panel?.layout.width ?? 1),
      ((e.clientY - r.top) / r.height) * (this.panel?.layout.height ?? 1),
    ];
  }

  private down(e: PointerEvent): void {
    if (this.busy || !this.panel) return;
    const [x, y] = this.at(e);
    const i = this.panel.layout.characters.findLastIndex(
      (c) => c.box && x >= c.box.x && x <= c.box.x + c.box.w && y >= c.box.y && y <= c.box.y + c.box.h,
    );
    if (i < 0) return;
    this.pick = i;
    this.drag = { i, x, y };
    this.canvas!.setPointerCapture(e.pointerId);
  }

  private move(e: PointerEvent): void {
    if (!this.drag) return;
    const [x, y] = this.at(e);
    this.paint(x - this.drag.x, y - this.drag.y);
  }

  private up(e: PointerEvent): void {
    if (!this.drag) return;
    const [x, y] = this.at(e);
    const d = this.drag;
    this.drag = undefined;
    if (Math.abs(x - d.x) + Math.abs(y - d.y) < 2) return this.paint();
    this.nudge(d.i, x - d.x, y - d.y, 1);
  }

  private nudge(i: number, dx: number, dy: number, k: number): void {
    const p = this.panel;
    if (!p?.layout.characters[i]) return;
    const characters = p.layout.characters.map((c, j) =>
      j === i
        ? { ...c, x: Math.round(c.x + dx), y: Math.round(c.y + dy), scale: Math.round(c.scale * k * 1000) / 1000 }
        : c,
    );
    this.emit({ ...p, layout: { ...p.layout, characters } });
  }

  private emit(next: BoardPanel): void {
    this.dispatchEvent(new CustomEvent('board-edit', { detail: next, bubbles: true, composed: true }));
  }

  private applyText(): void {
    const p = this.panel;
    if (!p) return;
    const areas = [...this.renderRoot.querySelectorAll<HTMLTextAreaElement>('textarea[data-bubble]')];
    const bubbles = p.layout.bubbles.map((b, i) => ({ ...b, text: areas[i]?.value.trim() || b.text }));
    this.emit({ ...p, layout: { ...p.layout, bubbles } });
  }

  override render() {
    void this.locale;
    const p = this.panel;
    if (!p) return nothing;
    const bg = p.layout.background;
    const chars = p.layout.characters;
    return html`
      <h4>${t('generate.board.editor', { n: this.index + 1 })}
        ${bg?.generated ? html`<span class="tag" data-testid="board-generated-tag">${t('generate.board.generated')}</span>` : nothing}</h4>
      <canvas data-testid="board-canvas" width=${p.layout.width * VIEW} height=${p.layout.height * VIEW}
        @pointerdown=${(e: PointerEvent) => this.down(e)} @pointermove=${(e: PointerEvent) => this.move(e)}
        @pointerup=${(e: PointerEvent) => this.up(e)}></canvas>
      <p>${t('generate.board.dragHelp')}</p>
      <div class="row">
        <div><label for="b-shot">${t('generate.board.shot')}</label>
          <select id="b-shot" data-testid="board-shot" ?disabled=${this.busy}
            @change=${(e: Event) => this.emit(withShot(p, (e.target as HTMLSelectElement).value as Shot))}>
            ${SHOTS.map((s) => html`<option value=${s} ?selected=${p.layout.shot === s}>${t(`generate.board.shot.${s}`)}</option>`)}
          </select></div>
        ${
          chars.length
            ? html`<div><label for="b-char">${t('generate.board.character')}</label>
          <select id="b-char" data-testid="board-char" @change=${(e: Event) => ((this.pick = Number((e.target as HTMLSelectElement).value)), this.paint())}>
            ${chars.map((c, i) => html`<option value=${i} ?selected=${i === this.pick}>${c.name}</option>`)}
          </select></div>`
            : nothing
        }
      </div>
      ${
        chars.length
          ? html`<div class="row">
        <button data-testid="board-left" ?disabled=${this.busy} @click=${() => this.nudge(this.pick, -40, 0, 1)}>← ${t('generate.board.left')}</button>
        <button data-testid="board-right" ?disabled=${this.busy} @click=${() => this.nudge(this.pick, 40, 0, 1)}>→ ${t('generate.board.right')}</button>
        <button data-testid="board-up" ?disabled=${this.busy} @click=${() => this.nudge(this.pick, 0, -40, 1)}>↑ ${t('generate.board.up')}</button>
        <button data-testid="board-down" ?disabled=${this.busy} @click=${() => this.nudge(this.pick, 0, 40, 1)}>↓ ${t('generate.board.down')}</button>
        <button data-testid="board-bigger" ?disabled=${this.busy} @click=${() => this.nudge(this.pick, 0, 0, 1.1)}>+ ${t('generate.board.bigger')}</button>
        <button data-testid="board-smaller" ?disabled=${this.busy} @click=${() => this.nudge(this.pick, 0, 0, 1 / 1.1)}>− ${t('generate.board.smaller')}</button>
      </div>`
          : nothing
      }
      <div class="row"><button data-testid="board-next-bg" ?disabled=${this.busy || !p.hits.length} @click=${() => this.emit(nextBackground(p))}>${t('generate.board.nextBg')}</button></div>
      ${p.layout.bubbles.map(
        (
          b,
          i,
        ) => html`<label for="b-t${i}">${t(b.kind === 'caption' ? 'generate.board.caption' : 'generate.board.bubble', { n: i + 1 })}${b.speaker ? ` (${b.speaker})` : ''}</label>
        ${
          b.kind === 'speech'
            ? html`<label class="speaker">${t('generate.board.speaker')} <select data-testid="board-speaker" data-bubble=${i} ?disabled=${this.busy}
                @change=${(e: Event) => this.emit({ ...p, layout: respeak(p.layout, i, (e.target as HTMLSelectElement).value) })}>
                <option value="" .selected=${!b.speaker}>${t('generate.board.speakerNone')}</option>
                ${chars.map((c) => html`<option value=${c.name} .selected=${b.speaker === c.name}>${c.name}</option>`)}
              </select></label>`
            : nothing
        }
        <textarea id="b-t${i}" data-bubble=${i} data-testid="board-bubble-text" .value=${b.text}></textarea>`,
      )}
      ${p.layout.bubbles.length ? html`<button data-testid="board-apply" ?disabled=${this.busy} @click=${() => this.applyText()}>${t('generate.board.apply')}</button>` : nothing}
    `;
  }
}
customElements.define('toon-board-editor', ToonBoardEditor);

declare global {
  interface HTMLElementTagNameMap {
    'toon-board-editor': ToonBoardEditor;
  }
}
