/**
 * <toon-colorize-view>: colors the current project's panels. Dropped panels are imported and
 * colored automatically; selecting an uncolored panel colors it. Hints (points, strokes) are
 * edited on the panel with undo/redo, saved with the panel (src/store/hints.ts) and trigger a
 * debounced recolor; the result is stored as the panel's result blob. Before/after toggle,
 * PNG and layered PSD export, character palettes (<toon-palettes>).
 */
import { LitElement, html, nothing } from 'lit';
import { hasMessage, t } from '../../app/i18n';
import { LocaleController } from '../../app/locale-controller';
import { notify } from '../../app/notifier';
import { isAbortError, runTask } from '../../app/progress';
import { colorizePanel, panelPsd } from '../../bridge/colorize';
import type { Hint } from '../../core/color/hints';
import type { Rgb } from '../../core/color/lab';
import { getBlob, toBlob } from '../../store/blobs';
import { getHints, saveHints } from '../../store/hints';
import { getPanel, listPanels, setPanelResult } from '../../store/panels';
import { ensureCurrentProject } from '../../store/projects';
import type { Panel, Project } from '../../store/schema';
import { download, safeName } from '../strip/download';
import { colorizeViewStyles } from './colorize-view.styles';
import { colorizeErrorMessage } from './errors';
import { importForColoring } from './import';
import { HintHistory } from './history';
import type { HintTool } from './hint-canvas.component';
import './messages';
import './hint-canvas.component';
import './palettes.component';

const RECOLOR_MS = 350;
/** The same default project name as the strip view (first run may open either view). */
const defaultProject = () => (hasMessage('strip.defaultProject') ? t('strip.defaultProject') : 'Toonsmith');
/** Optional backend override (localStorage `toonsmith.colorize.backend` = 'wasm' | 'webgpu'), used by the benchmark. */
function backendPreference(): { backend?: 'wasm' | 'webgpu' } {
  const v = globalThis.localStorage?.getItem('toonsmith.colorize.backend');
  return v === 'wasm' || v === 'webgpu' ? { backend: v } : {};
}
const toHex = (rgb: Rgb) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
const fromHex = (h: string): Rgb => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)) as Rgb;

export class ToonColorizeView extends LitElement {
  static override properties = {
    project: { state: true },
    panels: { state: true },
    selectedId: { state: true },
    urls: { state: true },
    hints: { state: true },
    showBefore: { state: true },
    tool: { state: true },
    color: { state: true },
    colorRef: { state: true },
    size: { state: true },
    backend: { state: true },
    over: { state: true },
  };
  static override styles = colorizeViewStyles;

  project: Project | undefined = undefined;
  panels: Panel[] = [];
  selectedId = '';
  /** blob id → object URL */
  urls = new Map<string, string>();
  hints: Hint[] = [];
  showBefore = false;
  tool: HintTool = 'point';
  color: Rgb = [220, 30, 30];
  colorRef: string | undefined = undefined;
  size = 4;
  backend = '';
  over = false;
  private history = new HintHistory();
  private recolorTimer: ReturnType<typeof setTimeout> | undefined;
  private running = new Map<string, Promise<void>>();
  private dirty = new Set<string>();
  private readonly locale = new LocaleController(this);
  private readonly onHash = () => {
    if (location.hash.startsWith('#/colorize')) void this.refresh();
  };
  private readonly onKey = (e: KeyboardEvent) => {
    if (this.hidden || !(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 'z') return;
    const tag = (e.composedPath()[0] as HTMLElement | undefined)?.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA') return;
    e.preventDefault();
    if (e.shiftKey) this.redo();
    else this.undo();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
    window.addEventListener('keydown', this.onKey);
    void this.guard(async () => {
      this.project = await ensureCurrentProject(defaultProject());
      await this.refresh();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHash);
    window.removeEventListener('keydown', this.onKey);
  }

  private async guard(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      if (!isAbortError(e)) notify({ kind: 'error', message: colorizeErrorMessage(e) });
    } finally {
      this.dataset.idle = String(Date.now());
    }
  }

  get selected(): Panel | undefined {
    return this.panels.find((p) => p.id === this.selectedId);
  }

  private async url(blobId: string | undefined): Promise<void> {
    if (!blobId || this.urls.has(blobId)) return;
    const rec = await getBlob(blobId);
    if (rec) this.urls = new Map(this.urls).set(blobId, URL.createObjectURL(toBlob(rec)));
  }

  async refresh(): Promise<void> {
    this.project = await ensureCurrentProject(defaultProject());
    this.panels = await listPanels(this.project.id);
    await Promise.all(this.panels.flatMap((p) => [this.url(p.originalBlobId), this.url(p.resultBlobId)]));
    if (!this.selected && this.panels.length) await this.select(this.panels[0].id);
  }

  private async select(id: string): Promise<void> {
    this.selectedId = id;
    const hints = await getHints(id);
    this.history = new HintHistory(hints);
    this.hints = hints;
    const p = this.selected;
    if (p && !p.resultBlobId) void this.colorize(p.id);
  }

  // --- import and coloring ----------------------------------------------------------------

  private async importChosen(files: File[]): Promise<void> {
    if (!files.length) return;
    await this.guard(async () => {
      // A drop can arrive before connectedCallback's project load has finished: wait for it
      // rather than losing the files.
      const project = this.project ?? (this.project = await ensureCurrentProject(defaultProject()));
      const out = await runTask(t('colorize.importing'), (signal, report) => importForColoring(project.id, files, signal, report), { notifyErrors: false });
      for (const n of out.notices) notify(n);
      await this.refresh();
      if (out.added.length) await this.select(out.added[0].id);
      for (const p of out.added.slice(1)) await this.colorize(p.id);
    });
  }

  /** Colors one panel with its saved hints; coalesces requests that arrive while it runs. */
  async colorize(panelId: string): Promise<void> {
    const busy = this.running.get(panelId);
    if (busy) {
      this.dirty.add(panelId);
      return busy;
    }
    const job = this.colorizeOnce(panelId).finally(() => {
      this.running.delete(panelId);
      if (this.dirty.delete(panelId)) void this.colorize(panelId);
    });
    this.running.set(panelId, job);
    return job;
  }

  private async colorizeOnce(panelId: string): Promise<void> {
    await this.guard(async () => {
      const panel = await getPanel(panelId);
      const orig = panel && (await getBlob(panel.originalBlobId));
      if (!panel || !orig) return;
      const hints = panelId === this.selectedId ? this.hints : await getHints(panelId);
      const res = await runTask(
        t('colorize.running', { name: panel.sourceName }),
        (signal, report) =>
          colorizePanel(signal, { image: toBlob(orig), hints, ...backendPreference() }, (p) => {
            if (p.stage === 'run') report(p.fraction);
            else report(undefined, t('colorize.loading'));
          }),
        { notifyErrors: false },
      );
      const next = await setPanelResult(panelId, res.png, 'image/png');
      this.backend = res.model.backend;
      this.panels = this.panels.map((p) => (p.id === panelId ? next : p));
      await this.url(next.resultBlobId);
      if (res.wasColor) notify({ kind: 'info', message: t('colorize.wasColor', { name: panel.sourceName }) });
      if (res.outsideHints.length) notify({ kind: 'info', message: t('colorize.outside', { n: res.outsideHints.length }) });
      // for tests and the benchmark: what the last run took, on which backend
      this.dataset.backend = res.model.backend;
      this.dataset.modelMs = res.ms.model.toFixed(1);
      this.dataset.totalMs = res.ms.total.toFixed(1);
      this.dataset.tiles = String(res.tiles);
      // how many hints the newest stored result was made with (a run that started before a hint
      // was added stores a result without it; the dirty re-run then follows)
      this.dataset.resultHints = `${panelId}:${hints.length}`;
      this.dataset.colored = String(Date.now());
    });
  }

  // --- hints ------------------------------------------------------------------------------

  private setHints(next: Hint[]): void {
    this.hints = next;
    const id = this.selectedId;
    if (this.recolorTimer) clearTimeout(this.recolorTimer);
    this.recolorTimer = setTimeout(() => {
      void this.guard(async () => {
        await saveHints(id, next);
        await this.colorize(id);
      });
    }, RECOLOR_MS);
  }

  private addHint(h: Hint): void {
    const p = this.selected;
    if (!p) return;
    const hint: Hint = this.colorRef ? { ...h, ref: this.colorRef } : h;
    this.setHints(this.history.push([...this.hints, hint]));
  }

  undo(): void {
    if (this.history.canUndo) this.setHints(this.history.undo());
  }
  redo(): void {
    if (this.history.canRedo) this.setHints(this.history.redo());
  }

  // --- export ----------------------------------------------------------------------------

  private async exportPng(): Promise<void> {
    const p = this.selected;
    const rec = p?.resultBlobId && (await getBlob(p.resultBlobId));
    if (p && rec) download(toBlob(rec), `${safeName(p.sourceName.replace(/\.\w+$/, ''))}-color.png`, 'image/png');
  }

  private async exportPsd(): Promise<void> {
    const p = this.selected;
    if (!p?.resultBlobId) return;
    await this.guard(async () => {
      const [orig, res] = await Promise.all([getBlob(p.originalBlobId), getBlob(p.resultBlobId as string)]);
      if (!orig || !res) return;
      const bytes = await runTask(t('colorize.exportPsd'), (signal) => panelPsd(signal, toBlob(orig), toBlob(res)), { notifyErrors: false });
      download(bytes, `${safeName(p.sourceName.replace(/\.\w+$/, ''))}-layers.psd`, 'image/vnd.adobe.photoshop');
    });
  }

  // --- render ----------------------------------------------------------------------------

  private renderZone() {
    return html`<div
      class="zone ${this.over ? 'over' : ''}"
      data-testid="colorize-drop"
      @dragover=${(e: DragEvent) => {
        e.preventDefault();
        this.over = true;
      }}
      @dragleave=${() => (this.over = false)}
      @drop=${(e: DragEvent) => {
        e.preventDefault();
        this.over = false;
        void this.importChosen([...(e.dataTransfer?.files ?? [])]);
      }}
    >
      ${t('colorize.drop')}
      <label class="file-button"
        ><input type="file" accept="image/png,image/jpeg,image/webp" multiple data-testid="colorize-file"
          @change=${(e: Event) => {
            const input = e.target as HTMLInputElement;
            void this.importChosen([...(input.files ?? [])]);
            input.value = '';
          }} /><span>${t('colorize.pick')}</span></label
      >
      <small>${t('colorize.limits')}</small>
    </div>`;
  }

  private renderEditor(p: Panel) {
    const before = this.urls.get(p.originalBlobId) ?? '';
    const after = p.resultBlobId ? this.urls.get(p.resultBlobId) : undefined;
    const src = this.showBefore || !after ? before : after;
    return html`<div>
      <div class="toolbar" role="toolbar" aria-label=${t('colorize.tool')}>
        <label><input type="checkbox" data-testid="colorize-before" .checked=${this.showBefore}
          @change=${(e: Event) => (this.showBefore = (e.target as HTMLInputElement).checked)} />${t('colorize.showBefore')}</label>
        <select aria-label=${t('colorize.tool')} @change=${(e: Event) => (this.tool = (e.target as HTMLSelectElement).value as HintTool)}>
          <option value="point" ?selected=${this.tool === 'point'}>${t('colorize.point')}</option>
          <option value="stroke" ?selected=${this.tool === 'stroke'}>${t('colorize.stroke')}</option>
        </select>
        <label>${t('colorize.color')}<input type="color" data-testid="hint-color" .value=${toHex(this.color)}
          @input=${(e: Event) => {
            this.color = fromHex((e.target as HTMLInputElement).value);
            this.colorRef = undefined;
          }} /></label>
        <label>${t('colorize.size')}<input type="range" min="1" max="40" .value=${String(this.size)}
          @input=${(e: Event) => (this.size = Number((e.target as HTMLInputElement).value))} /></label>
        <button data-testid="colorize-undo" ?disabled=${!this.history.canUndo} @click=${() => this.undo()}>${t('colorize.undo')}</button>
        <button data-testid="colorize-redo" ?disabled=${!this.history.canRedo} @click=${() => this.redo()}>${t('colorize.redo')}</button>
        <button ?disabled=${!this.hints.length} @click=${() => this.setHints(this.history.push([]))}>${t('colorize.clear')}</button>
        <button @click=${() => void this.colorize(p.id)}>${t('colorize.recolor')}</button>
        <button ?disabled=${!after} @click=${() => void this.exportPng()}>${t('colorize.exportPng')}</button>
        <button ?disabled=${!after} data-testid="colorize-psd" @click=${() => void this.exportPsd()}>${t('colorize.exportPsd')}</button>
      </div>
      <toon-hint-canvas
        .src=${src}
        .panelWidth=${p.width}
        .panelHeight=${p.height}
        .hints=${this.hints}
        .color=${this.color}
        .tool=${this.tool}
        .size=${this.size}
        .label=${t('colorize.canvasLabel', { name: p.sourceName })}
        @hint-add=${(e: CustomEvent<Hint>) => this.addHint(e.detail)}
      ></toon-hint-canvas>
      <p class="status" aria-live="polite">
        <span data-testid="colorize-hint-count">${t('colorize.hints', { n: this.hints.length })}</span> ·
        ${after ? (this.showBefore ? t('colorize.before') : t('colorize.after')) : t('colorize.noResult')}
        ${this.backend ? html` · ${t('colorize.backend', { backend: this.backend })}` : nothing}
      </p>
    </div>`;
  }

  override render() {
    const p = this.selected;
    return html`<h2>${t('colorize.title')}</h2>
      ${this.renderZone()}
      ${this.panels.length === 0
        ? html`<p class="empty">${t('colorize.empty')}</p>`
        : html`<div class="layout">
            <nav aria-label=${t('colorize.panels')}>
              <ul class="thumbs">
                ${this.panels.map((q, i) => html`<li>
                  <button aria-current=${q.id === this.selectedId ? 'true' : 'false'} data-testid="colorize-panel"
                    aria-label=${t('colorize.panelLabel', { n: i + 1, name: q.sourceName })}
                    @click=${() => void this.guard(() => this.select(q.id))}>
                    <img alt="" src=${this.urls.get(q.resultBlobId ?? q.originalBlobId) ?? ''} />
                    ${q.resultBlobId ? html`<span class="tag">${t('colorize.colored')}</span>` : nothing}
                  </button>
                </li>`)}
              </ul>
            </nav>
            ${p ? this.renderEditor(p) : html`<div></div>`}
            <toon-palettes
              .projectId=${this.project?.id ?? ''}
              .panels=${this.panels}
              .color=${this.color}
              @palette-use=${(e: CustomEvent<{ rgb: Rgb; ref: string }>) => {
                this.color = e.detail.rgb;
                this.colorRef = e.detail.ref;
              }}
            ></toon-palettes>
          </div>`}`;
  }
}

customElements.define('toon-colorize-view', ToonColorizeView);
