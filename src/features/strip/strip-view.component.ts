/**
 * <toon-strip-view>: the home view. One project at a time (auto-created on first run; rename,
 * switch, create), import by drop / picker / paste, the cut editor for tall strips, the panel
 * list (reorder, delete with undo, export PNG), stitch, strip export (presets, slices with the
 * gutters, stitched preview, zip), project backup export/import; every change is stored at once.
 *
 * This file keeps the state and the actions; thumbnails come from src/app/panel-thumbs.ts (which
 * owns their object URLs), the undo window is undo-stack.ts, backup export/restore backup.ts,
 * the move/listing rule write-gate.ts, refresh bursts coalesced.ts.
 */
import { LitElement, html, nothing } from 'lit';
import { t } from '../../app/i18n';
import { onLaunchFiles } from '../../app/launch-files';
import { LocaleController } from '../../app/locale-controller';
import { notify } from '../../app/notifier';
import { isAbortError, runTask, type Report } from '../../app/progress';
import { panelPng, panelPngName, stitchPanels } from './panel-actions';
import { dbEvents, type DBEvent } from '../../store/db';
import { onStoreChange, touches, type ChangeOrigin, type StoreChange } from '../../store/changes';
import { isMissingRecord } from '../../app/store-errors';
import { VIEW_SHOWN } from '../../app/routes';
import { PanelThumbs } from '../../app/panel-thumbs';
import { WriteGate } from './write-gate';
import { coalesced } from './coalesced';
import { UndoStack } from './undo-stack';
import { downloadBackup, restoreBackup } from './backup';
import { ObjectUrls } from '../../app/object-urls';
import { currentBlobId, deletePanels, listPanels, movePanel, restorePanels } from '../../store/panels';
import { createProject, listProjects, setCurrentProject } from '../../store/projects';
import { openCurrentProject } from '../../app/current-project';
import { renameOrRefuse, renderProjectBar, type ProjectBarHandlers } from './project-bar.template';
import type { Panel, Project } from '../../store/schema';
import { requestPersistence } from '../../store/storage-info';
import { stitchSizeProblem } from '../../core/strip/limits';
import { download } from '../../app/download';
import { acceptSplit, importFiles, type PendingSplit } from '../../services/panel-import';
import { announceImport } from './import-notices';
import { imageErrorMessage } from '../../app/image-errors';
import type { PanelIdDetail, PanelMoveDetail } from './panel-list.component';
import { stripViewStyles } from './strip-view.styles';
import './messages';
import './cut-editor.component';
import './export-dialog.component';
import './import-zone.component';
import './panel-list.component';

let persistenceAsked = false;

export class ToonStripView extends LitElement {
  static override properties = {
    project: { state: true },
    projects: { state: true },
    panels: { state: true },
    thumbs: { state: true },
    pending: { state: true },
    undoCount: { state: true },
    listed: { state: true },
  };
  static override styles = stripViewStyles;

  project: Project | undefined = undefined;
  projects: Project[] = [];
  panels: Panel[] = [];
  thumbs = new Map<string, string>();
  pending: PendingSplit[] = [];
  pendingUrl = '';
  undoCount = 0;
  /** The current project and its panels have been read once (until then "no panels" is not known). */
  private listed = false;
  private readonly undo = new UndoStack((n) => (this.undoCount = n));
  /** Thumbnail URLs (thumbs.ts) and the cut editor's picture URL, each with one owner. */
  private readonly thumbUrls = new PanelThumbs(this);
  private readonly pendingUrls = new ObjectUrls(this);
  private readonly locale = new LocaleController(this);
  private readonly onPaste = (e: ClipboardEvent) => {
    if (this.hidden || !e.clipboardData?.files.length) return;
    e.preventDefault();
    void this.importChosen([...e.clipboardData.files]);
  };

  /** Unsubscribes from files opened with the installed app (manifest file_handlers). */
  private stopLaunch?: () => void;
  /** Resolves once the current project is open: files chosen earlier wait for it. */
  private opened: Promise<void> = Promise.resolve();
  private stopChanges?: () => void;
  /** refresh(), once more after the running one when asked again meanwhile (change bursts). */
  private readonly refreshSoon = coalesced(() => this.refresh());
  /** Moves are shown before they are stored: listings that overlap their writes are dropped. */
  private readonly moves = new WriteGate();

  /** Another tab or view (a story drawing panels, colours landing) changed this project's panels or the projects: reload. */
  private readonly onChanges = (changes: StoreChange[], origin: ChangeOrigin) => {
    if (origin === 'here' && this.hidden) return; // shown again → onShown reloads
    if (this.project && touches(changes, ['projects', 'panels'], this.project.id))
      void this.act('', () => this.refreshSoon());
  };

  /** Back on screen (Generate, Colorize or a restore may have changed the strip); a project opened meanwhile wins. */
  private readonly onShown = () => {
    if (!this.project) return;
    const opens = this.opens;
    void this.act('', async () => {
      const current = await openCurrentProject();
      if (opens === this.opens) await this.open(current);
    });
  };

  private readonly onDB = (e: Event) => {
    const kind = (e as CustomEvent<DBEvent>).detail;
    notify({ kind: kind === 'terminated' ? 'error' : 'info', message: t(`strip.db.${kind}`), timeoutMs: 0 });
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('paste', this.onPaste);
    dbEvents.addEventListener('db', this.onDB);
    this.addEventListener(VIEW_SHOWN, this.onShown);
    this.stopChanges ??= onStoreChange(this.onChanges, { here: true });
    // (re)connected: the URLs were released on disconnect; the thumbnails come back with open()
    if (this.pending[0]) this.pendingUrl = this.pendingUrls.set('pending', this.pending[0].file);
    this.opened = this.act('', async () => {
      if (!persistenceAsked) {
        persistenceAsked = true;
        void requestPersistence();
      }
      await this.open(await openCurrentProject());
      // Files opened with the installed app land in the current project like a drop.
      this.stopLaunch ??= onLaunchFiles((files) => void this.importChosen(files));
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('paste', this.onPaste);
    dbEvents.removeEventListener('db', this.onDB);
    this.removeEventListener(VIEW_SHOWN, this.onShown);
    this.stopLaunch = void this.stopLaunch?.();
    this.stopChanges = void this.stopChanges?.();
  }

  /** Runs a user action; errors are shown in the user's language (cancel is silent). */
  private async act(
    label: string,
    fn: (signal: AbortSignal, report: Report) => Promise<void>,
    name = '',
  ): Promise<void> {
    try {
      if (label) await runTask(label, fn, { notifyErrors: false });
      else await fn(new AbortController().signal, () => {});
    } catch (e) {
      if (!isAbortError(e)) notify({ kind: 'error', message: () => imageErrorMessage(e, name) });
      // A stale view (the panel was deleted in another tab): show what is there now.
      if (isMissingRecord(e)) await this.refreshSoon().catch(() => undefined);
    } finally {
      this.dataset.idle = String(Date.now());
    }
  }

  private opens = 0; // projects opened so far (onShown's read must not undo a newer open)
  private async open(project: Project): Promise<void> {
    this.opens++;
    this.project = project;
    await setCurrentProject(project.id);
    await this.refresh();
  }

  /** Reloads projects, panels and thumbnails; many new thumbnails (a restore) come batch by batch (panel-thumbs.ts). */
  async refresh(): Promise<void> {
    if (!this.project) return;
    const listing = this.moves.begin();
    const [projects, panels] = await Promise.all([listProjects(), listPanels(this.project.id)]);
    const ids = panels.map(currentBlobId);
    const missing = await this.thumbUrls.update(ids);
    if (!listing.fresh()) return; // may predate a move the list already shows (write-gate.ts)
    this.projects = projects;
    this.project = projects.find((p) => p.id === this.project?.id) ?? this.project;
    this.thumbs = this.thumbUrls.of(ids);
    this.panels = panels;
    this.listed = true;
    await this.updateComplete;
    this.thumbUrls.prune(); // only now: no row still shows (or is about to read) a dropped URL
    if (!missing.length) return;
    await this.thumbUrls.more(
      missing,
      () => this.panels.map(currentBlobId),
      async (thumbs) => {
        this.thumbs = thumbs;
        await this.updateComplete;
      },
    );
  }

  private pushUndo(message: string, run: () => Promise<void>): void {
    const id = this.undo.push(run);
    notify({
      kind: 'info',
      message,
      timeoutMs: this.undo.ms,
      action: { label: t('strip.undo'), run: () => void this.runUndo(id) },
    });
  }

  private async runUndo(id?: number): Promise<void> {
    const run = this.undo.take(id);
    if (!run) return;
    await this.act('', async () => {
      await run().catch((e: unknown) => {
        this.pushUndo(t('strip.undoAgain'), run); // nothing was restored (one transaction): try again
        throw e;
      });
      await this.refresh();
      notify({ kind: 'success', message: t('strip.restored') });
    });
  }

  // --- import -------------------------------------------------------------------------------

  private async importChosen(files: File[]): Promise<void> {
    if (!files.length) return;
    // Chosen right after a cold start, before the project is open: wait for it, lose nothing.
    if (!this.project) await this.opened;
    const project = this.project;
    if (!project) return;
    await this.act(t('strip.importing'), async (signal, report) => {
      const out = await importFiles(project.id, files, signal, report);
      announceImport(out);
      this.setPending([...this.pending, ...out.pending]);
      await this.refresh();
    });
  }

  private setPending(list: PendingSplit[]): void {
    if (list[0] !== this.pending[0]) {
      this.pendingUrls.clear();
      this.pendingUrl = list[0] ? this.pendingUrls.set('pending', list[0].file) : '';
    }
    this.pending = list;
  }

  private async onCutAccept(e: CustomEvent<number[]>): Promise<void> {
    const [p, ...rest] = this.pending;
    const project = this.project;
    if (!p || !project) return;
    await this.act(
      t('strip.splitting'),
      async (signal, report) => {
        const added = await acceptSplit(project.id, p, e.detail, signal, report);
        this.setPending(rest);
        notify({ kind: 'success', message: t('strip.imported', { n: added.length }) });
        await this.refresh();
      },
      p.name,
    );
  }

  // --- panels -------------------------------------------------------------------------------

  private async onMove(e: CustomEvent<PanelMoveDetail>): Promise<void> {
    const project = this.project;
    const from = this.panels.findIndex((p) => p.id === e.detail.id);
    if (!project || from < 0) return;
    // Shown moved at once, in the event (the store write follows): a second Alt+↑/↓ pressed
    // before the store answers acts on the order the user sees. Set here, by the owner of the
    // list: lit hands an object-valued property to the child again on every render of this view.
    const next = [...this.panels];
    next.splice(e.detail.to, 0, ...next.splice(from, 1));
    this.panels = next;
    await this.act('', async () => {
      // The list already shows the move; refresh even when the write fails so it shows the store.
      // refreshSoon: quick moves in a row end with one refresh after the last write, never with
      // an older listing landing after a newer one.
      try {
        await this.moves.run(() => movePanel(project.id, e.detail.id, e.detail.to));
      } finally {
        await this.refreshSoon().catch(() => undefined);
      }
    });
  }

  private async onDelete(e: CustomEvent<PanelIdDetail>): Promise<void> {
    const project = this.project;
    if (!project) return;
    await this.act('', async () => {
      const deleted = await deletePanels(project.id, [e.detail.id]);
      await this.refresh();
      this.pushUndo(t('strip.deleted'), () => restorePanels(deleted));
    });
  }

  private async onExportPanel(e: CustomEvent<PanelIdDetail>): Promise<void> {
    const panel = this.panels.find((p) => p.id === e.detail.id);
    if (!panel) return;
    const name = panelPngName(this.project?.name ?? '', this.panels.indexOf(panel) + 1);
    await this.act(t('strip.exportPng'), async (signal) => download(await panelPng(signal, panel), name, 'image/png'));
  }

  private async stitch(): Promise<void> {
    const project = this.project;
    if (!project || this.panels.length < 2) return;
    // Refused before any image is read or decoded: the size comes from the stored panel sizes.
    const over = stitchSizeProblem(this.panels);
    if (over) {
      notify({ kind: 'error', message: t('strip.error.stitch-too-large', { w: over.width, h: over.height }) });
      return;
    }
    const n = this.panels.length;
    await this.act(
      t('strip.stitching'),
      async (signal) => {
        const undo = await stitchPanels(signal, project, this.panels);
        await this.refresh();
        notify({ kind: 'success', message: t('strip.stitched') });
        this.pushUndo(t('strip.deletedMany', { n }), undo);
      },
      project.name,
    );
  }

  /** Opens the slice export dialog (presets, stitched preview with the slice boundaries, zip). */
  private async exportZip(): Promise<void> {
    if (!this.project || !this.panels.length) return;
    await this.renderRoot.querySelector('toon-export-dialog')?.show();
  }

  private async exportBackup(): Promise<void> {
    const project = this.project;
    if (project) await this.act(t('strip.exportingBackup'), (signal) => downloadBackup(signal, project));
  }

  private async importBackup(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    await this.act(t('strip.importingBackup'), (signal) => restoreBackup(signal, file, (p) => this.open(p)), file.name);
  }

  // --- projects -----------------------------------------------------------------------------

  private readonly projectBar: ProjectBarHandlers = {
    open: (p) => void this.act('', () => this.open(p)),
    rename: (input) => {
      // (read now: the event's target is cleared once dispatch ends)
      const project = this.project;
      if (!project || !input.value.trim() || input.value === project.name) return;
      void this.act('', async () => {
        this.project = await renameOrRefuse(project, input);
        await this.refresh();
      });
    },
    create: () => void this.act('', async () => this.open(await createProject(t('strip.newProjectName')))),
  };

  override render() {
    void this.locale;
    const p = this.project;
    const head = this.pending[0];
    return html`<h2>${t('strip.title')}</h2>
      ${renderProjectBar(this.projects, p, this.projectBar)}
      <toon-import-zone @files-chosen=${(e: CustomEvent<File[]>) => this.importChosen(e.detail)}></toon-import-zone>
      ${
        head
          ? html`<toon-cut-editor .name=${head.name} .src=${this.pendingUrl} .width=${head.inspected.width}
            .height=${head.inspected.height} .cuts=${head.inspected.gutters?.cuts ?? []}
            .gutters=${head.inspected.gutters?.gutters ?? []}
            @cut-accept=${this.onCutAccept} @cut-cancel=${() => this.setPending(this.pending.slice(1))}></toon-cut-editor>`
          : nothing
      }
      <div class="bar">
        <button data-testid="stitch" ?disabled=${this.panels.length < 2} @click=${this.stitch}>${t('strip.stitch')}</button>
        <button data-testid="export-zip" ?disabled=${!this.panels.length} @click=${this.exportZip}>${t('strip.exportZip')}</button>
        <toon-export-dialog .panels=${this.panels} .projectName=${p?.name ?? ''}></toon-export-dialog>
        <button data-testid="export-backup" @click=${this.exportBackup}>${t('strip.exportBackup')}</button>
        <label class="file-button"><span class="face">${t('strip.importBackup')}</span>
          <input type="file" accept=".zip,application/zip" data-testid="backup-input" @change=${this.importBackup} /></label>
        ${
          this.undoCount
            ? html`<button class="undo" data-testid="strip-undo" @click=${() => this.runUndo()}>${t('strip.undo')}</button>`
            : nothing
        }
      </div>
      ${
        this.panels.length
          ? html`<toon-panel-list .panels=${this.panels} .thumbs=${this.thumbs} @panel-move=${this.onMove}
            @panel-delete=${this.onDelete} @panel-export=${this.onExportPanel}></toon-panel-list>`
          : // "No panels yet" only once the project is open: until then it is not known, and a
            // person (or a test) taking the empty text as "ready" would act on no project.
            this.listed
            ? html`<p class="empty" data-testid="strip-empty">${t('strip.empty')}</p>`
            : nothing
      }`;
  }
}
customElements.define('toon-strip-view', ToonStripView);

declare global {
  interface HTMLElementTagNameMap {
    'toon-strip-view': ToonStripView;
  }
}
