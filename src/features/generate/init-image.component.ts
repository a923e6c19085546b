/**
 * <toon-init-image>: where image-to-image starts — none, the top library match (default), the
 * reference picked in the references view, or a photo (file picker or drop) — and the strength
 * (0 keeps the picture, 1 ignores it) — and, for models with an image prompt (`imagePrompt`, set
 * by the parent), how the picture is used (`use`: start = image-to-image, prompt = image prompt,
 * both). The parent reads `mode`, `strength`, `photo` and `use`.
 */
import { LitElement, html, css, nothing } from 'lit';
import { t } from '../../app/i18n';
import { fileButtonStyles } from '../../app/file-button.styles';
import { LocaleController } from '../../app/locale-controller';
import type { InitMode } from './init-source';
import { CHARACTER_LOOKS, type CharacterLook } from '../../core/story';
import { controlFont } from '../../app/control-font.styles';
import { strengthNote } from './strength-note';

export class ToonInitImage extends LitElement {
  static override properties = {
    mode: { state: true },
    strength: { state: true },
    photo: { state: true },
    over: { state: true },
    use: { state: true },
    imagePrompt: { attribute: false },
    steps: { attribute: false },
  };
  static override styles = [
    controlFont,
    fileButtonStyles,
    css`
    :host { display: block; min-width: 0; }
    fieldset { border: 1px solid #d1d5db; border-radius: .5rem; margin: .75rem 0; padding: .5rem .75rem; min-width: 0; }
    select { max-width: 100%; }
    legend { font-weight: 600; }
    label { margin-right: 1rem; }
    .drop { border: 2px dashed #9ca3af; border-radius: .5rem; padding: .5rem; margin: .5rem 0; }
    .drop.over { border-color: #4f46e5; background: #eef2ff; }
    input[type='range'] { vertical-align: middle; width: 12rem; }
    .meta { font-size: .85rem; color: #374151; margin: .25rem 0; }
  `,
  ];

  mode: InitMode = 'library';
  strength = 0.6;
  photo: File | undefined;
  over = false;
  /** How the picture steers the panel (models without an image prompt: always 'start'). */
  use: CharacterLook = 'start';
  /** The run's steps (set by the parent), for the line saying which steps the strength walks. */
  steps = 0;
  imagePrompt = false;
  private readonly locale = new LocaleController(this);

  private setPhoto(f: File | undefined): void {
    if (!f) return;
    this.photo = f;
    this.mode = 'photo';
  }

  private onDrop(e: DragEvent): void {
    e.preventDefault();
    this.over = false;
    this.setPhoto([...(e.dataTransfer?.files ?? [])].find((f) => f.type.startsWith('image/')));
  }

  override render() {
    void this.locale;
    const modes: InitMode[] = ['library', 'picked', 'photo', 'none'];
    return html`<fieldset>
      <legend>${t('generate.init.title')}</legend>
      ${modes.map(
        (m) => html`<label><input type="radio" name="init" data-testid=${`init-${m}`} .checked=${this.mode === m}
          @change=${() => (this.mode = m)} /> ${t(`generate.init.${m}`)}</label>`,
      )}
      ${
        this.mode === 'photo'
          ? html`<div class="drop ${this.over ? 'over' : ''}" @dragover=${(e: DragEvent) => {
              e.preventDefault();
              this.over = true;
            }}
            @dragleave=${() => (this.over = false)} @drop=${(e: DragEvent) => this.onDrop(e)}>
            <label class="file-button"><span class="face">${t('generate.init.photoPick')}</span><input id="photo" data-testid="init-photo-input" type="file" accept="image/png,image/jpeg,image/webp"
              @change=${(e: Event) => this.setPhoto((e.target as HTMLInputElement).files?.[0])} /></label>
            ${this.photo ? html`<span data-testid="init-photo-name">${this.photo.name}</span>` : nothing}
          </div>`
          : nothing
      }
      ${
        this.mode !== 'none'
          ? html`<div><label for="init-use">${t('generate.init.use')}</label>
            <select id="init-use" data-testid="init-use" ?disabled=${!this.imagePrompt}
              @change=${(e: Event) => (this.use = (e.target as HTMLSelectElement).value as CharacterLook)}>
              ${CHARACTER_LOOKS.map((v) => html`<option value=${v} ?selected=${(this.imagePrompt ? this.use : 'start') === v}>${t(`generate.init.use.${v}`)}</option>`)}
            </select></div>
          <div><label for="strength">${t('generate.init.strength', { v: this.strength.toFixed(2) })}</label>
            <input id="strength" data-testid="init-strength" type="range" min="0.05" max="1" step="0.05" .value=${String(this.strength)}
              @input=${(e: Event) => (this.strength = Number((e.target as HTMLInputElement).value))} /></div>
          ${(this.imagePrompt ? this.use : 'start') !== 'prompt' ? strengthNote(this.steps, this.strength, 'init-strength-note') : nothing}`
          : nothing
      }
    </fieldset>`;
  }
}
customElements.define('toon-init-image', ToonInitImage);

declare global {
  interface HTMLElementTagNameMap {
    'toon-init-image': ToonInitImage;
  }
}
