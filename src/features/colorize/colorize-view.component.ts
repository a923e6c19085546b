/**
 * <toon-colorize-view>: colors the current project's panels like a flatter. Dropped panels are
 * imported and get their region model at once (the colorize worker builds and caches it);
 * selecting a panel without a result does the same. Hints (bucket fill, points, strokes; eraser)
 * each fill their whole region (latest hint wins), are edited with undo/redo — history saved
 * with the hints (src/store/hints.ts) — and trigger a quick re-apply (flat fill + composite, no
 * network); the result is stored as the panel's result blob. Gap size, gray/line-art kind,
 * automatic colours, zoom/pan, before/after, PNG and layered PSD export, character palettes.
 * Cancel means cancel: a cancelled panel stores nothing and is not started again until the user
 * asks (a hint, a setting, Recolor).
 */
import { LitElement, html, nothing } from 'lit';
import { hasMessage, t } from '../../app/i18n';
import { LocaleController } from '../../app/locale-controller';
import { notify } from '../../app/notifier';
import { isAbortError, runTask } from '../../app/progress';
import { flatsPanel, flatsPsd, type FlatsRequest } from '../../bridge/colorize';
import type { Hint } from '../../core/color/hints';
import type { Rgb } from '../../core/color/lab';
import { getBlob, toBlob } from '../../store/blobs';
import { getHintState, saveHintState } from '../../store/hints';
import { getPanel, listPanels, setPanelResult } from '../../store/panels';
import { ensureCurrentProject } from '../../store/projects';
import { onStoreChange, touches, type StoreChange } from '../../store/changes';
import { isMissingRecord } from '../../app/store-errors';
import type { Panel, Project } from '../../store/schema';
import { download, safeName } from '../../app/download';
import { ObjectUrls } from '../../app/object-urls';
import { colorizeViewStyles } from './colorize-view.styles';
import { colorizeErrorMessage } from './errors';
import { importForColoring } from './import';
import { HintHistory } from './history';
import type { HintTool } from './hint-canvas.component';
import type { PanelKind } from '../../core/regions';
import './messages';
import './hint-canvas.component';
import './palettes.component';
import type { PaletteApplyDetail } from './palettes.component';

/** Debounce of a hint change before the re-apply (coalesces quick edits; the re-apply is fast). */
const RECOLOR_MS = 80;
const GAP_DEFAULT = 3;
const ZOOMS = [0, 0.5, 1, 2, 4] as const;
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
    hints: { state: true },
    showBefore: { state: true },
    tool: { state: true },
    color: { state: true },
    colorRef: { state: true },
    size: { state: true },
    backend: { state: true },
    over: { state: true },
    gap: { state: true },
    kindOverride: { state: true },
    detectedKind: { state: true },
    auto: { state: true },
    zoom: { state: true },
    info: { state: true },
  };
  static override styles = colorizeViewStyles;

  project: Project | undefined = undefined;
  panels: Panel[] = [];
  selectedId = '';
  /** blob id → object URL, one owner (src/app/object-urls.ts): only the shown panels' URLs stay live. */
  private readonly urls = new ObjectUrls(this);
  hints: Hint[] = [];
  showBefore = false;
  tool: HintTool = 'fill';
  color: Rgb = [220, 30, 30];
  colorRef: string | undefined = undefined;
  size = 4;
  backend = '';
  over = false;
  gap = GAP_DEFAULT;
  kindOverride: PanelKind | '' = '';
  detectedKind: PanelKind | '' = '';
  /** Automatic colours for regions without hints (off: "leave uncoloured"). */
  auto = false;
  zoom = 0;
  /** Facts of the newest result of the selected panel (regions, warnings). */
  info: { regions: number; hinted: number; capped: boolean; kind: PanelKind } | undefined = undefined;
  private history = new HintHistory();
  /** Panels whose run the user cancelled: not started again by selection or a drop. */
  private cancelled = new Set<string>();
  /** Warnings already shown (panel|gap|what), so a re-apply does not repeat them. */
  private warned = new Set<string>();
  private recolorTimer: ReturnType<typeof setTimeout> | undefined;
  private running = new Map<string, Promise<void>>();
  private dirty = new Set<string>();
  private readonly locale = new LocaleController(this);
  private readonly onHash = () => {
    if (location.hash.startsWith('#/colorize')) void this.refresh();
  };
  private stopChanges?: () => void;
  /** Another tab changed this project's panels: reload the list (the selection stays if it still exists). */
  private readonly onChanges = (changes: StoreChange[]) => {
    if (touches(changes, ['projects', 'panels'], this.project?.id)) void this.guard(() => this.refresh());
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
    this.stopChanges ??= onStoreChange(this.onChanges);
    void this.guard(async () => {
      this.project = await ensureCurrentProject(defaultProject());
      await this.refresh();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHash);
    window.removeEventListener('keydown', this.onKey);
    this.stopChanges?.();
    this.stopChanges = undefined;
  }

  private async guard(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      if (!isAbortError(e)) notify({ kind: 'error', message: colorizeErrorMessage(e) });
      // The panel was deleted in another tab: show the project as it is now.
      if (isMissingRecord(e)) await this.refresh().catch(() => undefined);
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
    if (rec) this.urls.set(blobId, toBlob(rec));
    this.releaseUrls();
    this.requestUpdate();
  }

  /** Revokes the URLs of pictures no panel shows any more (a replaced result, a deleted panel). */
  private releaseUrls(): void {
    this.urls.keep(
      this.panels.flatMap((p) => (p.resultBlobId ? [p.originalBlobId, p.resultBlobId] : [p.originalBlobId])),
    );
    this.dataset.objectUrls = String(this.urls.size);
  }

  async refresh(): Promise<void> {
    this.project = await ensureCurrentProject(defaultProject());
    this.panels = await listPanels(this.project.id);
    await Promise.all(this.panels.flatMap((p) => [this.url(p.originalBlobId), this.url(p.resultBlobId)]));
    this.releaseUrls();
    if (!this.selected && this.panels.length) await this.select(this.panels[0].id);
  }

  private async select(id: string): Promise<void> {
    if (this.selectedId === id && this.loadedFor === id) {
      const p = this.selected;
      if (p && !p.resultBlobId && !this.cancelled.has(id) && !this.running.has(id)) void this.colorize(p.id);
      return;
    }
    this.selectedId = id;
    const st = await getHintState(id);
    this.history = new HintHistory(st.hints, 100, st);
    this.hints = st.hints;
    this.gap = st.gap ?? GAP_DEFAULT;
    this.kindOverride = st.kind ?? '';
    const known = this.facts.get(id);
    this.detectedKind = known?.detected ?? '';
    this.info = known?.info;
    this.loadedFor = id;
    const p = this.selected;
    if (p && !p.resultBlobId && !this.cancelled.has(id)) void this.colorize(p.id);
  }
  private loadedFor = '';
  /** Facts of each panel's newest result in this session (shown again when it is re-selected). */
  private facts = new Map<string, { detected: PanelKind; info: NonNullable<ToonColorizeView['info']> }>();

  // --- import and coloring ----------------------------------------------------------------

  private async importChosen(files: File[]): Promise<void> {
    if (!files.length) return;
    await this.guard(async () => {
      // A drop can arrive before connectedCallback's project load has finished: wait for it
      // rather than losing the files.
      const project = this.project ?? (this.project = await ensureCurrentProject(defaultProject()));
      const out = await runTask(
        t('colorize.importing'),
        (signal, report) => importForColoring(project.id, files, signal, report),
        { notifyErrors: false },
      );
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

  /** The flats request of a panel with its saved (or, when selected, current) hints and settings. */
  private async requestFor(panel: Panel, image: Blob): Promise<FlatsRequest> {
    const sel = panel.id === this.selectedId && this.loadedFor === panel.id;
    const st = sel
      ? { hints: this.hints, gap: this.gap, kind: this.kindOverride || undefined }
      : await getHintState(panel.id);
    return {
      key: panel.originalBlobId,
      image,
      hints: st.hints,
      gap: st.gap ?? GAP_DEFAULT,
      ...(st.kind ? { kind: st.kind } : {}),
      auto: this.auto,
      ...backendPreference(),
    };
  }

  private async colorizeOnce(panelId: string): Promise<void> {
    await this.guard(async () => {
      const panel = await getPanel(panelId);
      const orig = panel && (await getBlob(panel.originalBlobId));
      if (!panel || !orig) return;
      const req = await this.requestFor(panel, toBlob(orig));
      const hints = req.hints;
      let res;
      try {
        res = await runTask(
          t('colorize.running', { name: panel.sourceName }),
          (signal, report) =>
            flatsPanel(signal, req, (p) => {
              if (p.stage === 'run') report(p.fraction);
              else report(undefined, t('colorize.loading'));
            }),
          { notifyErrors: false },
        );
      } catch (e) {
        if (isAbortError(e)) {
          // cancel means cancel: nothing stored, no queued re-run, no restart on selection
          this.cancelled.add(panelId);
          this.dirty.delete(panelId);
          this.dataset.cancelled = `${panelId}:${Date.now()}`;
        }
        throw e;
      }
      const next = await setPanelResult(panelId, res.png, 'image/png');
      this.backend = res.backend ?? '';
      this.panels = this.panels.map((p) => (p.id === panelId ? next : p));
      await this.url(next.resultBlobId);
      const once = (what: string, message: string, kind: 'info' | 'error' = 'info') => {
        const key = `${panelId}|${res.regions}|${what}`;
        if (this.warned.has(key)) return;
        this.warned.add(key);
        notify({ kind, message });
      };
      if (res.wasColor) once('color', t('colorize.wasColor', { name: panel.sourceName }));
      if (res.outsideHints.length)
        notify({ kind: 'info', message: t('colorize.outside', { n: res.outsideHints.length }) });
      if (res.capped)
        once(`cap${req.gap}`, t('colorize.capped', { name: panel.sourceName, gap: req.gap ?? GAP_DEFAULT }));
      if (res.regions <= 1) once(`none${req.gap}`, t('colorize.noRegions', { name: panel.sourceName }));
      const info = { regions: res.regions, hinted: res.hintedRegions, capped: res.capped, kind: res.kind };
      this.facts.set(panelId, { detected: res.detectedKind, info });
      if (panelId === this.selectedId) {
        this.detectedKind = res.detectedKind;
        this.info = info;
      }
      // for tests and the benchmark: what the last run took (worker's own timing)
      this.dataset.backend = res.backend ?? 'none';
      this.dataset.regionsMs = res.ms.regions.toFixed(1);
      this.dataset.reapplyMs = (res.ms.fill + res.ms.composite).toFixed(1);
      this.dataset.modelMs = (res.ms.regions + res.ms.fill + res.ms.composite).toFixed(1);
      this.dataset.totalMs = res.ms.total.toFixed(1);
      this.dataset.regions = String(res.regions);
      this.dataset.kind = res.kind;
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
    this.saveAndRecolor();
  }

  /** Saves the selected panel's hint state (hints, history, settings), then re-applies. */
  private saveAndRecolor(): void {
    const id = this.selectedId;
    const st = {
      hints: this.hints,
      ...this.history.saved,
      gap: this.gap,
      ...(this.kindOverride ? { kind: this.kindOverride } : {}),
    };
    this.cancelled.delete(id);
    if (this.recolorTimer) clearTimeout(this.recolorTimer);
    this.recolorTimer = setTimeout(() => {
      void this.guard(async () => {
        await saveHintState(id, st);
        await this.colorize(id);
      });
    }, RECOLOR_MS);
  }

  private eraseHint(index: number): void {
    if (index < 0 || index >= this.hints.length) return;
    this.setHints(this.history.push(this.hints.filter((_, i) => i !== index)));
  }

  /** "Colour as <name>": the matched regions' hints land as ONE undoable change on the panel. */
  private applyPalette(d: PaletteApplyDetail): void {
    if (d.panelId !== this.selectedId || !d.hints.length) return;
    this.setHints(this.history.push([...this.hints, ...d.hints]));
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
      const orig = await getBlob(p.originalBlobId);
      if (!orig) return;
      const req = await this.requestFor(p, toBlob(orig));
      const bytes = await runTask(t('colorize.exportPsd'), (signal) => flatsPsd(signal, req), { notifyErrors: false });
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
        <select aria-label=${t('colorize.tool')} data-testid="colorize-tool" @change=${(e: Event) => (this.tool = (e.target as HTMLSelectElement).value as HintTool)}>
          ${(['fill', 'point', 'stroke', 'eraser', 'pan'] as const).map((k) => html`<option value=${k} ?selected=${this.tool === k}>${t(`colorize.tool.${k}`)}</option>`)}
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
        <button @click=${() => {
          this.cancelled.delete(p.id);
          void this.colorize(p.id);
        }}>${t('colorize.recolor')}</button>
        <button ?disabled=${!after} @click=${() => void this.exportPng()}>${t('colorize.exportPng')}</button>
        <button ?disabled=${!after} data-testid="colorize-psd" @click=${() => void this.exportPsd()}>${t('colorize.exportPsd')}</button>
      </div>
      <div class="toolbar" role="group" aria-label=${t('colorize.flats')}>
        <label>${t('colorize.gap')}<input type="range" min="0" max="8" step="1" data-testid="colorize-gap" .value=${String(this.gap)}
          @change=${(e: Event) => {
            this.gap = Number((e.target as HTMLInputElement).value);
            this.saveAndRecolor();
          }} /><output data-testid="colorize-gap-value">${t('colorize.gapPx', { n: this.gap })}</output></label>
        <label>${t('colorize.kind')}<select data-testid="colorize-kind"
          @change=${(e: Event) => {
            this.kindOverride = (e.target as HTMLSelectElement).value as PanelKind | '';
            this.saveAndRecolor();
          }}>
          <option value="" ?selected=${!this.kindOverride}>${t('colorize.kind.auto', { kind: this.detectedKind ? t(`colorize.kind.${this.detectedKind}`) : '…' })}</option>
          <option value="gray" ?selected=${this.kindOverride === 'gray'}>${t('colorize.kind.gray')}</option>
          <option value="lineart" ?selected=${this.kindOverride === 'lineart'}>${t('colorize.kind.lineart')}</option>
        </select></label>
        <label><input type="checkbox" data-testid="colorize-auto" .checked=${this.auto}
          @change=${(e: Event) => {
            this.auto = (e.target as HTMLInputElement).checked;
            this.saveAndRecolor();
          }} />${t('colorize.auto')}</label>
        <label>${t('colorize.zoom')}<select data-testid="colorize-zoom" @change=${(e: Event) => (this.zoom = Number((e.target as HTMLSelectElement).value))}>
          ${ZOOMS.map((z) => html`<option value=${String(z)} ?selected=${this.zoom === z}>${z === 0 ? t('colorize.zoomFit') : `${z * 100}%`}</option>`)}
        </select></label>
      </div>
      <toon-hint-canvas
        .zoom=${this.zoom}
        .src=${src}
        .panelWidth=${p.width}
        .panelHeight=${p.height}
        .hints=${this.hints}
        .color=${this.color}
        .tool=${this.tool}
        .size=${this.size}
        .label=${t('colorize.canvasLabel', { name: p.sourceName })}
        @hint-add=${(e: CustomEvent<Hint>) => this.addHint(e.detail)}
        @hint-erase=${(e: CustomEvent<number>) => this.eraseHint(e.detail)}
      ></toon-hint-canvas>
      <p class="status" aria-live="polite">
        <span data-testid="colorize-hint-count">${t('colorize.hints', { n: this.hints.length })}</span> ·
        ${after ? (this.showBefore ? t('colorize.before') : t('colorize.after')) : t('colorize.noResult')}
        ${this.info ? html` · <span data-testid="colorize-regions">${t('colorize.regionsInfo', { n: this.info.regions, hinted: this.info.hinted, kind: t(`colorize.kind.${this.info.kind}`) })}</span>` : nothing}
        ${this.backend ? html` · ${t('colorize.backend', { backend: this.backend })}` : nothing}
      </p>
      ${this.info?.capped ? html`<p class="warn" role="status" data-testid="colorize-capped">${t('colorize.capped', { name: p.sourceName, gap: this.gap })}</p>` : nothing}
      ${this.info && this.info.regions <= 1 ? html`<p class="warn" role="status">${t('colorize.noRegions', { name: p.sourceName })}</p>` : nothing}
    </div>`;
  }

  override render() {
    const p = this.selected;
    return html`<h2>${t('colorize.title')}</h2>
      ${this.renderZone()}
      ${
        this.panels.length === 0
          ? html`<p class="empty">${t('colorize.empty')}</p>`
          : html`<div class="layout">
            <nav aria-label=${t('colorize.panels')}>
              <ul class="thumbs">
                ${this.panels.map(
                  (q, i) => html`<li>
                  <button aria-current=${q.id === this.selectedId ? 'true' : 'false'} data-testid="colorize-panel"
                    aria-label=${t('colorize.panelLabel', { n: i + 1, name: q.sourceName })}
                    @click=${() => void this.guard(() => this.select(q.id))}>
                    <img alt="" src=${this.urls.get(q.resultBlobId ?? q.originalBlobId) ?? ''} />
                    ${q.resultBlobId ? html`<span class="tag">${t('colorize.colored')}</span>` : nothing}
                  </button>
                </li>`,
                )}
              </ul>
            </nav>
            ${p ? this.renderEditor(p) : html`<div></div>`}
            <toon-palettes
              .projectId=${this.project?.id ?? ''}
              .currentId=${this.selectedId ?? ''}
              @palette-apply=${(e: CustomEvent<PaletteApplyDetail>) => this.applyPalette(e.detail)}
              .panels=${this.panels}
              .color=${this.color}
              @palette-use=${(e: CustomEvent<{ rgb: Rgb; ref: string }>) => {
                this.color = e.detail.rgb;
                this.colorRef = e.detail.ref;
              }}
            ></toon-palettes>
          </div>`
      }`;
  }
}

customElements.define('toon-colorize-view', ToonColorizeView);
