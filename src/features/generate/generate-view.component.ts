/**
 * <toon-generate-view>: treatment → panel with a diffusion model folder the user picks (a
 * Stable-Diffusion-style ONNX folder; see workers/diffusion/README.md). Loading, the denoising
 * loop and PNG encoding run in the diffusion worker; progress per step with Cancel (runTask);
 * the result can be stored as a panel of the current project.
 */
import { LitElement, html, css, nothing } from 'lit';
import { t } from '../../app/i18n';
import { LocaleController } from '../../app/locale-controller';
import { notify, notifyError } from '../../app/notifier';
import { isAbortError, runTask } from '../../app/progress';
import { generatePanel, loadDiffusionModel, panelPng, type GenerateResult, type ModelInfo } from '../../bridge/diffusion';
import { addPanels } from '../../store/panels';
import { ensureCurrentProject } from '../../store/projects';

export class ToonGenerateView extends LitElement {
  static override properties = {
    info: { state: true },
    result: { state: true },
    busy: { state: true },
    prompt: { state: true },
    steps: { state: true },
    guidance: { state: true },
    seed: { state: true },
  };
  static override styles = css`
    :host { display: block; max-width: 48rem; }
    h2 { margin: 0 0 .5rem; font-size: 1.5rem; }
    label { display: block; margin: .5rem 0 .25rem; font-weight: 600; }
    textarea { width: 100%; min-height: 4rem; font: inherit; }
    .row { display: flex; gap: 1rem; flex-wrap: wrap; align-items: end; }
    input[type='number'] { width: 6rem; font: inherit; }
    button { font: inherit; padding: .375rem .875rem; border-radius: .375rem; border: 1px solid #4f46e5;
      background: #4f46e5; color: #fff; cursor: pointer; margin-top: .75rem; }
    button[disabled] { opacity: .6; cursor: default; }
    button:focus-visible, textarea:focus-visible, input:focus-visible { outline: 2px solid #a5b4fc; outline-offset: 2px; }
    canvas { width: 256px; height: 256px; image-rendering: pixelated; display: block; margin-top: .75rem; background: #e5e7eb; }
  `;

  info: ModelInfo | undefined;
  result: GenerateResult | undefined;
  busy = false;
  prompt = '';
  steps = 8;
  guidance = 3;
  seed = 1;
  private readonly locale = new LocaleController(this);

  private async pickFolder(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const list = Array.from(input.files ?? []);
    if (!list.length) return;
    const top = list[0].webkitRelativePath.split('/')[0] || 'model';
    this.busy = true;
    try {
      this.info = await runTask(t('generate.loading'), async (signal, report) => {
        const files: Record<string, Uint8Array> = {};
        for (const [i, f] of list.entries()) {
          report(i / list.length, f.name);
          const rel = f.webkitRelativePath.split('/').slice(1).join('/') || f.name;
          files[rel] = new Uint8Array(await f.arrayBuffer());
        }
        report(undefined);
        return loadDiffusionModel(signal, { kind: 'files', name: top, files });
      });
    } catch (err) {
      if (!isAbortError(err)) console.error(err);
    } finally {
      this.busy = false;
      input.value = '';
    }
  }

  private async run(): Promise<void> {
    if (!this.info) {
      notify({ kind: 'error', message: t('generate.noModel') });
      return;
    }
    this.busy = true;
    try {
      this.result = await runTask(t('generate.task'), (signal, report) =>
        generatePanel(signal, { prompt: this.prompt, steps: this.steps, guidance: this.guidance, seed: this.seed }, (p) =>
          report(p.step / p.total, t('generate.step', { step: p.step, total: p.total })),
        ),
      );
    } catch (err) {
      if (!isAbortError(err)) console.error(err);
    } finally {
      this.busy = false;
    }
  }

  private async addToStrip(): Promise<void> {
    const r = this.result;
    if (!r) return;
    try {
      const bytes = await panelPng(undefined, r.image);
      const project = await ensureCurrentProject(t('generate.defaultProject'));
      const name = `${this.prompt.trim().slice(0, 40) || 'panel'} (seed ${r.seed}).png`;
      await addPanels(project.id, [{ bytes, type: 'image/png', width: r.image.width, height: r.image.height, sourceName: name }]);
      notify({ kind: 'success', message: t('generate.added', { project: project.name }) });
    } catch (err) {
      notifyError(err);
    }
  }

  protected override updated(): void {
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas');
    const r = this.result;
    if (!canvas || !r || canvas.dataset.seed === `${r.seed}:${r.timings.totalMs}`) return;
    canvas.width = r.image.width;
    canvas.height = r.image.height;
    canvas.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(r.image.data), r.image.width, r.image.height), 0, 0);
    canvas.dataset.seed = `${r.seed}:${r.timings.totalMs}`;
  }

  override render() {
    void this.locale;
    const i = this.info;
    const num = (e: Event) => Number((e.target as HTMLInputElement).value);
    return html`
      <h2>${t('generate.title')}</h2>
      <p>${t('generate.help')}</p>
      <label for="folder">${t('generate.folder')}</label>
      <input id="folder" data-testid="generate-folder" type="file" webkitdirectory multiple ?disabled=${this.busy}
        @change=${(e: Event) => void this.pickFolder(e)} />
      ${i
        ? html`<p role="status" data-testid="generate-model">${t('generate.loaded', {
            name: i.name, size: i.imageSize, backend: i.backend, text: i.hasTextEncoder ? '' : t('generate.noText'),
          })}</p>`
        : nothing}
      <label for="prompt">${t('generate.prompt')}</label>
      <textarea id="prompt" data-testid="generate-prompt" maxlength="10000" .value=${this.prompt}
        @input=${(e: Event) => (this.prompt = (e.target as HTMLTextAreaElement).value)}></textarea>
      <div class="row">
        <div><label for="steps">${t('generate.steps')}</label>
          <input id="steps" type="number" min="1" max="50" .value=${String(this.steps)} @change=${(e: Event) => (this.steps = num(e))} /></div>
        <div><label for="guidance">${t('generate.guidance')}</label>
          <input id="guidance" type="number" min="1" max="15" step="0.5" .value=${String(this.guidance)} @change=${(e: Event) => (this.guidance = num(e))} /></div>
        <div><label for="seed">${t('generate.seed')}</label>
          <input id="seed" type="number" min="0" max="4294967295" .value=${String(this.seed)} @change=${(e: Event) => (this.seed = num(e))} /></div>
      </div>
      <button data-testid="generate-run" ?disabled=${this.busy || !i} @click=${() => void this.run()}>${t('generate.run')}</button>
      ${this.result
        ? html`<canvas data-testid="generate-result" role="img" aria-label=${this.prompt}></canvas>
            <p>${t('generate.done', { ms: Math.round(this.result.timings.totalMs), steps: this.result.steps, seed: this.result.seed })}</p>
            <button data-testid="generate-add" @click=${() => void this.addToStrip()}>${t('generate.add')}</button>`
        : nothing}
    `;
  }
}
customElements.define('toon-generate-view', ToonGenerateView);

declare global {
  interface HTMLElementTagNameMap { 'toon-generate-view': ToonGenerateView }
}
