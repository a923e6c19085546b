/**
 * <toon-story-mode>: a story in Korean or English → a strip, one panel per paragraph (or per
 * sentence), drawn one by one and shown as each lands (each stored as a panel of the current
 * project); progress and Cancel; "Regenerate" redraws one panel in place. Drafting again replaces
 * the previous draft's panels in the strip, with an "Undo" notice that brings them and the
 * previous draft back (it stays until used, dismissed or superseded by the next re-draft).
 * Characters from the sheet keep their look from their image: as an image prompt, as the start
 * (img2img), or both ("Character look"; models without an image prompt can only start from it).
 * Logic in story-runner.ts.
 */
import { ObjectUrls } from '../../app/object-urls';
import { LitElement, html, css, nothing } from 'lit';
import { formStyles } from './form.styles';
import { t } from '../../app/i18n';
import { LocaleController } from '../../app/locale-controller';
import { dismiss, getNotices, notify } from '../../app/notifier';
import { isAbortError, runTask } from '../../app/progress';
import { RunCancelled, type ModelInfo, type StepProgress } from '../../bridge/diffusion';
import { CHARACTER_LOOKS, lookFor, splitStory } from '../../core/story';
import { getBlob, toBlob } from '../../store/blobs';
import type { CharacterRecord } from '../../store/characters';
import { currentBlobId, getPanel } from '../../store/panels';
import { openCurrentProject } from '../../app/current-project';
import {
  getStory,
  getTypedStory,
  saveTypedStory,
  undoRedraft,
  type CharacterLook,
  type RedraftUndo,
  type StoryDraft,
} from '../../store/story';
import { getBoard } from '../../store/storyboard';
import { onStoreChange } from '../../store/changes';
import { switchesProject } from '../../store/projects';
import { errorText } from './errors';
import { draftStory, regeneratePanel, type StoryHooks } from './story-runner';
import { STORY } from '../../core/diffusion/defaults';
import { strengthNote } from './strength-note';
import './character-sheet.component';
import './story-board.component';
import { controlFont } from '../../app/control-font.styles';

export class ToonStoryMode extends LitElement {
  static override properties = {
    info: { attribute: false },
    projectId: { state: true },
    draft: { state: true },
    busy: { state: true },
    story: { state: true },
    progress: { state: true },
    shown: { state: true },
    stopped: { state: true },
    steps: { state: true },
    strength: { state: true },
    look: { state: true },
  };
  static override styles = [
    controlFont,
    formStyles,
    css`
    :host { display: block; margin-top: 2rem; border-top: 1px solid #e5e7eb; }
    h3 { font-size: 1.25rem; margin: 1rem 0 .5rem; }
    textarea { min-height: 7rem; }
    button { margin-top: .5rem; }
    ol { list-style: none; padding: 0; display: grid; gap: .75rem; }
    li { display: flex; gap: .75rem; align-items: start; border: 1px solid #e5e7eb; border-radius: .5rem; padding: .5rem; }
    img { width: 128px; height: 128px; image-rendering: pixelated; background: #e5e7eb; flex: none; }
    .meta { font-size: .85rem; color: #374151; }
    label.check { font-weight: 400; }
  `,
  ];

  info: ModelInfo | undefined;
  projectId = '';
  draft: StoryDraft | null = null;
  busy = false;
  story = '';
  baseSeed = 1;
  /** Defaults chosen on val (src/core/diffusion/defaults.ts). */
  steps: number = STORY.steps;
  guidance: number = STORY.guidance;
  strength = 0.6;
  libraryRefs = false;
  /**
   * Default for new drafts: image prompt + start from the image — the one look under which panels
   * naming the same character are measurably more alike than panels naming different ones
   * (models/diffusion/EVAL.md, "Character consistency"); 'prompt' keeps more of the text.
   */
  look: CharacterLook = 'both';
  progress = { panel: 0, step: 0, done: 0 };
  /** The last cancelled run's worker numbers (steps finished when it saw the cancel, and when it stopped). */
  stopped: { done: number; ack: number } | undefined;
  /** Counts runs (draft or regenerate), so a test can tell this run's counter from the last one's. */
  runs = 0;
  /** Panel id → the blob id its picture shows now (a redrawn panel gets a new blob, so a new URL). */
  shown = new Map<string, string>();
  /** One owner of the pictures' object URLs, keyed by blob id (src/app/object-urls.ts). */
  private readonly urls = new ObjectUrls(this);
  private characters: CharacterRecord[] = [];
  /** The last re-draft's undo (one level) and the id of the notice offering it (0: none shown). */
  private undo: RedraftUndo | undefined;
  private undoNotice = 0;
  private readonly locale = new LocaleController(this);
  private stopChanges: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    // Another project made current (Strip's project list): show that project's story and draft.
    const opts = { here: true, sameTab: true };
    this.stopChanges ??= onStoreChange((c) => void (switchesProject(c) && this.open()), opts);
    void this.open();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopChanges?.();
    this.stopChanges = undefined;
  }

  private async open(): Promise<void> {
    const shown = this.story; // to tell text typed while the records are read from text shown before
    const project = await openCurrentProject();
    this.projectId = project.id;
    const [draft, board, typed] = await Promise.all([
      getStory(project.id),
      getBoard(project.id),
      getTypedStory(project.id),
    ]);
    if (project.id !== this.projectId) return; // a newer open() is on its way
    const typing = this.story !== shown ? this.story : null;
    this.adopt(draft);
    // The newest of the typed text and the two drafts' stories (64-px panels, storyboard), e.g. after
    // a reload, restore or undo; text typed while this ran wins and is saved for this project.
    const newest = [typed && { story: typed.text, updatedAt: typed.at }, draft, board]
      .filter((d): d is { story: string; updatedAt: number } => !!d)
      .sort((a, b) => b.updatedAt - a.updatedAt)[0]?.story;
    this.story = typing ?? newest ?? '';
    if (typing !== null) this.saveTyped();
    await this.loadImages();
  }

  /** Keeps the story box's text as it is typed (in order: each save waits for the one before). */
  private typedSave: Promise<void> = Promise.resolve();
  private typedSaveWarned = false;
  private onStoryInput(e: Event): void {
    this.story = (e.target as HTMLTextAreaElement).value;
    this.saveTyped();
  }

  private saveTyped(): void {
    const { projectId, story } = this;
    if (!projectId) return;
    // A failed save (storage full, database closed) leaves the text in the box and says so, once.
    this.typedSave = this.typedSave
      .then(() => saveTypedStory(projectId, story))
      .then(
        () => void (this.typedSaveWarned = false),
        (err: unknown) => {
          if (!this.typedSaveWarned) notify({ kind: 'error', message: errorText(err) });
          this.typedSaveWarned = true;
        },
      );
  }

  /** Shows `draft` with its story text and settings in the form. */
  private adopt(draft: StoryDraft | null): void {
    this.draft = draft;
    if (!draft) return;
    this.story = draft.story;
    ({ baseSeed: this.baseSeed, steps: this.steps, guidance: this.guidance, strength: this.strength } = draft);
    this.libraryRefs = draft.libraryRefs ?? false;
    this.look = draft.look ?? 'start';
  }

  /** Posts the notice offering the current undo (replacing an earlier one). */
  private offerUndo(u = this.undo): void {
    if (this.undoNotice) dismiss(this.undoNotice);
    this.undoNotice = 0;
    this.undo = u;
    if (!u) return;
    this.undoNotice = notify({
      kind: 'info',
      message: t('generate.story.replaced', { n: u.removed.panels.length }),
      timeoutMs: 0,
      action: { label: t('generate.story.undo'), run: () => void this.runUndo(u) },
    });
  }

  /**
   * Takes the undo notice away while a run is going (an undo then would race the run); returns
   * whether it was showing, so the run's end can offer it again.
   */
  private suspendUndo(): boolean {
    const showing = !!this.undoNotice && getNotices().some((n) => n.id === this.undoNotice);
    if (this.undoNotice) dismiss(this.undoNotice);
    this.undoNotice = 0;
    if (!showing) this.undo = undefined; // dismissed by the user: gone for good
    return showing;
  }

  private async runUndo(u: RedraftUndo): Promise<void> {
    if (this.undo !== u || this.busy) return;
    this.undo = undefined;
    this.undoNotice = 0;
    this.busy = true;
    try {
      const back = await undoRedraft(u);
      if (u.projectId === this.projectId) this.adopt(back);
      notify({ kind: 'success', message: t('generate.story.undone', { n: u.removed.panels.length }) });
    } catch (err) {
      notify({ kind: 'error', message: errorText(err) });
      // nothing was undone (one transaction): it is offered again, unless a newer undo came meanwhile
      if (!this.undo) this.offerUndo(u);
      if (u.projectId === this.projectId) this.draft = await getStory(this.projectId);
    } finally {
      this.busy = false;
      await this.loadImages();
    }
  }

  private async loadImages(): Promise<void> {
    const shown = new Map<string, string>();
    for (const p of this.draft?.panels ?? []) {
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

  private hooks(report: (f: number | undefined, d?: string) => void, n: number, only?: number): StoryHooks {
    return {
      onStep: (i: number, p: StepProgress) => {
        this.progress = { panel: i + 1, step: p.step, done: this.progress.done + 1 };
        const at = only === undefined ? (i + p.step / p.total) / n : p.step / p.total;
        report(at, t('generate.story.progress', { panel: i + 1, n, step: p.step, total: p.total }));
      },
      onPanel: (_i: number, d: StoryDraft) => {
        this.draft = d;
        void this.loadImages();
      },
    };
  }

  /**
   * Records the worker's numbers when a run stops on Cancel (`data-stopped` / `data-ack`). The task
   * settles at the click; this fires when the worker has stopped, after its last step was shown.
   */
  private async noteStop<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (e) {
      if (e instanceof RunCancelled) this.stopped = { done: e.done, ack: e.ack };
      throw e;
    }
  }

  private async run(index?: number): Promise<void> {
    if (!this.info) return void notify({ kind: 'error', message: t('generate.noModel') });
    const project = await openCurrentProject();
    if (project.id !== this.projectId) await this.open();
    const s = {
      baseSeed: this.baseSeed,
      steps: this.steps,
      guidance: this.guidance,
      strength: this.strength,
      libraryRefs: this.libraryRefs,
      look: this.look,
    };
    this.busy = true;
    this.runs++;
    const undoShowing = this.suspendUndo();
    let replaced = false;
    this.progress = { panel: 0, step: 0, done: 0 };
    this.stopped = undefined;
    try {
      await runTask(
        () => t(index === undefined ? 'generate.story.task' : 'generate.story.regenTask', { n: (index ?? 0) + 1 }),
        async (signal, report) => {
          if (index === undefined) {
            this.draft = null;
            await this.loadImages();
            const hooks: StoryHooks = {
              ...this.hooks(report, Math.max(1, splitStory(this.story).length)),
              onReplaced: (u) => {
                this.undo = u;
                replaced = true;
              },
            };
            this.draft = await this.noteStop(draftStory(signal, this.projectId, this.story, this.characters, s, hooks));
          } else if (this.draft) {
            this.draft = await this.noteStop(
              regeneratePanel(
                signal,
                this.projectId,
                this.draft,
                index,
                this.characters,
                this.hooks(report, 1, index),
                this.look,
              ),
            );
          }
        },
        { notifyErrors: false },
      );
      if (!replaced) notify({ kind: 'success', message: t('generate.story.done') });
    } catch (err) {
      if (!isAbortError(err)) notify({ kind: 'error', message: errorText(err) });
      this.draft = await getStory(this.projectId); // what landed before the stop
    } finally {
      this.busy = false;
      if (replaced || undoShowing) this.offerUndo();
      await this.loadImages();
    }
  }

  private renderPanels() {
    const d = this.draft;
    if (!d) return nothing;
    return html`<ol data-testid="story-panels">
      ${d.panels.map((p, i) => {
        const url = p.panelId ? this.urls.get(this.shown.get(p.panelId) ?? '') : undefined;
        return html`<li data-testid="story-panel" data-index=${i} data-seed=${p.seed} data-panel-id=${p.panelId ?? ''}
          data-landed=${url ? 'yes' : 'no'} data-init=${p.init ?? ''} data-look=${p.init ? (p.look ?? 'start') : ''} data-ref=${p.ref ?? ''} data-palette=${p.palette ?? ''}>
          ${url ? html`<img src=${url} alt=${p.text} />` : html`<img alt=${t('generate.story.pending')} />`}
          <div><strong>${i + 1}.</strong> ${p.text}
            <div class="meta">${t('generate.story.meta', { seed: p.seed, take: p.take + 1 })}
              ${p.init ? t(`generate.story.char.${p.look ?? 'start'}`, { name: p.init }) : ''}${p.ref ? t('generate.story.ref', { name: p.ref }) : ''}${p.palette ? t('generate.story.palette', { name: p.palette }) : ''}</div>
            <button data-testid="story-regen" ?disabled=${this.busy || !p.panelId} @click=${() => void this.run(i)}>${t('generate.story.regen')}</button>
          </div></li>`;
      })}
    </ol>`;
  }

  override render() {
    void this.locale;
    const num = (e: Event) => Number((e.target as HTMLInputElement).value);
    const pr = this.progress;
    return html`
      <h3>${t('generate.story.title')}</h3>
      <p>${t('generate.story.help')}</p>
      <label for="story">${t('generate.story.text')}</label>
      <textarea id="story" data-testid="story-text" .value=${this.story}
        @input=${(e: Event) => this.onStoryInput(e)}></textarea>
      <toon-character-sheet .projectId=${this.projectId}
        @characters-changed=${(e: CustomEvent<CharacterRecord[]>) => (this.characters = e.detail)}></toon-character-sheet>
      <div class="row">
        <div><label for="s-seed">${t('generate.story.baseSeed')}</label>
          <input id="s-seed" data-testid="story-seed" type="number" min="0" max="4294967295" .value=${String(this.baseSeed)} @change=${(e: Event) => (this.baseSeed = num(e))} /></div>
        <div><label for="s-steps">${t('generate.steps')}</label>
          <input id="s-steps" data-testid="story-steps" type="number" min="1" max="200" .value=${String(this.steps)} @change=${(e: Event) => (this.steps = num(e))} /></div>
        <div><label for="s-guidance">${t('generate.guidance')}</label>
          <input id="s-guidance" data-testid="story-guidance" type="number" min="1" max="15" step="0.5" .value=${String(this.guidance)} @change=${(e: Event) => (this.guidance = num(e))} /></div>
        <div><label for="s-strength">${t('generate.story.strength')}</label>
          <input id="s-strength" data-testid="story-strength" type="number" min="0.05" max="1" step="0.05" .value=${String(this.strength)} @change=${(e: Event) => (this.strength = num(e))} /></div>
        <div><label for="s-look">${t('generate.story.look')}</label>
          <select id="s-look" data-testid="story-look" ?disabled=${!this.info?.imagePrompt}
            @change=${(e: Event) => (this.look = (e.target as HTMLSelectElement).value as CharacterLook)}>
            ${CHARACTER_LOOKS.map(
              (v) => html`<option value=${v}
              ?selected=${lookFor(this.look, !!this.info?.imagePrompt) === v}>${t(`generate.story.look.${v}`)}</option>`,
            )}
          </select></div>
      </div>
      ${
        lookFor(this.look, !!this.info?.imagePrompt) !== 'prompt'
          ? html`<p class="meta" data-testid="story-guidance-help">${t('generate.story.guidanceHelp')}</p>
              ${strengthNote(this.steps, this.strength, 'story-strength-note')}`
          : nothing
      }
      ${this.info && !this.info.imagePrompt ? html`<p class="meta" data-testid="story-look-note">${t('generate.story.look.only')}</p>` : nothing}
      <label class="check"><input type="checkbox" data-testid="story-library" .checked=${this.libraryRefs}
        @change=${(e: Event) => (this.libraryRefs = (e.target as HTMLInputElement).checked)} /> ${t('generate.story.library')}</label>
      <button data-testid="story-run" ?disabled=${this.busy || !this.info} @click=${() => void this.run()}>${t('generate.story.run')}</button>
      <span role="status" data-testid="story-step" data-run=${this.runs} data-done=${pr.done} data-panel=${pr.panel} data-step=${pr.step}
        data-stopped=${this.stopped?.done ?? ''} data-ack=${this.stopped?.ack ?? ''}>
        ${this.busy && pr.panel ? t('generate.story.at', { panel: pr.panel, step: pr.step }) : ''}</span>
      ${this.renderPanels()}
      <toon-storyboard .story=${this.story} .info=${this.info}
        @board-story=${(e: CustomEvent<string>) => ((this.story = e.detail), this.saveTyped())}></toon-storyboard>
    `;
  }
}
customElements.define('toon-story-mode', ToonStoryMode);

declare global {
  interface HTMLElementTagNameMap {
    'toon-story-mode': ToonStoryMode;
  }
}
