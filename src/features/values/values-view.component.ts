/**
 * <toon-values-view>: value check of the current project's panels — each panel's lightness
 * (CIE L*), computed in TypeScript on the CPU inside the runtime worker (pure colour math: no
 * model, no GPU), drawn as a gray image with its mean and 5–95 % range. Reads the store;
 * decoding and the conversion happen in the worker, never on the main thread.
 */
import { LitElement, html, css, nothing } from 'lit';
import { t, getLocale } from '../../app/i18n';
import { LocaleController } from '../../app/locale-controller';
import { runTask, isAbortError } from '../../app/progress';
import { lightnessOfEncoded, type LightnessResult } from '../../bridge/runtime';
import { currentProjectId, getProject } from '../../store/projects';
import { listPanels, currentBlobId } from '../../store/panels';
import { blobBytes, getBlob } from '../../store/blobs';
import type { Panel } from '../../store/schema';

interface Checked {
  panel: Panel;
  result: LightnessResult;
}

export class ToonValuesView extends LitElement {
  static override properties = { checked: { state: true }, running: { state: true }, note: { state: true } };
  static override styles = css`
    :host { display: block; max-width: 60rem; }
    h2 { margin: 0 0 .5rem; font-size: 1.5rem; }
    ul { list-style: none; padding: 0; display: grid; gap: 1rem; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); }
    li { background: #fff; border: 1px solid #e5e7eb; border-radius: .5rem; padding: .5rem; }
    canvas { width: 100%; height: auto; display: block; background: #e5e7eb; }
    .meta { font-size: .875rem; color: #374151; margin: .25rem 0 0; }
    .warn { color: #92400e; }
    button { font: inherit; padding: .375rem .875rem; border-radius: .375rem; border: 1px solid #4f46e5;
      background: #4f46e5; color: #fff; cursor: pointer; }
    button[disabled] { opacity: .6; cursor: default; }
    button:focus-visible { outline: 2px solid #a5b4fc; outline-offset: 2px; }
  `;

  checked: Checked[] = [];
  running = false;
  note = '';
  private readonly locale = new LocaleController(this);

  private async check(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.checked = [];
    this.note = '';
    try {
      const id = await currentProjectId();
      const project = id ? await getProject(id) : undefined;
      if (!project) {
        this.note = t('values.noProject');
        return;
      }
      const panels = await listPanels(project.id);
      if (panels.length === 0) {
        this.note = t('values.empty');
        return;
      }
      await runTask(
        () => t('values.task'),
        async (signal, report) => {
          for (const [i, panel] of panels.entries()) {
            report(i / panels.length, `${i + 1} / ${panels.length}`);
            const blob = await getBlob(currentBlobId(panel));
            if (!blob) continue;
            const result = await lightnessOfEncoded(signal, await blobBytes(blob), blob.type, {
              via: 'cpu',
              maxSide: 1024,
            });
            this.checked = [...this.checked, { panel, result }];
          }
          report(1);
        },
      );
    } catch (e) {
      if (!isAbortError(e)) console.error(e);
    } finally {
      this.running = false;
    }
  }

  protected override updated(): void {
    for (const canvas of this.renderRoot.querySelectorAll<HTMLCanvasElement>('canvas[data-index]')) {
      const item = this.checked[Number(canvas.dataset.index)];
      if (!item || canvas.dataset.drawn === '1') continue;
      const { width, height, preview } = item.result;
      canvas.width = width;
      canvas.height = height;
      canvas.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(preview), width, height), 0, 0);
      canvas.dataset.drawn = '1';
    }
  }

  override render() {
    void this.locale;
    const f = (v: number) => (v * 100).toLocaleString(getLocale(), { maximumFractionDigits: 0 });
    const ms = (v: number) => v.toLocaleString(getLocale(), { maximumFractionDigits: v < 10 ? 1 : 0 });
    const engine = (b: LightnessResult['backend']) => (b === 'cpu' ? t('values.cpu') : b);
    return html`
      <h2>${t('values.title')}</h2>
      <p>${t('values.help')}</p>
      <button data-testid="values-run" ?disabled=${this.running} @click=${() => void this.check()}>${t('values.run')}</button>
      ${this.note ? html`<p role="status" data-testid="values-note">${this.note}</p>` : nothing}
      <ul data-testid="values-list">
        ${this.checked.map(({ panel, result }, i) => {
          const s = result.stats;
          const span = s.p95 - s.p5;
          return html`<li data-testid="values-item" data-mean=${s.mean} data-p5=${s.p5} data-p95=${s.p95}
            data-backend=${result.backend} data-width=${result.width} data-height=${result.height}>
            <canvas data-index=${i} role="img" aria-label=${t('values.panel', { n: i + 1, name: panel.sourceName })}></canvas>
            <p class="meta">${t('values.panel', { n: i + 1, name: panel.sourceName })}</p>
            <p class="meta">${t('values.stats', { mean: f(s.mean), p5: f(s.p5), p95: f(s.p95) })}</p>
            ${span < 0.25 ? html`<p class="meta warn">${t('values.flat', { span: f(span) })}</p>` : nothing}
            <p class="meta">${t('values.backend', { backend: engine(result.backend), ms: ms(result.ms) })}</p>
          </li>`;
        })}
      </ul>
    `;
  }
}
customElements.define('toon-values-view', ToonValuesView);

declare global {
  interface HTMLElementTagNameMap {
    'toon-values-view': ToonValuesView;
  }
}
