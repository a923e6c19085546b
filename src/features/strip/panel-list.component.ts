/**
 * <toon-panel-list>: the project's panels top to bottom with thumbnails.
 * Properties: `panels` (Panel[] in order), `thumbs` (Map blob id → object URL).
 * Keyboard: each panel is focusable; Alt+↑/Alt+↓ moves it, Delete removes it. Buttons do the
 * same; drag and drop reorders with a mouse. The owner shows a move at once (it sets `panels` in
 * the event, before storing it), and the focus follows the moved panel.
 * Events (bubbling, composed): `panel-move` {id, to}, `panel-delete` {id}, `panel-export` {id}.
 */
import { LitElement, html } from 'lit';
import { t } from '../../app/i18n';
import { LocaleController } from '../../app/locale-controller';
import { currentBlobId } from '../../store/panels';
import type { Panel } from '../../store/schema';
import { panelListStyles } from './panel-list.styles';
import { controlFont } from '../../app/control-font.styles';

export interface PanelMoveDetail {
  id: string;
  to: number;
}
export interface PanelIdDetail {
  id: string;
}

export class ToonPanelList extends LitElement {
  static override properties = { panels: { attribute: false }, thumbs: { attribute: false } };
  static override styles = [controlFont, panelListStyles];

  panels: Panel[] = [];
  thumbs = new Map<string, string>();
  private focusId: string | undefined;
  private dragId: string | undefined;
  private readonly locale = new LocaleController(this);

  private emit(name: string, detail: PanelMoveDetail | PanelIdDetail): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  private move(id: string, to: number): void {
    if (to < 0 || to >= this.panels.length) return;
    this.focusId = id;
    this.emit('panel-move', { id, to });
  }

  private onKey(e: KeyboardEvent, p: Panel, i: number): void {
    if (e.target !== e.currentTarget) return;
    if (e.altKey && e.key === 'ArrowUp') {
      e.preventDefault();
      this.move(p.id, i - 1);
    } else if (e.altKey && e.key === 'ArrowDown') {
      e.preventDefault();
      this.move(p.id, i + 1);
    } else if (e.key === 'Delete') {
      e.preventDefault();
      this.focusId = this.panels[i + 1]?.id ?? this.panels[i - 1]?.id;
      this.emit('panel-delete', { id: p.id });
    }
  }

  protected override updated(): void {
    if (!this.focusId) return;
    const li = this.renderRoot.querySelector<HTMLElement>(`li[data-id="${this.focusId}"]`);
    if (li) {
      li.focus();
      this.focusId = undefined;
    }
  }

  private onDrop(e: DragEvent, to: number): void {
    e.preventDefault();
    if (this.dragId) this.move(this.dragId, to);
    this.dragId = undefined;
  }

  override render() {
    void this.locale;
    const n = this.panels.length;
    return html`<p class="hint">${t('strip.reorderHint')}</p>
      <ol data-testid="panel-list" aria-label=${t('strip.panels')}>
        ${this.panels.map((p, i) => {
          const label = t('strip.panelLabel', { n: i + 1, name: p.sourceName, w: p.width, h: p.height });
          return html`<li tabindex="0" data-id=${p.id} data-testid="panel-item" aria-label=${label}
            draggable="true"
            @dragstart=${() => (this.dragId = p.id)}
            @dragover=${(e: DragEvent) => e.preventDefault()}
            @drop=${(e: DragEvent) => this.onDrop(e, i)}
            @keydown=${(e: KeyboardEvent) => this.onKey(e, p, i)}>
            <img src=${this.thumbs.get(currentBlobId(p)) ?? ''} alt="" data-testid="panel-thumb" />
            <div class="meta"><span class="num">${i + 1}</span>${p.sourceName}<br />${p.width}×${p.height}</div>
            <div class="buttons">
              <button ?disabled=${i === 0} @click=${() => this.move(p.id, i - 1)} data-testid="panel-up"
                aria-label="${t('strip.moveUp')} (${i + 1})">↑</button>
              <button ?disabled=${i === n - 1} @click=${() => this.move(p.id, i + 1)} data-testid="panel-down"
                aria-label="${t('strip.moveDown')} (${i + 1})">↓</button>
              <button @click=${() => this.emit('panel-export', { id: p.id })} data-testid="panel-export"
                aria-label=${t('strip.exportPngLabel', { n: i + 1 })}>${t('strip.exportPng')}</button>
              <button @click=${() => this.emit('panel-delete', { id: p.id })} data-testid="panel-delete"
                aria-label="${t('strip.delete')} (${i + 1})">${t('strip.delete')}</button>
            </div>
          </li>`;
        })}
      </ol>`;
  }
}
customElements.define('toon-panel-list', ToonPanelList);

declare global {
  interface HTMLElementTagNameMap {
    'toon-panel-list': ToonPanelList;
  }
}
