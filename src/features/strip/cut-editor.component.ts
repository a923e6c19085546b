/**
 * <toon-cut-editor>: review the proposed cuts of a tall strip before it is split.
 * Properties: `name`, `src` (object URL of the strip), `height`, `width`, `cuts` (proposal),
 * `gutters` (background runs, trimmed off the panels).
 * Keyboard: each cut's row is a number input (↑/↓, Shift ±10 via the buttons), Ctrl+Z undoes.
 * Clicking the preview adds a cut at the clicked row of the image — exact at any scroll position
 * and zoom (the row comes from the image's own box and natural height, not the scroll box).
 * Zoom: Fit (160 px wide) or 100% (one screen px per image px; scrolls both ways).
 * Events: `cut-accept` (detail: number[] cuts; [] keeps the image as one panel), `cut-cancel`.
 */
import { LitElement, html } from 'lit';
import { t } from '../../app/i18n';
import { LocaleController } from '../../app/locale-controller';
import {
  addCut,
  canUndo,
  createCutState,
  moveCut,
  removeCut,
  segmentsFromCuts,
  undoCut,
  type CutState,
} from '../../core/strip/cuts';
import type { RowRange } from '../../core/strip/gutters';
import { cutEditorStyles } from './cut-editor.styles';
import { controlFont } from '../../app/control-font.styles';
import { undoKeys } from '../../app/undo-keys';

export type CutZoom = 'fit' | 'full';

export class ToonCutEditor extends LitElement {
  static override properties = {
    name: {},
    src: {},
    width: { type: Number },
    height: { type: Number },
    cuts: { attribute: false },
    gutters: { attribute: false },
    state: { state: true },
    zoom: { state: true },
  };
  static override styles = [controlFont, cutEditorStyles];

  name = '';
  src = '';
  width = 1;
  height = 1;
  cuts: number[] = [];
  gutters: RowRange[] = [];
  state: CutState = createCutState(1, []);
  zoom: CutZoom = 'fit';
  private addRow = 0;
  private readonly locale = new LocaleController(this);

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('cuts') || changed.has('height')) this.state = createCutState(this.height, this.cuts);
  }

  /**
   * Positions the cut lines through the CSSOM (a style attribute would break the strict CSP), as
   * a share of the image's height, so they stay on their rows at every zoom.
   */
  protected override updated(): void {
    for (const line of this.renderRoot.querySelectorAll<HTMLElement>('.line')) line.style.top = `${line.dataset.top}%`;
  }

  private set(next: CutState): void {
    this.state = next;
  }

  private nudge(i: number, d: number): void {
    this.set(moveCut(this.state, i, this.state.cuts[i] + d));
  }

  /**
   * Ctrl/⌘+Z undoes the last cut edit wherever the focus is while the editor is on screen (a click
   * on the preview adds a cut and leaves the focus on the page: a trial's Ctrl+Z then did nothing).
   */
  private readonly onKey = ((editor: ToonCutEditor) =>
    undoKeys({
      get hidden() {
        return editor.getClientRects().length === 0; // not on screen (its view hidden, or closed)
      },
      undo: () => editor.set(undoCut(editor.state)),
      redo: () => undefined,
    }))(this);

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.onKey);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.onKey);
  }

  /**
   * Image row under a click: the offset inside the image's own box (which moves when the preview
   * scrolls) scaled by the image's natural height over its displayed height.
   */
  private onPreviewClick(e: MouseEvent): void {
    const img = this.renderRoot.querySelector<HTMLImageElement>('.preview img');
    if (!img) return;
    const rect = img.getBoundingClientRect();
    if (rect.height <= 0) return;
    const natural = img.naturalHeight || this.height;
    this.set(addCut(this.state, Math.floor(((e.clientY - rect.top) / rect.height) * natural)));
  }

  private emit(name: 'cut-accept' | 'cut-cancel', detail?: number[]): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  override render() {
    void this.locale;
    const s = this.state;
    const zoomButton = (z: CutZoom, label: string) =>
      html`<button aria-pressed=${this.zoom === z ? 'true' : 'false'} data-testid=${`cut-zoom-${z}`} @click=${() => (this.zoom = z)}>${label}</button>`;
    return html`<section aria-labelledby="cut-title" data-testid="cut-editor">
      <h2 id="cut-title">${t('strip.cut.title', { name: this.name })}</h2>
      <p>${t('strip.cut.help')}</p>
      <div class="layout">
        <div class="view ${this.zoom}">
          <div class="zoom" role="group" aria-label=${t('strip.cut.zoom')}>
            ${zoomButton('fit', t('strip.cut.zoomFit'))} ${zoomButton('full', '100%')}
          </div>
          <div class="preview" data-testid="cut-preview" role="img" aria-label=${t('strip.cut.preview')}>
            <div class="frame" @click=${this.onPreviewClick}>
              <img src=${this.src} alt="" draggable="false" />
              ${s.cuts.map((c) => html`<div class="line" data-testid="cut-line" data-top=${(c / this.height) * 100}></div>`)}
            </div>
          </div>
        </div>
        <div>
          ${s.cuts.length === 0 ? html`<p data-testid="cut-none">${t('strip.cut.none')}</p>` : null}
          <ol data-testid="cut-list">
            ${s.cuts.map(
              (c, i) => html`<li class="row" data-testid="cut-item">
                <label>${t('strip.cut.row', { n: i + 1 })}
                  <input type="number" min="1" max=${this.height - 1} .value=${String(c)} data-testid="cut-row"
                    @change=${(e: Event) => this.set(moveCut(s, i, Number((e.target as HTMLInputElement).value)))} />
                </label>
                <button @click=${() => this.nudge(i, -10)} aria-label=${t('strip.cut.up', { px: 10 })}>−10</button>
                <button @click=${() => this.nudge(i, -1)} aria-label=${t('strip.cut.up', { px: 1 })} data-testid="cut-up">−1</button>
                <button @click=${() => this.nudge(i, 1)} aria-label=${t('strip.cut.down', { px: 1 })} data-testid="cut-down">+1</button>
                <button @click=${() => this.nudge(i, 10)} aria-label=${t('strip.cut.down', { px: 10 })}>+10</button>
                <button @click=${() => this.set(removeCut(s, i))} aria-label=${t('strip.cut.remove', { n: i + 1 })} data-testid="cut-remove">✕</button>
              </li>`,
            )}
          </ol>
          <div class="row">
            <label>${t('strip.cut.addAt')}
              <input type="number" min="1" max=${this.height - 1} data-testid="cut-add-row"
                @input=${(e: Event) => (this.addRow = Number((e.target as HTMLInputElement).value))} />
            </label>
            <button @click=${() => this.set(addCut(s, this.addRow))} data-testid="cut-add">${t('strip.cut.add')}</button>
            <button @click=${() => this.set(undoCut(s))} ?disabled=${!canUndo(s)} data-testid="cut-undo">${t('strip.cut.undo')}</button>
          </div>
        </div>
      </div>
      <div class="actions">
        <button class="primary" @click=${() => this.emit('cut-accept', s.cuts)} data-testid="cut-accept">
          ${t('strip.cut.accept', { n: segmentsFromCuts(this.height, s.cuts, this.gutters).length })}</button>
        <button @click=${() => this.emit('cut-accept', [])} data-testid="cut-keep">${t('strip.cut.keep')}</button>
        <button @click=${() => this.emit('cut-cancel')} data-testid="cut-cancel">${t('strip.cut.cancel')}</button>
      </div>
    </section>`;
  }
}
customElements.define('toon-cut-editor', ToonCutEditor);

declare global {
  interface HTMLElementTagNameMap {
    'toon-cut-editor': ToonCutEditor;
  }
}
