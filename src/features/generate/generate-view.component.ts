/**
 * <toon-generate-view>: treatment → panel with the shipped diffusion model (Toon-Diffusion, a weak
 * first model, loaded from /models/diffusion/toon-diffusion/) or a Stable-Diffusion-style ONNX
 * folder the user imports (remembered in IndexedDB, restored after a reload; the "Model" choice
 * switches between the two — model-state.ts). The active model is named in the status. Optionally
 * image-to-image from a reference (top library match, the picked reference, or a photo) at a
 * chosen strength; the reference used is shown beside the result. Story mode sits below.
 * Loading, the denoising loop, decoding and PNG encoding run in the diffusion worker; progress
 * per step with Cancel (runTask). A WebGPU device lost mid-run moves the run to WASM (notice,
 * status and result say so; gpu-loss.ts).
 */
import { ObjectUrls } from '../../app/object-urls';
import { LitElement, html, css, nothing } from 'lit';
import { formStyles } from './form.styles';
import { t } from '../../app/i18n';
import { fileButtonStyles } from '../../app/file-button.styles';
import { LocaleController } from '../../app/locale-controller';
import { notify } from '../../app/notifier';
import { isAbortError, runTask } from '../../app/progress';
import { panelPng, promptProblem, type GenerateResult, type ModelInfo } from '../../bridge/diffusion';
import { lookFor, lookUses, treatmentProblem, type CharacterLook } from '../../core/story';
import { SINGLE_PANEL } from '../../core/diffusion/defaults';
import { addPanels } from '../../store/panels';
import { openCurrentProject } from '../../app/current-project';
import { errorText } from './errors';
import { generateOnDevice, lossWhere } from './gpu-loss';
import type { ToonInitImage } from './init-image.component';
import { resolveInit, type InitChoice } from './init-source';
import {
  backendChoice,
  ensureLoaded,
  importedModel,
  importFolder,
  onModel,
  restoreModel,
  setBackendChoice,
  SHIPPED_ID,
  useImported,
  useShipped,
  type ActiveModel,
  type BackendChoice,
} from './model-state';
import { paintResult, resultTimings } from './result-canvas';
import './init-image.component';
import './story-mode.component';
import { controlFont } from '../../app/control-font.styles';

interface Used {
  name: string;
  kind: string;
  score?: number;
  strength: number;
  url: string;
  use: CharacterLook;
}

export class ToonGenerateView extends LitElement {
  static override properties = {
    info: { state: true },
    result: { state: true },
    busy: { state: true },
    prompt: { state: true },
    steps: { state: true },
    guidance: { state: true },
    seed: { state: true },
    step: { state: true },
    used: { state: true },
    backend: { state: true },
    active: { state: true },
    imported: { state: true },
  };
  static override styles = [
    controlFont,
    formStyles,
    fileButtonStyles,
    css`
    :host { display: block; max-width: 48rem; }
    h2 { margin: 0 0 .5rem; font-size: 1.5rem; }
    textarea { min-height: 4rem; }
    button { margin-top: .75rem; }
    .out { display: flex; gap: 1rem; flex-wrap: wrap; align-items: start; }
    canvas, .ref img { width: 256px; height: 256px; image-rendering: pixelated; display: block; margin-top: .75rem; background: #e5e7eb; object-fit: contain; }
    figure { margin: 0; }
    .weak { font-size: .9rem; color: #92400e; background: #fffbeb; border: 1px solid #fde68a; border-radius: .375rem; padding: .375rem .5rem; }
  `,
  ];

  info: ModelInfo | undefined;
  active: ActiveModel | undefined;
  /** The imported folder kept in storage (active or not). */
  imported: { id: string; name: string } | undefined;
  result: GenerateResult | undefined;
  used: Used | undefined;
  busy = false;
  prompt = '';
  /** Defaults chosen on val (src/core/diffusion/defaults.ts). */
  steps: number = SINGLE_PANEL.steps;
  guidance: number = SINGLE_PANEL.guidance;
  seed = 1;
  step = 0;
  backend: BackendChoice = 'auto';
  private readonly locale = new LocaleController(this);
  /** The start picture's object URL (src/app/object-urls.ts), replaced and released with the view. */
  private readonly urls = new ObjectUrls(this);
  private unsub?: () => void;

  /** "Use as reference" in the references view switches the start picture to that reference. */
  private readonly onUseReference = (): void => {
    const init = this.renderRoot.querySelector<ToonInitImage>('toon-init-image');
    if (init) init.mode = 'picked';
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('toon-use-reference', this.onUseReference);
    this.unsub = onModel((m) => {
      this.active = m;
      this.info = m?.info;
      void importedModel().then((x) => (this.imported = x));
    });
    void importedModel().then((x) => (this.imported = x));
    void backendChoice().then((b) => (this.backend = b));
    const fallback = (name: string, reason: unknown) =>
      notify({ kind: 'error', message: t('generate.error.restore', { name, reason: errorText(reason) }) });
    void runTask(
      () => t('generate.restoring'),
      (signal) => restoreModel(signal, fallback),
      { notifyErrors: false },
    ).catch((e: unknown) => {
      if (!isAbortError(e)) notify({ kind: 'error', message: t('generate.error.shipped', { reason: errorText(e) }) });
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('toon-use-reference', this.onUseReference);
    this.unsub?.();
  }

  private async pickFolder(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const list = Array.from(input.files ?? []);
    input.value = '';
    if (!list.length) return;
    const top = list[0].webkitRelativePath.split('/')[0] || 'model';
    this.busy = true;
    try {
      await runTask(
        () => t('generate.loading'),
        async (signal, report) => {
          // File handles only: the store worker reads, checks and stages the bytes (model-state.ts).
          const entries = list.map((f) => ({ path: f.webkitRelativePath || f.name, file: f }));
          return importFolder(signal, top, entries, undefined, (done, total, path) =>
            report(done < total ? done / total : undefined, path.split('/').pop() ?? path),
          );
        },
        { notifyErrors: false },
      );
    } catch (err) {
      if (!isAbortError(err))
        notify({ kind: 'error', message: t('generate.error.badFolder', { name: top, reason: errorText(err) }) });
    } finally {
      this.busy = false;
    }
  }

  /** "Model": the shipped one or the stored imported folder. */
  private async chooseModel(e: Event): Promise<void> {
    const select = e.target as HTMLSelectElement;
    const value = select.value;
    this.busy = true;
    try {
      await runTask(
        () => t('generate.loading'),
        (signal) => (value === SHIPPED_ID ? useShipped(signal) : useImported(signal)),
        { notifyErrors: false },
      );
    } catch (err) {
      if (!isAbortError(err)) notify({ kind: 'error', message: errorText(err) });
    } finally {
      this.busy = false;
      // A cancelled or failed switch leaves the model that was active: show that one again.
      select.value = this.active?.kind === 'imported' ? this.active.id : SHIPPED_ID;
    }
  }

  private renderModelStatus() {
    const i = this.info;
    if (!i) return nothing;
    const shipped = this.active?.kind === 'shipped';
    const line = t(shipped ? 'generate.loadedShipped' : 'generate.loaded', {
      name: i.name,
      size: i.imageSize,
      backend: i.backend,
      text: i.hasTextEncoder ? '' : t('generate.noText'),
    });
    return html`<p role="status" data-testid="generate-model" data-source=${this.active?.kind ?? ''} data-name=${i.name}
        data-backend=${i.backend} data-gpu-lost=${i.gpuLost ? 'yes' : 'no'} data-load-ms=${Math.round(i.loadMs)}>${line}${i.hasEncoder ? '' : t('generate.noEncoder')}${i.gpuLost ? t('generate.gpuLost.status') : ''}</p>
      ${shipped ? html`<p class="weak" data-testid="generate-model-caveat">${t('generate.shippedCaveat')}</p>` : nothing}`;
  }

  private async chooseBackend(e: Event): Promise<void> {
    this.backend = (e.target as HTMLSelectElement).value as BackendChoice;
    await setBackendChoice(this.backend);
    if (!this.info) return;
    this.busy = true;
    try {
      await runTask(
        () => t('generate.loading'),
        (signal) => ensureLoaded(signal),
        { notifyErrors: false },
      );
    } catch (err) {
      if (!isAbortError(err)) notify({ kind: 'error', message: errorText(err) });
    } finally {
      this.busy = false;
    }
  }

  private showUsed(c: InitChoice | undefined, strength: number, use: CharacterLook): void {
    if (!c) this.urls.clear();
    this.used = c
      ? {
          name: c.name,
          kind: c.kind,
          strength,
          use,
          url: this.urls.set('used', c.blob),
          ...(c.score !== undefined ? { score: c.score } : {}),
        }
      : undefined;
  }

  private async run(): Promise<void> {
    if (!this.info) return void notify({ kind: 'error', message: t('generate.noModel') });
    const early = treatmentProblem(this.prompt);
    if (early) return void notify({ kind: 'error', message: t(`generate.bad.${early}`) });
    const init = this.renderRoot.querySelector<ToonInitImage>('toon-init-image');
    const mode = init?.mode ?? 'none';
    const strength = init?.strength ?? 1;
    const use = lookFor(init?.use, !!this.info.imagePrompt);
    const uses = lookUses(use);
    this.busy = true;
    this.step = 0;
    try {
      const out = await runTask(
        () => t('generate.task'),
        async (signal, report) => {
          await ensureLoaded(signal);
          const problem = await promptProblem(signal, this.prompt);
          if (problem) throw new Error(t(`generate.bad.${problem}`));
          const choice = await resolveInit(signal, mode, this.prompt, init?.photo);
          if (mode === 'library' && !choice) notify({ kind: 'info', message: t('generate.init.emptyLibrary') });
          const r = await generateOnDevice(
            signal,
            {
              prompt: this.prompt,
              steps: this.steps,
              guidance: this.guidance,
              seed: this.seed,
              ...(choice && uses.start ? { init: { image: choice.image, strength } } : {}),
              ...(choice && uses.imagePrompt ? { imagePrompt: choice.image } : {}),
            },
            (p) => {
              this.step = p.step;
              report(p.step / p.total, t('generate.step', { step: p.step, total: p.total }));
            },
          );
          return { r, choice };
        },
        { notifyErrors: false },
      );
      this.result = out.r;
      this.showUsed(out.choice, strength, use);
    } catch (err) {
      if (!isAbortError(err)) notify({ kind: 'error', message: errorText(err) });
    } finally {
      this.busy = false;
    }
  }

  private async addToStrip(): Promise<void> {
    const r = this.result;
    if (!r) return;
    try {
      const bytes = await panelPng(undefined, r.image);
      const project = await openCurrentProject();
      const name = `${this.prompt.trim().slice(0, 40) || 'panel'} (seed ${r.seed}).png`;
      await addPanels(project.id, [
        { bytes, type: 'image/png', width: r.image.width, height: r.image.height, sourceName: name },
      ]);
      notify({ kind: 'success', message: t('generate.added', { project: project.name }) });
    } catch (err) {
      notify({ kind: 'error', message: errorText(err) });
    }
  }

  protected override updated(): void {
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas[data-testid=generate-result]');
    if (canvas && this.result) paintResult(canvas, this.result);
  }

  private renderResult() {
    const r = this.result;
    if (!r) return nothing;
    const u = this.used;
    return html`<div class="out">
        <figure><canvas data-testid="generate-result" role="img" aria-label=${this.prompt}></canvas></figure>
        <figure class="ref" data-testid="generate-used" data-name=${u?.name ?? ''} data-kind=${u?.kind ?? 'none'} data-use=${u?.use ?? ''}>
          ${u ? html`<img src=${u.url} alt=${u.name} />` : nothing}
          <figcaption>${
            u
              ? t(u.use === 'prompt' ? 'generate.usedPrompt' : 'generate.used', {
                  name: u.name,
                  kind: t(`generate.init.${u.kind}`),
                  strength: u.strength.toFixed(2),
                  score: u.score !== undefined ? ` · ${u.score}` : '',
                }) + (u.use === 'both' ? t('generate.usedAlsoPrompt') : '')
              : t('generate.usedNone')
          }</figcaption>
        </figure>
      </div>
      <p data-testid="generate-done">${t('generate.done', { ms: Math.round(r.timings.totalMs), steps: r.steps, seed: r.seed, ...resultTimings(r) })}${t('generate.ranOn', { backend: r.backend })}${
        r.deviceLost ? t('generate.gpuLost.result', { where: lossWhere(r.deviceLost, r.steps) }) : ''
      }</p>
      <button data-testid="generate-add" @click=${() => void this.addToStrip()}>${t('generate.add')}</button>`;
  }

  /** Takes the reader to the story or storyboard section further down (its heading, focused). */
  private jump(which: 'story' | 'board'): void {
    const story = this.renderRoot.querySelector('toon-story-mode')?.shadowRoot;
    const root = which === 'board' ? story?.querySelector('toon-storyboard')?.shadowRoot : story;
    const h = root?.querySelector<HTMLElement>('h3');
    if (!h) return;
    h.tabIndex = -1;
    h.scrollIntoView({ block: 'start' });
    h.focus({ preventScroll: true });
  }

  override render() {
    void this.locale;
    const i = this.info;
    const num = (e: Event) => Number((e.target as HTMLInputElement).value);
    return html`
      <h2>${t('generate.title')}</h2>
      <nav class="jump" aria-label=${t('generate.jump')}>
        <button data-testid="jump-story" @click=${() => this.jump('story')}>${t('generate.jump.story')}</button>
        <button data-testid="jump-board" @click=${() => this.jump('board')}>${t('generate.jump.board')}</button>
      </nav>
      <p>${t('generate.help')}</p>
      <label for="model">${t('generate.model')}</label>
      <select id="model" data-testid="generate-model-choice" ?disabled=${this.busy || !i} @change=${(e: Event) => void this.chooseModel(e)}>
        <option value=${SHIPPED_ID} ?selected=${this.active?.kind !== 'imported'}>${t('generate.model.shipped')}</option>
        ${
          this.imported
            ? html`<option value=${this.imported.id} ?selected=${this.active?.kind === 'imported'}>${t('generate.model.imported', { name: this.imported.name })}</option>`
            : nothing
        }
      </select>
      <label for="folder">${t('generate.folder')}</label>
      <label class="file-button"><span class="face">${t('app.chooseFolder')}</span><input id="folder" data-testid="generate-folder" type="file" webkitdirectory multiple ?disabled=${this.busy}
        @change=${(e: Event) => void this.pickFolder(e)} /></label>
      <small class="hint">${t('generate.folderHint')}</small>
      ${this.renderModelStatus()}
      <label for="backend">${t('generate.backend')}</label>
      <select id="backend" data-testid="generate-backend" ?disabled=${this.busy} @change=${(e: Event) => void this.chooseBackend(e)}>
        ${(['auto', 'webgpu', 'wasm'] as const).map((b) => html`<option value=${b} ?selected=${this.backend === b}>${t(`generate.backend.${b}`)}</option>`)}
      </select>
      <label for="prompt">${t('generate.prompt')}</label>
      <textarea id="prompt" data-testid="generate-prompt" maxlength="10000" .value=${this.prompt}
        @input=${(e: Event) => (this.prompt = (e.target as HTMLTextAreaElement).value)}></textarea>
      <toon-init-image .imagePrompt=${!!this.info?.imagePrompt} .steps=${this.steps}></toon-init-image>
      <div class="row">
        <div><label for="steps">${t('generate.steps')}</label>
          <input id="steps" type="number" min="1" max="200" .value=${String(this.steps)} @change=${(e: Event) => (this.steps = num(e))} /></div>
        <div><label for="guidance">${t('generate.guidance')}</label>
          <input id="guidance" type="number" min="1" max="15" step="0.5" .value=${String(this.guidance)} @change=${(e: Event) => (this.guidance = num(e))} /></div>
        <div><label for="seed">${t('generate.seed')}</label>
          <input id="seed" type="number" min="0" max="4294967295" .value=${String(this.seed)} @change=${(e: Event) => (this.seed = num(e))} /></div>
      </div>
      <button data-testid="generate-run" ?disabled=${this.busy || !i} @click=${() => void this.run()}>${t('generate.run')}</button>
      <span role="status" data-testid="generate-step" data-step=${this.step}>${this.busy && this.step ? t('generate.step', { step: this.step, total: '…' }) : ''}</span>
      ${this.renderResult()}
      <toon-story-mode .info=${i}></toon-story-mode>
    `;
  }
}
customElements.define('toon-generate-view', ToonGenerateView);

declare global {
  interface HTMLElementTagNameMap {
    'toon-generate-view': ToonGenerateView;
  }
}
