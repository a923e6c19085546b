/**
 * <toon-character-sheet>: the project's characters for story mode — name, reference image
 * (file picker) and optionally one of the project's colorize palettes. Whenever a story panel
 * names a character, its image is the img2img start and its palette name is carried.
 * Fires `characters-changed` (detail: CharacterRecord[]) after every change.
 */
import { ObjectUrls } from '../../app/object-urls';
import { LitElement, html, css, nothing } from 'lit';
import { t } from '../../app/i18n';
import { fileButtonStyles } from '../../app/file-button.styles';
import { LocaleController } from '../../app/locale-controller';
import { notify } from '../../app/notifier';
import { sniffImage } from '../../core/image/sniff';
import { sizeProblem } from '../../core/strip/limits';
import { getBlob, toBlob } from '../../store/blobs';
import {
  addCharacter,
  copyCharacters,
  deleteCharacter,
  listCharacters,
  otherSheets,
  type CharacterRecord,
} from '../../store/characters';
import { listProjects } from '../../store/projects';
import { listPalettes } from '../../store/palettes';
import { onStoreChange, touches } from '../../store/changes';
import type { PaletteRecord } from '../../store/schema';
import { errorText } from './errors';
import { controlFont } from '../../app/control-font.styles';

export class ToonCharacterSheet extends LitElement {
  static override properties = {
    projectId: {},
    list: { state: true },
    palettes: { state: true },
    chosen: { state: true },
    sources: { state: true },
  };
  static override styles = [
    controlFont,
    fileButtonStyles,
    css`
    fieldset { border: 1px solid #d1d5db; border-radius: .5rem; margin: .75rem 0; padding: .5rem .75rem; min-width: 0; }
    legend { font-weight: 600; }
    ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .75rem; }
    li { border: 1px solid #e5e7eb; border-radius: .5rem; padding: .25rem .5rem; text-align: center; }
    img { width: 64px; height: 64px; object-fit: contain; display: block; margin: 0 auto; image-rendering: pixelated; }
    .row { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; }
    input, select, button { font: inherit; }
  `,
  ];

  projectId = '';
  list: CharacterRecord[] = [];
  palettes: PaletteRecord[] = [];
  /** Name of the picture chosen in the form (shown beside the picker; '' = none). */
  chosen = '';
  /** Other projects with characters (a new project's sheet starts empty: copy them from one). */
  sources: { projectId: string; name: string; names: string[] }[] = [];
  /** One owner of the characters' picture URLs, keyed by blob id (src/app/object-urls.ts). */
  private readonly urls = new ObjectUrls(this);
  private readonly locale = new LocaleController(this);

  /** Palettes made, renamed or deleted in Colorize (this page or another tab) show here at once. */
  private stopChanges: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.stopChanges ??= onStoreChange(
      (changes) => {
        if (this.projectId && touches(changes, ['palettes', 'characters'], this.projectId)) void this.reload();
      },
      { here: true },
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopChanges = void this.stopChanges?.();
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('projectId') && this.projectId) void this.reload();
  }

  private async reload(): Promise<void> {
    this.list = await listCharacters(this.projectId);
    this.palettes = await listPalettes(this.projectId);
    const projects = new Map((await listProjects()).map((p) => [p.id, p.name]));
    this.sources = (await otherSheets(this.projectId))
      .filter((s) => projects.has(s.projectId))
      .map((s) => ({
        projectId: s.projectId,
        name: projects.get(s.projectId) ?? '',
        names: s.characters.map((c) => c.name),
      }));
    for (const c of this.list) {
      if (this.urls.has(c.blobId)) continue;
      const b = await getBlob(c.blobId);
      if (b) this.urls.set(c.blobId, toBlob(b));
    }
    this.urls.keep(this.list.map((c) => c.blobId));
    this.requestUpdate();
    this.dispatchEvent(new CustomEvent<CharacterRecord[]>('characters-changed', { detail: this.list }));
  }

  private async add(e: Event): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const name = (form.elements.namedItem('name') as HTMLInputElement).value.trim();
    const file = (form.elements.namedItem('image') as HTMLInputElement).files?.[0];
    const paletteId = (form.elements.namedItem('palette') as HTMLSelectElement | null)?.value ?? '';
    if (!name || !file) return void notify({ kind: 'error', message: t('generate.chars.need') });
    if (this.list.some((c) => c.name.toLowerCase() === name.toLowerCase())) {
      return void notify({ kind: 'error', message: t('generate.chars.dup', { name }) });
    }
    const pal = this.palettes.find((p) => p.id === paletteId);
    try {
      // By its bytes, not its name or type: a renamed text file must not become a sheet the
      // storyboard fails on later (sniff.ts also catches a truncated picture).
      const sniff = sniffImage(new Uint8Array(await file.arrayBuffer()));
      const tooBig = sniff.ok ? sizeProblem(sniff.width, sniff.height) : null;
      if (!sniff.ok || tooBig)
        return void notify({ kind: 'error', message: t('generate.chars.badImage', { file: file.name }) });
      await addCharacter(this.projectId, {
        name,
        image: { bytes: file, type: sniff.type },
        ...(pal ? { paletteId: pal.id, paletteName: pal.name } : {}),
      });
      form.reset();
      this.chosen = '';
      await this.reload();
    } catch (err) {
      notify({ kind: 'error', message: errorText(err) });
    }
  }

  private async copyFrom(): Promise<void> {
    const from = this.renderRoot.querySelector<HTMLSelectElement>('[data-testid=char-copy-from]')?.value;
    if (!from) return;
    try {
      const names = await copyCharacters(from, this.projectId);
      notify(
        names.length
          ? { kind: 'success', message: t('generate.chars.copied', { n: names.length, names: names.join(', ') }) }
          : { kind: 'info', message: t('generate.chars.copiedNone') },
      );
      await this.reload();
    } catch (err) {
      notify({ kind: 'error', message: errorText(err) });
    }
  }

  private async removeCharacter(c: CharacterRecord): Promise<void> {
    await deleteCharacter(this.projectId, c.id);
    await this.reload();
  }

  override render() {
    void this.locale;
    return html`<fieldset>
      <legend>${t('generate.chars.title')}</legend>
      <ul data-testid="chars-list">
        ${this.list.map(
          (c) => html`<li data-testid="char-item" data-name=${c.name}>
          ${this.urls.get(c.blobId) ? html`<img src=${this.urls.get(c.blobId)!} alt=${c.name} />` : nothing}
          <strong>${c.name}</strong>${c.paletteName && this.palettes.some((p) => p.id === c.paletteId) ? html`<br /><small>${t('generate.chars.palette', { name: c.paletteName })}</small>` : nothing}
          <br /><button @click=${() => void this.removeCharacter(c)} aria-label=${t('generate.chars.remove', { name: c.name })}>✕</button>
        </li>`,
        )}
      </ul>
      <form class="row" @submit=${(e: Event) => void this.add(e)}>
        <label>${t('generate.chars.name')} <input name="name" data-testid="char-name" maxlength="40" /></label>
        <label class="file-button">${t('generate.chars.image')} <span class="face">${t('app.chooseFile')}</span><input name="image" data-testid="char-image" type="file" accept="image/png,image/jpeg,image/webp"
          @change=${(e: Event) => (this.chosen = (e.target as HTMLInputElement).files?.[0]?.name ?? '')} /><span class="chosen">${this.chosen || t('app.noFile')}</span></label>
        ${
          this.palettes.length
            ? html`<label>${t('generate.chars.paletteChoose')} <select name="palette"><option value="">—</option>
              ${this.palettes.map((p) => html`<option value=${p.id}>${p.name}</option>`)}</select></label>`
            : nothing
        }
        <button type="submit" data-testid="char-add">${t('generate.chars.add')}</button>
      </form>
      ${
        this.sources.length
          ? html`<div class="row"><label>${t('generate.chars.copyFrom')} <select data-testid="char-copy-from">
              ${this.sources.map((s) => html`<option value=${s.projectId}>${s.name} (${s.names.join(', ')})</option>`)}</select></label>
              <button data-testid="char-copy" @click=${() => void this.copyFrom()}>${t('generate.chars.copy')}</button></div>`
          : nothing
      }
    </fieldset>`;
  }
}
customElements.define('toon-character-sheet', ToonCharacterSheet);

declare global {
  interface HTMLElementTagNameMap {
    'toon-character-sheet': ToonCharacterSheet;
  }
}
