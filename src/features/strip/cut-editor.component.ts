/**
 * <toon-cut-editor>: review the proposed cuts of a tall strip before it is split.
 * Properties: `name`, `src` (object URL of the strip), `height`, `width`, `cuts` (proposal),
 * `gutters` (background runs, trimmed off the panels).
 * Keyboard: each cut's row is a number input (↑/↓, Shift ±10 via the buttons), Ctrl+Z undoes.
 * Clicking the preview adds a cut at that row.
 * Events: `cut-accept` (detail: number[] cuts; [] keeps the image as one panel), `cut-cancel`.
 */
import { LitElement, html } from 'lit';
import { t } from '../../app/i18n';
import { LocaleController } from '../../app/locale-controller';
import { addCut, canUndo, createCutState, moveCut, removeCut, segmentsFromCuts, undoCut, type CutState } from '../../core/strip/cuts';
import type { RowRange } from '../../core/strip/gutters';
import { cutEditorStyles } from './cut-editor.styles';

const PREVIEW_WIDTH = 160;

export class ToonCutEditor extends LitElement {
  static override properties = {
    name: {},
    src: {},
    width: { type: Number },
    height: { type: Number },
    cuts: { attribute: false },
    gutters: { attribute: false },
    state: { state: true },
  };
  static override styles = cutEditorStyles;

  name = '';
  src = '';
  width = 1;
  height = 1;
  cuts: number[] = [];
  gutters: RowRange[] = [];
  state: CutState = createCutState(1, []);
  private addRow = 0;
  private readonly locale = new LocaleController(this);

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('cuts') || changed.has('height')) this.state = createCutState(this.height, this.cuts);
  }

  /** Positions the cut lines through the CSSOM (a style attribute would break the strict CSP). */
  protected override updated(): void {
    for (const line of this.renderRoot.querySelectorAll<HTMLElement>('.line')) line.style.top = `${line.dataset.top}px`;
  }

  private set(next: CutState): void {
    this.state = next;
  }

  private nudge(i: number, d: number): void {
    this.set(moveCut(this.state, i, this.state.cuts[i] + d));
  }

  private onKey(e: KeyboardEvent): void {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') {
      e.preventDefault();
      this.set(undoCut(this.state));
    }
  }

  private onPreviewClick(e: MouseEvent): void {
    const img = e.currentTarget as HTMLElement;
    const rect = img.getBoundingClientRect();
    const y = ((e.clientY - rect.top) / rect.height) * this.height;
    this.set(addCut(this.state, y));
  }

  private emit(name: 'cut-accept' | 'cut-cancel', detail?: number[]): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  override render() {
    void this.locale;
    const s = this.state;
    const scale = PREVIEW_WIDTH / this.width;
    return html`<section @keydown=${this.onKey} aria-labelledby="cut-title" data-testid="cut-editor">
      <h2 id="cut-title">${t('strip.cut.title', { name: this.name })}</h2>
      <p>${t('strip.cut.help')}</p>
      <div class="layout">
        <div class="preview" @click=${this.onPreviewClick} role="img" aria-label=${t('strip.cut.preview')}>
          <img src=${this.src} alt="" />
          ${s.cuts.map((c) => html`<div class="line" data-top=${c * scale}></div>`)}
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
  interface HTMLElementTagNameMap { 'toon-cut-editor': ToonCutEditor }
}
