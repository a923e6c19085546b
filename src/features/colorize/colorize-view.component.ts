/**
 * <toon-colorize-view>: colours the current project's panels like a flatter. Opening or selecting
 * a panel without a result only PREVIEWS it (region model, kind, warnings; nothing stored); the
 * first user act (a hint, a setting, a palette, Recolor) stores a result. Hints (bucket, points,
 * strokes; eraser) fill their whole region (or divide it: src/core/regions/split.ts), with undo/redo, gap, kind and automatic
 * colours saved per panel (src/store/hints.ts); re-applies need no network. Zoom/pan,
 * before/after, PNG and layered PSD export, character palettes; the selected panel is remembered
 * per project (selection.ts). Cancel means cancel: nothing stored, no restart until the user asks.
 *
 * This file keeps the state and the store calls. Runs: run-queue.ts, run-flats.ts,
 * flats-request.ts, run-report.ts; hint editing: hint-session.ts; templates: colorize-editor.template.ts.
 */
import { LitElement, html } from 'lit';
import { t } from '../../app/i18n';
import { LocaleController } from '../../app/locale-controller';
import { PanelThumbs } from '../../app/panel-thumbs';
import { isAbortError } from '../../app/progress';
import type { FlatsRequest } from '../../bridge/colorize';
import type { Hint } from '../../core/color/hints';
import type { Rgb } from '../../core/color/lab';
import { getHintState, journalHintState, saveHintState, type HintState } from '../../store/hints';
import { currentBlobId, listPanels, setPanelResult } from '../../store/panels';
import { openCurrentProject } from '../../app/current-project';
import { onStoreChange, touches, type StoreChange } from '../../store/changes';
import type { Panel, Project } from '../../store/schema';
import { downloadLayersPsd, downloadResultPng } from './export';
import { undoKeys } from '../../app/undo-keys';
import { PanelPictures } from './panel-pictures';
import { ColorMemory } from './color-memory';
import { colorizeViewStyles } from './colorize-view.styles';
import { importTask } from './import';
import { HintSession } from './hint-session';
import type { HintTool } from './hint-canvas.component';
import type { PanelKind } from '../../core/regions';
import { RunQueue } from './run-queue';
import { runFlats } from './run-flats';
import { editorSettings, flatsRequest, GAP_DEFAULT } from './flats-request';
import { announceRun, runDataset, runFacts, runNotices, type RunFacts } from './run-report';
import { panelToOpenIn, rememberPanel, resultIsStale } from './selection';
import { guarded } from './guard';
import {
  renderDropZone,
  renderEditor,
  renderPalettes,
  renderPanelList,
  type EditorHost,
  type SettingsPatch,
} from './colorize-editor.template';
import './messages';
import type { PaletteApplyDetail } from './palettes.component';

export class ToonColorizeView extends LitElement implements EditorHost {
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
    smoothTones: { state: true },
    zoom: { state: true },
    info: { state: true },
    listThumbs: { state: true },
  };
  static override styles = colorizeViewStyles;

  project: Project | undefined = undefined;
  panels: Panel[] = [];
  selectedId = '';
  /** blob id → object URL (one owner, src/app/object-urls.ts): the selected panel's pictures only. */
  private readonly pictures = new PanelPictures(this);
  /** The list's thumbnails (src/app/panel-thumbs.ts): stored small pictures, never full panels. */
  private readonly thumbUrls = new PanelThumbs(this);
  listThumbs = new Map<string, string>();
  hints: Hint[] = [];
  showBefore = false;
  tool: HintTool = 'fill';
  color: Rgb = [220, 30, 30];
  colorRef: string | undefined = undefined;
  /** The colour across reloads and the recent colours (color-memory.ts). */
  private readonly colors = new ColorMemory(this);
  size = 4;
  backend = '';
  over = false;
  gap = GAP_DEFAULT;
  kindOverride: PanelKind | '' = '';
  detectedKind: PanelKind | '' = '';
  /** Saved per panel: automatic colours for regions without hints; gray panels' screentone smoothed under colours. */
  auto = false;
  smoothTones = false;
  zoom = 0;
  /** Facts of the newest result of the selected panel (regions, warnings). */
  info: RunFacts | undefined = undefined;
  /** The selected panel's undo history, read state and debounced save (hint-session.ts). */
  private readonly edits = new HintSession();
  /** One run at a time per panel, coalesced; cancelled panels wait for the user. */
  private readonly runs = new RunQueue((id, store) => this.colorizeOnce(id, store));
  /** Warnings already shown (panel|gap|what), so a re-apply does not repeat them. */
  private warned = new Set<string>();
  /** Facts of each panel's newest result in this session (shown again when it is re-selected). */
  private facts = new Map<string, { detected: PanelKind; info: RunFacts }>();
  private readonly locale = new LocaleController(this);
  private readonly onHash = () => {
    if (location.hash.startsWith('#/colorize')) void this.refresh();
  };
  private stopChanges?: () => void;
  /** Another tab changed this project's panels: reload the list (the selection stays if it still exists). */
  private readonly onChanges = (changes: StoreChange[]) => {
    if (touches(changes, ['projects', 'panels'], this.project?.id)) void this.guard(() => this.refresh());
  };
  private readonly onKey = undoKeys(this);

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
    window.addEventListener('keydown', this.onKey);
    this.stopChanges ??= onStoreChange(this.onChanges);
    void this.guard(async () => {
      this.project = await openCurrentProject();
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

  /** Runs `fn`: errors as messages, a panel deleted meanwhile refreshes the list (guard.ts). */
  private guard(fn: () => Promise<void>): Promise<void> {
    return guarded(this, fn, () => this.refresh());
  }

  get selected(): Panel | undefined {
    return this.panels.find((p) => p.id === this.selectedId);
  }

  /** Loads a picture of the selected panel (the editor's before / after). */
  private url(blobId: string | undefined): Promise<void> {
    return this.pictures.load(blobId, () => this.shownPanels());
  }

  private shownPanels = (): Panel[] => (this.selected ? [this.selected] : []);

  /** The list's thumbnails (PanelThumbs.show); a thumbnail that cannot be made stays blank. */
  private showThumbs(): void {
    const shown = async (thumbs: Map<string, string>) => {
      this.listThumbs = thumbs;
      await this.updateComplete;
    };
    void this.thumbUrls.show(() => this.panels.map(currentBlobId), shown).catch(() => undefined);
  }

  async refresh(): Promise<void> {
    this.project = await openCurrentProject();
    const project = this.project;
    this.panels = await listPanels(project.id);
    const open = this.selected ? undefined : await panelToOpenIn(project.id, this.panels);
    if (open) await this.select(open);
    const p = this.selected;
    this.showThumbs();
    await Promise.all([this.url(p?.originalBlobId), this.url(p?.resultBlobId)]);
    this.pictures.release(this.shownPanels());
  }

  /** Previews (stores nothing) a panel without a result or whose facts (regions, kind, line breaks) this
   * session has not seen — after a reload they came back only on a recolour — unless cancelled or running. */
  private previewIfNew(p: Panel | undefined): void {
    const unknown = p && (!p.resultBlobId || !this.facts.has(p.id));
    if (p && unknown && !this.runs.isCancelled(p.id) && !this.runs.isRunning(p.id)) void this.colorize(p.id);
  }

  private async select(id: string): Promise<void> {
    if (this.selectedId === id && this.edits.canEdit(id)) return this.previewIfNew(this.selected);
    this.selectedId = id;
    if (this.project) void rememberPanel(this.project.id, id);
    // Until its stored hints are read the panel shows none and takes no edit (HintSession).
    this.hints = [];
    this.edits.reset();
    const st = await getHintState(id);
    if (this.selectedId !== id) return; // another panel was selected meanwhile
    this.hints = st.hints;
    Object.assign(this, editorSettings(st));
    const known = this.facts.get(id);
    this.detectedKind = known?.detected ?? '';
    this.info = known?.info;
    this.edits.loaded(id, st);
    const p = this.selected;
    await Promise.all([this.url(p?.originalBlobId), this.url(p?.resultBlobId)]);
    if (p && resultIsStale(p, st) && !this.runs.isRunning(p.id)) void this.colorize(p.id, true);
    else this.previewIfNew(p);
  }

  // --- import and coloring ----------------------------------------------------------------

  private async importChosen(files: File[]): Promise<void> {
    if (!files.length) return;
    await this.guard(async () => {
      // A drop can arrive before connectedCallback's project load has finished: wait for it
      // rather than losing the files.
      const project = this.project ?? (this.project = await openCurrentProject());
      const out = await importTask(project.id, files);
      await this.refresh();
      // The first added panel is selected (previewed); none is stored before the user acts.
      if (out.added.length) await this.select(out.added[0].id);
    });
  }

  /** Runs one panel with its saved hints (`store`: keep the result); coalesces requests meanwhile. */
  colorize(panelId: string, store = false): Promise<void> {
    return this.runs.run(panelId, store);
  }

  /** A panel's flats request (saved, or when selected current, settings); previews run no colour net. */
  private async requestFor(panel: Panel, image: Blob, store = true): Promise<FlatsRequest> {
    const sel = panel.id === this.selectedId && this.edits.canEdit(panel.id);
    const st = sel ? this.state() : await getHintState(panel.id);
    return flatsRequest(panel.originalBlobId, image, { ...st, auto: store && st.auto, preview: !store });
  }

  /** One run; `store` false = a preview (facts, warnings) that leaves the stored panel as it is. */
  private async colorizeOnce(panelId: string, store: boolean): Promise<void> {
    await this.guard(async () => {
      let run;
      try {
        run = await runFlats(panelId, (panel, image) => this.requestFor(panel, image, store));
      } catch (e) {
        if (isAbortError(e)) {
          // cancel means cancel: nothing stored, no queued re-run, no restart on selection
          this.runs.cancel(panelId);
          this.dataset.cancelled = `${panelId}:${Date.now()}`;
        }
        throw e;
      }
      if (!run) return; // the panel or its picture is gone
      const { panel, req, res } = run;
      const selected = panelId === this.selectedId;
      if (store) {
        const next = await setPanelResult(panelId, res.png, 'image/png');
        this.panels = this.panels.map((p) => (p.id === panelId ? next : p));
        if (selected) await this.url(next.resultBlobId);
        this.showThumbs();
      }
      // hints a later bucket replaced leave the list, in the bucket's undo step (hint-session.ts)
      const kept = store && selected && this.edits.dropReplaced(req.hints, this.hints, res.replacedHints);
      if (kept) await saveHintState(panelId, this.state((this.hints = kept)));
      this.backend = res.backend ?? '';
      announceRun(this.warned, runNotices(panelId, panel.sourceName, req.gap, res, store, selected));
      const info = runFacts(res);
      this.facts.set(panelId, { detected: res.detectedKind, info });
      if (selected) {
        this.detectedKind = res.detectedKind;
        this.info = info;
      }
      // for tests and the benchmark: what the last run took and what it was made with
      Object.assign(this.dataset, runDataset(panelId, req.hints.length, res, store));
      this.dataset.colored = String(Date.now());
    });
  }

  // --- hints and export -------------------------------------------------------------------

  private setHints(next: Hint[]): void {
    if (!this.edits.canEdit(this.selectedId)) return; // its stored hints are not read yet (select)
    this.hints = next;
    this.saveAndRecolor();
  }

  /** Saves the selected panel's hint state (hints, history, settings), then re-applies. */
  private saveAndRecolor(): void {
    const id = this.selectedId;
    if (!this.edits.canEdit(id)) return; // would store over hints not read yet (select)
    const st = this.state();
    journalHintState(id, st); // at once: an unload right after the click aborts the store below
    this.runs.resume(id);
    this.edits.soon(
      () =>
        void this.guard(async () => {
          // the newest state while still edited (a run may have dropped replaced hints); else this edit's
          const sel = this.selectedId === id && this.edits.canEdit(id);
          await saveHintState(id, sel ? this.state() : st);
          await this.colorize(id, true);
        }),
    );
  }

  eraseHint(index: number): void {
    if (index < 0 || index >= this.hints.length) return;
    this.setHints(this.edits.history.push(this.hints.filter((_, i) => i !== index)));
  }

  /** "Colour as <name>": the matched regions' hints land as ONE undoable change on the panel. */
  private applyPalette(d: PaletteApplyDetail): void {
    if (d.panelId !== this.selectedId || !d.hints.length) return;
    this.setHints(this.edits.history.push([...this.hints, ...d.hints]));
  }

  addHint(h: Hint): void {
    const p = this.selected;
    if (!p) return;
    const hint: Hint = this.colorRef ? { ...h, ref: this.colorRef } : h;
    this.setHints(this.edits.history.push([...this.hints, hint]));
    this.colors.use(hint.rgb);
  }

  undo(): void {
    if (this.edits.history.canUndo) this.setHints(this.edits.history.undo());
  }
  redo(): void {
    if (this.edits.history.canRedo) this.setHints(this.edits.history.redo());
  }

  async exportPng(): Promise<void> {
    if (this.selected) await downloadResultPng(this.selected);
  }
  async exportPsd(): Promise<void> {
    const p = this.selected;
    if (p?.resultBlobId) await this.guard(() => downloadLayersPsd(p, (img) => this.requestFor(p, img)));
  }

  // --- editor actions (colorize-editor.template.ts) ----------------------------------------

  get canUndo(): boolean {
    return this.edits.history.canUndo;
  }
  get canRedo(): boolean {
    return this.edits.history.canRedo;
  }
  urlOf(blobId: string): string | undefined {
    return this.pictures.get(blobId);
  }
  pickColor(rgb: Rgb): void {
    this.colors.pick(rgb);
    this.colorRef = undefined;
  }
  get recentColors(): readonly Rgb[] {
    return this.colors.recent;
  }
  clearHints(): void {
    this.setHints(this.edits.history.push([]));
  }
  recolor(panelId: string): void {
    this.runs.resume(panelId);
    void this.colorize(panelId, true);
  }
  /** The selected panel's state to store: `hints` with its history and flats settings. */
  private state(hints = this.hints): HintState {
    return this.edits.stateOf(hints, this.gap, this.kindOverride, this.auto, this.smoothTones);
  }
  changeSettings(patch: SettingsPatch): void {
    Object.assign(this, patch);
    this.saveAndRecolor();
  }

  // --- render ----------------------------------------------------------------------------

  override render() {
    // One outer template whatever the state, so the heading (focused on navigation) is never replaced.
    return html`<h2>${t('colorize.title')}</h2>
      ${renderDropZone(this.over, {
        over: (over) => (this.over = over),
        files: (files) => void this.importChosen(files),
      })}
      ${this.panels.length === 0 ? html`<p class="empty">${t('colorize.empty')}</p>` : this.renderLayout()}`;
  }

  private renderLayout() {
    const p = this.selected;
    return html`<div class="layout">
        ${renderPanelList(
          this.panels,
          this.selectedId,
          (id) => this.listThumbs.get(id),
          (id) => void this.guard(() => this.select(id)),
        )}
        ${p ? renderEditor(this, p) : html`<div></div>`}
        ${renderPalettes(this, this.project?.id ?? '', {
          apply: (d) => this.applyPalette(d),
          use: (rgb, ref) => {
            this.colors.pick(rgb);
            this.colorRef = ref;
          },
        })}
      </div>`;
  }
}

customElements.define('toon-colorize-view', ToonColorizeView);
