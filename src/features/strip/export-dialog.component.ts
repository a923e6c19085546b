/**
 * <toon-export-dialog>: slice export of the strip as drawn (gutters included), in a modal dialog.
 * Properties: `panels` (strip order), `projectName`. Method: `show()`.
 *
 * The user picks a preset (WEBTOON Canvas 800 px, Naver 도전만화 690 px, or custom) or edits
 * width, slice height limit, format, JPEG quality and the per-file cap. Every change rebuilds the
 * export in the image worker (the previous build is aborted) and shows the stitched strip with
 * the slice boundaries, the slice list (sizes) and what was done to fit the cap. "Download"
 * saves the zip that was previewed — nothing is re-encoded after the user has looked at it.
 */
import { ObjectUrls } from '../../app/object-urls';
import { LitElement, html, nothing } from 'lit';
import { t } from '../../app/i18n';
import { LocaleController } from '../../app/locale-controller';
import { notify } from '../../app/notifier';
import { isAbortError } from '../../app/progress';
import { stripExport, type StripExport } from '../../bridge/image';
import {
  MB,
  matchPreset,
  normalizeOptions,
  presetById,
  presetOptions,
  type ExportOptions,
  type PresetId,
} from '../../core/strip/presets';
import { getBlobs, toBlob } from '../../store/blobs';
import { currentBlobId } from '../../store/panels';
import type { Panel } from '../../store/schema';
import { download, safeName } from '../../app/download';
import { imageErrorMessage } from '../../app/image-errors';
import { exportDialogStyles } from './export-dialog.styles';
import { controlFont } from '../../app/control-font.styles';

const mb = (bytes: number) => (bytes / MB).toFixed(2);

/** 1, 2, 3, 5 → "1–3, 5". */
function numberRanges(ns: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < ns.length; ) {
    let j = i;
    while (j + 1 < ns.length && ns[j + 1] === ns[j] + 1) j++;
    parts.push(j > i ? `${ns[i]}–${ns[j]}` : String(ns[i]));
    i = j + 1;
  }
  return parts.join(', ');
}

export class ToonExportDialog extends LitElement {
  static override properties = {
    panels: { attribute: false },
    projectName: {},
    options: { state: true },
    result: { state: true },
    busy: { state: true },
    progress: { state: true },
    failed: { state: true },
  };
  static override styles = [controlFont, exportDialogStyles];

  panels: Panel[] = [];
  projectName = '';
  options: ExportOptions = presetOptions('webtoon');
  result: StripExport | null = null;
  busy = false;
  progress = 0;
  failed = '';
  private previewUrl = '';
  /** The preview's object URL (src/app/object-urls.ts), released on replace and on close. */
  private readonly urls = new ObjectUrls(this);
  private controller: AbortController | undefined;
  private readonly locale = new LocaleController(this);

  private get dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  /** Opens the dialog and builds the export with the current options. */
  async show(): Promise<void> {
    await this.updateComplete;
    if (!this.dialog?.open) this.dialog?.showModal();
    await this.rebuild();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.controller?.abort();
    this.setPreview(null);
  }

  private setPreview(result: StripExport | null): void {
    if (result) this.previewUrl = this.urls.set('preview', new Blob([result.preview.bytes], { type: 'image/png' }));
    else {
      this.urls.clear();
      this.previewUrl = '';
    }
    this.result = result;
  }

  private async rebuild(): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.busy = true;
    this.dataset.state = 'busy';
    this.progress = 0;
    this.failed = '';
    this.setPreview(null);
    try {
      const recs = await getBlobs(this.panels.map(currentBlobId));
      const items = this.panels.map((p, i) => ({
        blob: toBlob(recs[i]),
        ...(p.gapBefore ? { gapBefore: p.gapBefore } : {}),
        ...(p.gapAfter ? { gapAfter: p.gapAfter } : {}),
      }));
      const result = await stripExport(controller.signal, items, this.options, (d, n) => {
        if (this.controller === controller) this.progress = d / n;
      });
      if (this.controller !== controller) return;
      this.setPreview(result);
    } catch (e) {
      if (this.controller !== controller || isAbortError(e)) return;
      this.failed = imageErrorMessage(e);
    } finally {
      if (this.controller === controller) {
        this.busy = false;
        this.dataset.state = this.result ? 'ready' : 'failed';
      }
    }
  }

  private choosePreset(e: Event): void {
    const id = (e.target as HTMLSelectElement).value as PresetId;
    this.options = id === 'custom' ? { ...this.options, preset: 'custom' } : presetOptions(id);
    void this.rebuild();
  }

  private setField<K extends 'width' | 'maxHeight' | 'quality' | 'maxFileMB' | 'format'>(
    key: K,
    value: ExportOptions[K],
  ): void {
    const next = normalizeOptions({ ...this.options, [key]: value });
    this.options = { ...next, preset: matchPreset(next) };
    void this.rebuild();
  }

  private num(key: 'width' | 'maxHeight' | 'quality' | 'maxFileMB') {
    return (e: Event) => this.setField(key, Number((e.target as HTMLInputElement).value));
  }

  private close(): void {
    this.controller?.abort();
    this.controller = undefined;
    this.busy = false;
    this.dialog?.close();
  }

  private save(): void {
    const r = this.result;
    if (!r) return;
    const name = `${safeName(this.projectName)}-${r.options.preset}-${r.width}px.zip`;
    download(r.zip, name, 'application/zip');
    notify({ kind: 'success', message: t('strip.exportedZip', { n: r.slices.length }) });
    this.close();
  }

  /** Positions the boundary lines through the CSSOM (the strict CSP forbids style attributes). */
  protected override updated(): void {
    for (const line of this.renderRoot.querySelectorAll<HTMLElement>('.boundary'))
      line.style.top = `${line.dataset.top}%`;
  }

  /** What was done to fit the cap (grouped by kind, slice numbers as ranges) and the total check. */
  private notes(r: StripExport): string[] {
    const cap = { mb: r.options.maxFileMB };
    const numbers = (pick: (s: StripExport['slices'][number]) => boolean | undefined) =>
      r.slices.flatMap((s, i) => (pick(s) ? [i + 1] : []));
    const out: string[] = [];
    const lowered = numbers((s) => s.lowered);
    if (lowered.length) {
      const q = Math.min(...r.slices.filter((s) => s.lowered).map((s) => s.quality ?? 1));
      out.push(t('strip.export.noteQuality', { list: numberRanges(lowered), q: q.toFixed(2), ...cap }));
    }
    const split = numbers((s) => s.split);
    if (split.length) out.push(t('strip.export.noteSplit', { list: numberRanges(split), ...cap }));
    const over = numbers((s) => s.overCap);
    if (over.length) out.push(t('strip.export.noteOverCap', { list: numberRanges(over), ...cap }));
    const total = r.slices.reduce((n, s) => n + s.size, 0);
    const preset = presetById(r.options.preset);
    if (preset && total > preset.maxTotalMB * MB)
      out.push(t('strip.export.noteTotal', { total: mb(total), max: preset.maxTotalMB }));
    return out;
  }

  private renderResult(r: StripExport) {
    const total = r.slices.reduce((n, s) => n + s.size, 0);
    const notes = this.notes(r);
    return html`<p data-testid="export-summary">
        ${t('strip.export.summary', { n: r.slices.length, w: r.width, h: r.total, total: mb(total) })}
        ${r.cutsInPanels ? t('strip.export.cutsInPanels', { n: r.cutsInPanels }) : t('strip.export.allInGutters')}
      </p>
      ${notes.length ? html`<ul class="notes" data-testid="export-notes">${notes.map((n) => html`<li>${n}</li>`)}</ul>` : nothing}
      <ol class="slices" data-testid="export-slices">
        ${r.slices.map(
          (s) =>
            html`<li data-testid="export-slice">${s.name} · ${s.height} px · ${(s.size / 1000).toFixed(0)} kB${
              s.quality !== undefined ? html` · q ${s.quality.toFixed(2)}` : nothing
            }</li>`,
        )}
      </ol>`;
  }

  override render() {
    void this.locale;
    const o = this.options;
    const r = this.result;
    const preset = presetById(o.preset);
    return html`<dialog data-testid="export-dialog" aria-labelledby="export-title" @cancel=${() => this.close()}>
      <div class="head">
        <h2 id="export-title">${t('strip.export.title')}</h2>
        <button class="x" data-testid="export-close" aria-label=${t('strip.export.close')} @click=${this.close}>✕</button>
      </div>
      <div class="body">
        <div class="options">
          <label>${t('strip.export.preset')}
            <select data-testid="export-preset" @change=${this.choosePreset}>
              ${(['webtoon', 'naver', 'custom'] as const).map(
                (id) =>
                  html`<option value=${id} ?selected=${o.preset === id}>${t(`strip.export.preset.${id}`)}</option>`,
              )}
            </select>
          </label>
          <p class="rule" data-testid="export-rule">${preset ? t(`strip.export.rule.${preset.id}`) : t('strip.export.rule.custom')}</p>
          <div class="fields">
            <label>${t('strip.export.width')}
              <input type="number" min="100" max="4000" step="1" .value=${String(o.width)} data-testid="export-width" @change=${this.num('width')} /></label>
            <label>${t('strip.export.height')}
              <input type="number" min="100" max="32000" step="1" .value=${String(o.maxHeight)} data-testid="export-height" @change=${this.num('maxHeight')} /></label>
            <label>${t('strip.export.format')}
              <select data-testid="export-format" @change=${(e: Event) => this.setField('format', (e.target as HTMLSelectElement).value === 'png' ? 'png' : 'jpeg')}>
                <option value="jpeg" ?selected=${o.format === 'jpeg'}>JPEG</option>
                <option value="png" ?selected=${o.format === 'png'}>PNG</option>
              </select></label>
            <label>${t('strip.export.quality')}
              <input type="number" min="0.5" max="1" step="0.05" .value=${o.quality.toFixed(2)} ?disabled=${o.format === 'png'}
                data-testid="export-quality" @change=${this.num('quality')} /></label>
            <label>${t('strip.export.cap')}
              <input type="number" min="0.05" max="100" step="0.1" .value=${String(o.maxFileMB)} data-testid="export-cap" @change=${this.num('maxFileMB')} /></label>
          </div>
          <div class="status" aria-live="polite">
            ${
              this.busy
                ? html`<p data-testid="export-busy">${t('strip.export.building')} <progress max="1" .value=${this.progress}></progress></p>`
                : nothing
            }
            ${this.failed ? html`<p class="error" role="alert">${this.failed}</p>` : nothing}
            ${r && !this.busy ? this.renderResult(r) : nothing}
          </div>
        </div>
        <div class="preview" tabindex="0" role="region" aria-label=${t('strip.export.preview')} data-testid="export-preview-box">
          ${
            r
              ? html`<div class="frame">
                <img data-testid="export-preview" src=${this.previewUrl} alt=${t('strip.export.previewAlt', { w: r.width, h: r.total })} />
                ${r.slices.slice(1).map(
                  (s, i) => html`<div class="boundary" data-testid="export-boundary" data-top=${(s.y / r.total) * 100}>
                    <span>${i + 2}</span></div>`,
                )}
              </div>`
              : html`<p class="placeholder">${t('strip.export.previewPending')}</p>`
          }
        </div>
      </div>
      <div class="actions">
        <button class="primary" data-testid="export-confirm" ?disabled=${!r || this.busy} @click=${this.save}>
          ${t('strip.export.download', { n: r?.slices.length ?? 0 })}</button>
        <button data-testid="export-cancel" @click=${this.close}>${t('strip.export.cancel')}</button>
      </div>
    </dialog>`;
  }
}
customElements.define('toon-export-dialog', ToonExportDialog);

declare global {
  interface HTMLElementTagNameMap {
    'toon-export-dialog': ToonExportDialog;
  }
}
