/**
 * <toon-status-view>: what this browser gives Toonsmith — WebGPU adapter (fallback flagged) or
 * the WASM fallback, the backend models really run on and why (the runtime's one rule,
 * workers/runtime/choose-backend.ts), where colour math runs (TypeScript, CPU), the
 * "Use WebGPU even on a software adapter" setting, storage persistence/usage/quota, the shipped
 * models with sizes, and a self-test that runs the shipped ONNX graph on each backend.
 */
import { LitElement, html, nothing } from 'lit';
import { statusStyles } from './status-view.styles';
import { hrefFor } from '../../app/routes';
import { t, getLocale, hasMessage } from '../../app/i18n';
import { LocaleController } from '../../app/locale-controller';
import { notify } from '../../app/notifier';
import { runTask, isAbortError } from '../../app/progress';
import {
  probeRuntime,
  selfTest,
  FORCE_WEBGPU_SETTING,
  type RuntimeInfo,
  type SelfTestResult,
  type Backend,
  type BackendChoice,
} from '../../bridge/runtime';
import { getSetting, setSetting } from '../../store/settings';
import { getStorageInfo, type StorageInfo } from '../../store/storage-info';
import { loadShippedModels, formatBytes, type ShippedModel } from './models-manifest';
import { controlFont } from '../../app/control-font.styles';
import { offlineInfo, watchOnline, type OfflineInfo } from '../../app/offline';
import { renderOffline } from './offline-section';

/** A shipped model's (or kind's) name in the UI language; the manifest's own text for anything else. */
function localName(id: string, fallback: string, prefix = 'status.model.'): string {
  return hasMessage(prefix + id) ? t(prefix + id) : fallback;
}

export class ToonStatusView extends LitElement {
  static override properties = {
    runtime: { state: true },
    storage: { state: true },
    models: { state: true },
    tests: { state: true },
    testing: { state: true },
    force: { state: true },
    saving: { state: true },
    offline: { state: true },
    online: { state: true },
  };
  static override styles = [controlFont, statusStyles];

  runtime: RuntimeInfo | undefined = undefined;
  storage: StorageInfo | undefined = undefined;
  models: ShippedModel[] | undefined = undefined;
  tests: SelfTestResult[] = [];
  testing = false;
  force = false;
  saving = false;
  offline: OfflineInfo | undefined = undefined;
  online = true;
  private offOnline: (() => void) | undefined;
  private readonly locale = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    this.offOnline = watchOnline((on) => (this.online = on));
    void this.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.offOnline?.();
  }

  async refresh(): Promise<void> {
    const fail = (e: unknown) =>
      notify({
        kind: 'error',
        message: t('status.loadFailed', { message: e instanceof Error ? e.message : String(e) }),
      });
    await Promise.all([
      probeRuntime().then((r) => (this.runtime = r), fail),
      getSetting<boolean>(FORCE_WEBGPU_SETTING, false).then((v) => (this.force = v === true), fail),
      getStorageInfo().then((s) => (this.storage = s), fail),
      loadShippedModels().then((m) => (this.models = m), fail),
    ]);
    await offlineInfo((this.models ?? []).flatMap((m) => m.files.map((f) => f.path))).then(
      (o) => (this.offline = o),
      fail,
    );
  }

  private async runSelfTest(): Promise<void> {
    if (this.testing) return;
    this.testing = true;
    this.tests = [];
    try {
      const info = this.runtime ?? (await probeRuntime());
      const backends: Backend[] = info.webgpu.available ? ['wasm', 'webgpu'] : ['wasm'];
      await runTask(
        () => t('status.selfTestTask'),
        async (signal, report) => {
          for (const [i, backend] of backends.entries()) {
            report(i / backends.length, backend);
            const r = await selfTest(signal, backend);
            this.tests = [...this.tests, r];
          }
          report(1);
        },
      );
    } catch (e) {
      if (!isAbortError(e)) console.error(e);
    } finally {
      this.testing = false;
    }
  }

  /** Saves the force setting, then asks the runtime worker again what models will use. */
  private async setForce(e: Event): Promise<void> {
    const box = e.target as HTMLInputElement;
    const next = box.checked;
    this.saving = true;
    try {
      await setSetting(FORCE_WEBGPU_SETTING, next);
      this.force = next;
      this.runtime = await probeRuntime();
    } catch (err) {
      box.checked = this.force;
      notify({
        kind: 'error',
        message: t('status.forceSaveFailed', { message: err instanceof Error ? err.message : String(err) }),
      });
    } finally {
      this.saving = false;
    }
  }

  private backendName(b: Backend): string {
    return b === 'webgpu' ? 'WebGPU' : 'WASM (CPU)';
  }

  private why(c: BackendChoice): string {
    return t(`status.why.${c.reason}`, { detail: c.detail, backend: this.backendName(c.backend) });
  }

  private yesNo(v: boolean): string {
    return v ? t('status.yes') : t('status.no');
  }

  private renderAccel() {
    const r = this.runtime;
    if (!r) return html`<p role="status">${t('app.loadingView')}</p>`;
    const g = r.webgpu;
    return html`<dl data-testid="accel">
      <dt>${t('status.webgpu')}</dt>
      <dd data-testid="webgpu-available" data-available=${String(g.available)}>
        ${g.available ? t('status.webgpuYes') : t('status.webgpuNo')}
      </dd>
      ${
        g.available
          ? html`
            <dt>${t('status.adapterType')}</dt>
            <dd data-testid="adapter-fallback" data-fallback=${String(!!g.isFallbackAdapter)}
              class=${g.isFallbackAdapter ? 'warn' : ''}>
              ${g.isFallbackAdapter ? t('status.fallbackAdapter') : t('status.hardwareAdapter')}
            </dd>
            <dt>${t('status.vendor')}</dt><dd data-testid="adapter-vendor">${g.vendor || '—'}</dd>
            <dt>${t('status.architecture')}</dt><dd data-testid="adapter-architecture">${g.architecture || '—'}</dd>
            <dt>${t('status.device')}</dt><dd>${g.device || '—'}</dd>
            <dt>${t('status.description')}</dt><dd>${g.description || '—'}</dd>`
          : html`<dt>${t('status.reason')}</dt><dd data-testid="webgpu-reason">${g.reason ?? '—'}</dd>`
      }
      <dt>${t('status.modelsRunOn')}</dt>
      <dd data-testid="backend" data-backend=${r.choice.backend} data-reason=${r.choice.reason}
        class=${r.choice.software ? 'warn' : ''}>${this.why(r.choice)}</dd>
      <dt>${t('status.colorMath')}</dt><dd data-testid="color-math" data-backend="cpu">${t('status.colorMathCpu')}</dd>
      <dt>${t('status.ort')}</dt><dd>${r.ortVersion}</dd>
      <dt>${t('status.isolated')}</dt><dd data-testid="isolated">${this.yesNo(r.crossOriginIsolated)}</dd>
      <dt>${t('status.threads')}</dt><dd data-testid="threads">${r.wasmThreads}</dd>
    </dl>
    <div class="force">
      <label><input type="checkbox" data-testid="force-webgpu" .checked=${this.force} ?disabled=${this.saving}
        aria-describedby="force-help" @change=${(e: Event) => void this.setForce(e)} /> ${t('status.force')}</label>
      <p id="force-help" class="help">${t('status.forceHelp')}</p>
    </div>`;
  }

  private renderStorage() {
    const s = this.storage;
    const loc = getLocale();
    if (!s) return html`<p role="status">${t('app.loadingView')}</p>`;
    if (!s.supported) return html`<p>${t('status.storageUnsupported')}</p>`;
    return html`<dl data-testid="storage">
      <dt>${t('status.persisted')}</dt>
      <dd data-testid="persisted" class=${s.persisted ? '' : 'warn'}>
        ${s.persisted ? t('status.yes') : t('status.persistedNo')}
      </dd>
      <dt>${t('status.usage')}</dt><dd data-testid="usage">${formatBytes(s.usage, loc)}</dd>
      <dt>${t('status.quota')}</dt><dd data-testid="quota">${formatBytes(s.quota, loc)}</dd>
    </dl>
    <p data-testid="status-backup">${t('status.backup')} <a href=${hrefFor('strip')}>${t('status.backupLink')}</a></p>`;
  }

  private renderModels() {
    const m = this.models;
    const loc = getLocale();
    if (!m) return html`<p role="status">${t('app.loadingView')}</p>`;
    if (m.length === 0) return html`<p>${t('status.noModels')}</p>`;
    return html`<table data-testid="models">
      <thead><tr><th scope="col">${t('status.modelId')}</th><th scope="col">${t('status.modelKind')}</th>
        <th scope="col">${t('status.modelFiles')}</th><th scope="col">${t('status.modelSize')}</th></tr></thead>
      <tbody>
        ${m.map(
          (x) => html`<tr data-model=${x.id}>
            <td>${localName(x.id, x.name)}<br /><small>${x.id}</small></td><td>${localName(x.kind, x.kind, 'status.kind.')}</td>
            <td class="num">${x.files.length}</td><td class="num" data-bytes=${x.bytes}>${formatBytes(x.bytes, loc)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private renderSelfTest() {
    const fmt = (n: number) => n.toLocaleString(getLocale(), { maximumFractionDigits: 1 });
    const real = this.runtime ? this.backendName(this.runtime.choice.backend) : undefined;
    return html`<div class="row">
        <p>${t('status.selfTestHelp')}${
          real
            ? html` <span data-testid="self-test-real">${t('status.selfTestUses', { backend: real })}</span>`
            : nothing
        }</p>
        <button data-testid="self-test" ?disabled=${this.testing} @click=${() => void this.runSelfTest()}>
          ${t('status.runSelfTest')}
        </button>
      </div>
      ${
        this.tests.length
          ? html`<table data-testid="self-test-results">
            <thead><tr><th scope="col">${t('status.backend')}</th><th scope="col">${t('status.createMs')}</th>
              <th scope="col">${t('status.runMs')}</th><th scope="col">${t('status.maxErr')}</th>
              <th scope="col">${t('status.result')}</th></tr></thead>
            <tbody>
              ${this.tests.map(
                (r) => html`<tr data-backend=${r.backend} data-requested=${r.requested} data-pass=${String(r.pass)}
                  data-create-ms=${r.createMs.toFixed(1)} data-run-ms=${r.runMs.toFixed(1)}
                  data-err-lab=${r.maxAbsErrLab} data-err-gray=${r.maxAbsErrGray}>
                  <td>${r.backend}${
                    r.fallbackReason
                      ? html`<br /><small class="warn">${t('status.fellBack', { backend: r.backend, reason: r.fallbackReason })}</small>`
                      : nothing
                  }</td>
                  <td class="num">${fmt(r.createMs)} ms</td>
                  <td class="num">${fmt(r.runMs)} ms</td>
                  <td class="num">${r.maxAbsErrLab.toExponential(1)} / ${r.maxAbsErrGray.toExponential(1)}</td>
                  <td class=${r.pass ? 'ok' : 'bad'}>${r.pass ? t('status.pass') : t('status.fail')}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
          : nothing
      }`;
  }

  override render() {
    void this.locale;
    return html`
      <div class="row"><h2>${t('status.title')}</h2>
        <button @click=${() => void this.refresh()}>${t('status.refresh')}</button></div>
      <p class="help" data-testid="status-help">${t('status.help')}</p>
      <section aria-labelledby="h-accel"><h3 id="h-accel">${t('status.accel')}</h3>${this.renderAccel()}</section>
      <section aria-labelledby="h-offline"><h3 id="h-offline">${t('status.offline')}</h3>${renderOffline(this.offline, this.online)}</section>
      <section aria-labelledby="h-storage"><h3 id="h-storage">${t('status.storage')}</h3>${this.renderStorage()}</section>
      <section aria-labelledby="h-models"><h3 id="h-models">${t('status.models')}</h3>${this.renderModels()}</section>
      <section aria-labelledby="h-self"><h3 id="h-self">${t('status.selfTest')}</h3>${this.renderSelfTest()}</section>
    `;
  }
}
customElements.define('toon-status-view', ToonStatusView);

declare global {
  interface HTMLElementTagNameMap {
    'toon-status-view': ToonStatusView;
  }
}
