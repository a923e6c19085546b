/**
 * <toon-import-zone>: drop zone + file picker for images. Emits `files-chosen` (detail: File[]).
 * Paste is handled by the strip view (it listens on the window while visible).
 */
import { LitElement, html, css } from 'lit';
import { t } from '../../app/i18n';
import { LocaleController } from '../../app/locale-controller';

export const ACCEPT = 'image/png,image/jpeg,image/webp,.png,.jpg,.jpeg,.webp';

export class ToonImportZone extends LitElement {
  static override properties = { over: { state: true } };
  static override styles = css`
    :host { display: block; }
    .zone { border: 2px dashed #999; border-radius: 8px; padding: 1.25rem; text-align: center; background: #fafafa; }
    .zone.over { border-color: var(--accent, #4a6cf7); background: #eef2ff; }
    .limits { color: #555; font-size: 0.9rem; margin: 0.5rem 0 0; }
    label.pick { color: var(--accent, #4a6cf7); text-decoration: underline; cursor: pointer; }
    label.pick:focus-within { outline: 3px solid var(--accent, #4a6cf7); }
    input[type='file'] { position: absolute; opacity: 0; width: 1px; height: 1px; }
  `;

  over = false;
  private readonly locale = new LocaleController(this);

  private emit(files: FileList | File[] | null | undefined): void {
    const list = files ? [...files] : [];
    if (list.length)
      this.dispatchEvent(new CustomEvent('files-chosen', { detail: list, bubbles: true, composed: true }));
  }

  private onDrop(e: DragEvent): void {
    e.preventDefault();
    this.over = false;
    this.emit(e.dataTransfer?.files);
  }

  override render() {
    void this.locale;
    return html`<div class="zone ${this.over ? 'over' : ''}" data-testid="drop-zone"
        @dragover=${(e: DragEvent) => {
          e.preventDefault();
          this.over = true;
        }}
        @dragleave=${() => (this.over = false)}
        @drop=${this.onDrop}>
      ${t('strip.drop')}
      <label class="pick">${t('strip.pick')}<input type="file" multiple accept=${ACCEPT} data-testid="file-input"
        @change=${(e: Event) => {
          const input = e.target as HTMLInputElement;
          this.emit(input.files);
          input.value = '';
        }} /></label>
      <p class="limits">${t('strip.limits')}</p>
    </div>`;
  }
}
customElements.define('toon-import-zone', ToonImportZone);

declare global {
  interface HTMLElementTagNameMap {
    'toon-import-zone': ToonImportZone;
  }
}
