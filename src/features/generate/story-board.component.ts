/**
 * <toon-storyboard>: story mode's storyboard (콘티). Drafts the story (property `story`, the story
 * mode's text) into composed 800-px panels in the current project's strip (logic in
 * story-board.ts), lists them as they land with their shot, background (library match, or a
 * tagged generated placeholder), characters and any text overflow; "Edit" opens the panel editor
 * (<toon-board-editor>), "Regenerate" recomposes one panel; PSD of one panel or the whole draft.
 * A re-draft replaces the previous storyboard's panels, with Undo in a notice.
 */
import { ObjectUrls } from '../../app/object-urls';
import { download } from '../../app/download';
import { LitElement, html, css, nothing } from 'lit';
import { formStyles } from './form.styles';
import { t } from '../../app/i18n';
import { LocaleController } from '../../app/locale-controller';
import { dismiss, getNotices, notify } from '../../app/notifier';
import { isAbortError, runTask } from '../../app/progress';
import type { ModelInfo } from '../../bridge/diffusion';
import { getBlob, toBlob } from '../../store/blobs';
import { listCharacters } from '../../store/characters';
import { currentBlobId, getPanel } from '../../store/panels';
import { openCurrentProject } from '../../app/current-project';
import { onStoreChange } from '../../store/changes';
import { switchesProject } from '../../store/projects';
import { undoBoardRedraft, type BoardPanel, type BoardUndo, type StoryBoard } from '../../store/storyboard';
import { errorText } from './errors';
import { exportBoardPsd, getBoard, moveBoardPanel, updateBoardPanel } from './story-board';
import { draftBoard, regenerateBoardPanel } from './story-board-draft';
import './story-board-editor.component';
import { BoardHistory } from './board-history';
import { controlFont } from '../../app/control-font.styles';
import { undoKeys } from '../../app/undo-keys';

export class ToonStoryboard extends LitElement {
  static override properties = {
    story: { attribute: false },
    info: { attribute: false },
    board: { state: true },
    busy: { state: true },
    shown: { state: true },
    editing: { state: true },
    fill: { state: true },
  };
  static override styles = [
    controlFont,
    formStyles,
    css`
    :host { display: block; margin-top: 2rem; border-top: 1px solid #e5e7eb; }
    h3 { font-size: 1.25rem; margin: 1rem 0 .5rem; }
    ol { list-style: none; padding: 0; display: grid; gap: .75rem; }
    li { border: 1px solid #e5e7eb; border-radius: .5rem; padding: .5rem; }
    li > .body { display: flex; gap: .75rem; align-items: start; }
    img { width: 240px; flex: none; background: #e5e7eb; }
    .meta { font-size: .85rem; color: #374151; }
    .tag { display: inline-block; background: #f59e0b; color: #111; font-weight: 700; padding: 0 .4rem; border-radius: .25rem; }
    .warn { color: #b91c1c; }
    /* A long paragraph scrolls inside its panel instead of pushing the buttons a page down. */
    .text { margin: 0; max-height: 8lh; overflow-y: auto; overflow-wrap: anywhere; }
    button { margin: .25rem .25rem 0 0; }
    label.check { font-weight: 400; }
  `,
  ];

  story = '';
  info: ModelInfo | undefined;
  board: StoryBoard | null = null;
  busy = false;
  fill = true;
  editing = -1;
  /** Panel id → the blob id its picture shows now (a redrawn panel gets a new blob, so a new URL). */
  shown = new Map<string, string>();
  /** One owner of the pictures' object URLs, keyed by blob id (src/app/object-urls.ts). */
  private readonly urls = new ObjectUrls(this);
  runs = 0;
  private projectId = '';
  private reopen = false;
  private stopChanges: (() => void) | undefined;
  private undo: BoardUndo | undefined;
  private undoNotice = 0;
  /** Undo / redo of panel edits (this session). */
  readonly history = new BoardHistory();
  /** Anywhere on the Generate page (a trial pressed it with the focus on the page), not in a text field. */
  private readonly onKey = ((sb: ToonStoryboard) =>
    undoKeys({
      get hidden() {
        return !location.hash.startsWith('#/generate') || sb.busy || (!sb.history.canUndo && !sb.history.canRedo);
      },
      undo: () => void sb.step('undo'),
      redo: () => void sb.step('redo'),
    }))(this);
  private readonly locale = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.onKey);
    // Another project made current (Strip's project list): show its board, not the one before.
    this.stopChanges ??= onStoreChange((c) => void (switchesProject(c) && this.open()), { here: true, sameTab: true });
    void this.open();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.onKey);
    this.stopChanges?.();
    this.stopChanges = undefined;
  }

  private async open(): Promise<void> {
    // a job or an undo under way finishes on the board it started with; then the view opens again
    if (this.busy) return void (this.reopen = true);
    const project = await openCurrentProject();
    if (project.id !== this.projectId) this.history.clear();
    this.projectId = project.id;
    this.board = await getBoard(project.id);
    await this.loadImages();
  }

  /** After a job or an undo: the project switched meanwhile opens now, else the board's pictures load. */
  private async afterBusy(): Promise<void> {
    if (this.reopen) {
      this.reopen = false;
      return this.open();
    }
    await this.loadImages();
  }

  private async loadImages(): Promise<void> {
    const shown = new Map<string, string>();
    for (const p of this.board?.panels ?? []) {
      if (!p.panelId) continue;
      const panel = await getPanel(p.panelId);
      const blobId = panel ? currentBlobId(panel) : undefined;
      if (!blobId) continue;
      if (!this.urls.has(blobId)) {
        const blob = await getBlob(blobId);
        if (!blob) continue;
        this.urls.set(blobId, toBlob(blob));
      }
      shown.set(p.panelId, blobId);
    }
    this.urls.keep(shown.values());
    this.shown = shown;
  }

  private offerUndo(u = this.undo): void {
    if (this.undoNotice) dismiss(this.undoNotice);
    this.undoNotice = 0;
    this.undo = u;
    if (!u) return;
    this.undoNotice = notify({
      kind: 'info',
      message: t('generate.board.replaced', { n: u.removed.panels.length }),
      timeoutMs: 0,
      action: { label: t('generate.story.undo'), run: () => void this.runUndo(u) },
    });
  }

  private async runUndo(u: BoardUndo): Promise<void> {
    if (this.undo !== u || this.busy) return;
    this.undo = undefined;
    this.undoNotice = 0;
    this.busy = true;
    try {
      const back = await undoBoardRedraft(u);
      // the notice outlives a project switch: undone in its own project, shown only if that is this one
      if (u.projectId === this.projectId) {
        this.history.clear(); // its steps belong to the draft that is gone
        this.board = back;
        this.editing = -1;
        // the story box shows the story of the board that is back (a trial saw the undone draft's text)
        this.dispatchEvent(new CustomEvent('board-story', { detail: back.story, bubbles: true, composed: true }));
      }
      notify({ kind: 'success', message: t('generate.board.undone', { n: u.removed.panels.length }) });
    } catch (err) {
      notify({ kind: 'error', message: errorText(err) });
      // nothing was undone (one transaction): it is offered again, unless a newer undo came meanwhile
      if (!this.undo) this.offerUndo(u);
      this.board = await getBoard(this.projectId);
    } finally {
      this.busy = false;
      await this.afterBusy();
    }
  }

  /**
   * Runs `work` as a task (busy, progress, errors as notices). When the current project changed
   * since this view opened, the view opens it first and — for work on the board it showed
   * (`onShownBoard`: an edit, a move, a regeneration, a PSD) — stops there: that board belongs to
   * the other project, and writing it here would put it into the wrong project.
   */
  private async job(
    title: string,
    work: (signal: AbortSignal, report: (f: number | undefined, d?: string) => void) => Promise<void>,
    onShownBoard = true,
  ): Promise<void> {
    const project = await openCurrentProject();
    if (project.id !== this.projectId) {
      await this.open();
      if (onShownBoard) return;
    }
    this.busy = true;
    this.runs++;
    try {
      await runTask(title, work, { notifyErrors: false });
    } catch (err) {
      if (!isAbortError(err)) notify({ kind: 'error', message: errorText(err) });
      this.board = await getBoard(this.projectId);
    } finally {
      this.busy = false;
      await this.afterBusy();
    }
  }

  private async draft(): Promise<void> {
    const showing = !!this.undoNotice && getNotices().some((n) => n.id === this.undoNotice);
    if (this.undoNotice) dismiss(this.undoNotice);
    this.undoNotice = 0;
    if (!showing) this.undo = undefined;
    let replaced = false;
    const notes = new Set<string>();
    this.history.clear();
    await this.job(
      t('generate.board.task'),
      async (signal, report) => {
        const characters = await listCharacters(this.projectId);
        this.editing = -1;
        this.board = null; // the previous storyboard stays stored until the new one's first panel lands
        this.board = await draftBoard(
          signal,
          this.projectId,
          this.story,
          characters,
          { fill: this.fill && !!this.info, baseSeed: 1 },
          {
            onPanel: (i, b) => {
              this.board = { ...b };
              report(
                (i + 1) / Math.max(1, b.panels.length),
                t('generate.board.progress', { panel: i + 1, n: b.panels.length }),
              );
              void this.loadImages();
            },
            onReplaced: (u) => {
              this.undo = u;
              replaced = true;
            },
            onNote: (key, params) => {
              const text = t(key, params);
              if (!notes.has(text)) notify({ kind: 'info', message: text });
              notes.add(text);
            },
          },
        );
        if (!replaced)
          notify({ kind: 'success', message: t('generate.board.done', { n: this.board?.panels.length ?? 0 }) });
      },
      false,
    );
    if (replaced || showing) this.offerUndo();
  }

  /**
   * An editor change of panel `index` (marked edited and recorded for undo), or — with `applied` —
   * an undo / redo step: the panel as it was, `edited` flag included, and `applied()` once it landed.
   */
  private async edit(index: number, next: BoardPanel, applied?: () => void): Promise<void> {
    const b = this.board;
    const before = b?.panels[index];
    if (!b || !before) return;
    await this.job(t('generate.board.regenTask', { n: index + 1 }), async (signal) => {
      const panel = applied ? next : { ...next, edited: true };
      const chars = await listCharacters(this.projectId);
      this.board = await updateBoardPanel(signal, this.projectId, b, index, panel, chars);
      if (applied) applied();
      else this.history.edited(index, before);
    });
  }

  /** Undo or redo the last panel edit (button or Ctrl+Z / Ctrl+Shift+Z outside a text field). */
  async step(which: 'undo' | 'redo'): Promise<void> {
    const s = this.history.take(which, (i) => this.board?.panels[i]);
    if (s) await this.edit(s.index, s.panel, s.commit);
  }

  private async move(index: number, to: number): Promise<void> {
    const b = this.board;
    if (!b) return;
    this.history.clear();
    await this.job(t('generate.board.moveTask', { n: index + 1 }), async () => {
      this.board = await moveBoardPanel(this.projectId, b, index, to);
      this.editing = this.editing === index ? to : this.editing === to ? index : this.editing;
    });
    // Keyboard users keep their place: focus follows the moved panel's button.
    await this.updateComplete;
    this.renderRoot
      .querySelector<HTMLButtonElement>(
        `[data-testid=board-panel][data-index="${to}"] [data-testid=${to < index ? 'board-move-up' : 'board-move-down'}]:not([disabled])`,
      )
      ?.focus();
  }

  private async regen(index: number): Promise<void> {
    const b = this.board;
    if (!b) return;
    this.history.clear();
    await this.job(t('generate.board.regenTask', { n: index + 1 }), async (signal) => {
      this.board = await regenerateBoardPanel(signal, this.projectId, b, index, await listCharacters(this.projectId), {
        fill: this.fill && !!this.info,
        baseSeed: 1,
      });
      const p = this.board.panels[index];
      if (p && !p.layout.background && p.hits.length)
        notify({ kind: 'info', message: t('generate.board.weakMatch', { panels: String(index + 1) }) });
    });
  }

  private async psd(indices?: number[]): Promise<void> {
    const b = this.board;
    if (!b) return;
    await this.job(t('generate.board.psdAll'), async (signal) => {
      const blob = await exportBoardPsd(signal, b, await listCharacters(this.projectId), indices);
      const name = indices?.length === 1 ? `storyboard-panel-${indices[0] + 1}.psd` : 'storyboard.psd';
      download(blob, name, 'image/vnd.adobe.photoshop'); // (src/app/download.ts revokes its URL)
    });
  }

  /** Why a library background was chosen, in words (its score, a cosine plus a name bonus, says nothing to an artist). */
  private bgText(p: BoardPanel): string {
    const bg = p.layout.background;
    const name = bg?.name ?? '';
    const hit = p.hits.find((h) => h.refId === bg?.refId);
    // boards stored before hits carried their cosine, or a background not among the hits: no reason claimed
    if (!hit || hit.clip === undefined) return t('generate.board.bgPlain', { name });
    if (hit.score <= hit.clip + 1e-6) return t('generate.board.bgPicture', { name, pct: Math.round(hit.clip * 100) });
    return t('generate.board.bg', { name });
  }

  private renderPanel(p: BoardPanel, i: number, n: number) {
    const url = p.panelId ? this.urls.get(this.shown.get(p.panelId) ?? '') : undefined;
    const bg = p.layout.background;
    const over = p.layout.bubbles.some((b) => b.overflow);
    return html`<li data-testid="board-panel" data-index=${i} data-panel-id=${p.panelId ?? ''} data-landed=${url ? 'yes' : 'no'}
      data-shot=${p.layout.shot} data-height=${p.layout.height} data-bg=${bg?.name ?? ''} data-generated=${bg?.generated ? 'yes' : 'no'}
      data-characters=${p.layout.characters.map((c) => c.name).join(',')}>
      <div class="body">
        ${url ? html`<img src=${url} alt=${p.plan.text} />` : html`<img alt=${t('generate.story.pending')} />`}
        <div><p class="text"><strong>${i + 1}.</strong> ${p.plan.text}</p>
          <div class="meta">${t('generate.board.shot')}: ${t(`generate.board.shot.${p.layout.shot}`)} ·
            ${
              bg?.generated
                ? html`<span class="tag">${t('generate.board.generated')}</span> ${t('generate.board.generatedBg', { name: bg.name })}`
                : bg
                  ? this.bgText(p)
                  : t('generate.board.bgNone')
            }
            ${p.layout.characters.length ? html` · ${t('generate.board.chars', { names: p.layout.characters.map((c) => c.name).join(', ') })}` : nothing}</div>
          ${over ? html`<div class="meta warn" data-testid="board-overflow">${t('generate.board.overflow')}</div>` : nothing}
          <button data-testid="board-edit" ?disabled=${this.busy || !p.panelId} @click=${() => (this.editing = this.editing === i ? -1 : i)}>${t('generate.board.edit')}</button>
          <button data-testid="board-regen" ?disabled=${this.busy || !p.panelId} @click=${() => void this.regen(i)}>${t('generate.board.regen')}</button>
          <button data-testid="board-psd" ?disabled=${this.busy || !p.panelId} @click=${() => void this.psd([i])}>${t('generate.board.psd')}</button>
          <button data-testid="board-move-up" ?disabled=${this.busy || i === 0 || !p.panelId} aria-label=${t('generate.board.moveUp', { n: i + 1 })}
            @click=${() => void this.move(i, i - 1)}>↑</button>
          <button data-testid="board-move-down" ?disabled=${this.busy || i === n - 1 || !p.panelId} aria-label=${t('generate.board.moveDown', { n: i + 1 })}
            @click=${() => void this.move(i, i + 1)}>↓</button>
        </div>
      </div>
      ${
        this.editing === i
          ? html`<toon-board-editor .panel=${p} .index=${i} .url=${url ?? ''} .busy=${this.busy}
        @board-edit=${(e: CustomEvent<BoardPanel>) => void this.edit(i, e.detail)}></toon-board-editor>`
          : nothing
      }
    </li>`;
  }

  override render() {
    void this.locale;
    const b = this.board;
    return html`
      <h3>${t('generate.board.title')}</h3>
      <p>${t('generate.board.help')}</p>
      <label class="check"><input type="checkbox" data-testid="board-fill" .checked=${this.fill} ?disabled=${!this.info}
        @change=${(e: Event) => (this.fill = (e.target as HTMLInputElement).checked)} /> ${t('generate.board.fill')}</label>
      <div>
        <button data-testid="board-run" ?disabled=${this.busy} @click=${() => void this.draft()}>${t('generate.board.run')}</button>
        <button data-testid="board-psd-all" ?disabled=${this.busy || !b?.panels.length} @click=${() => void this.psd()}>${t('generate.board.psdAll')}</button>
        <button data-testid="board-undo" ?disabled=${this.busy || !this.history.canUndo} @click=${() => void this.step('undo')}>${t('generate.board.undoEdit')}</button>
        <button data-testid="board-redo" ?disabled=${this.busy || !this.history.canRedo} @click=${() => void this.step('redo')}>${t('generate.board.redoEdit')}</button>
      </div>
      <span role="status" data-testid="board-state" data-run=${this.runs} data-busy=${this.busy ? 'yes' : 'no'}></span>
      ${b ? html`<ol data-testid="board-panels">${b.panels.map((p, i) => this.renderPanel(p, i, b.panels.length))}</ol>` : nothing}
    `;
  }
}
customElements.define('toon-storyboard', ToonStoryboard);

declare global {
  interface HTMLElementTagNameMap {
    'toon-storyboard': ToonStoryboard;
  }
}
