/**
 * <toon-references-view>: the reference library — add images (drop / pick / current project's
 * panels), search by treatment (ko/en) with project and tag filters, "use as reference", zero-shot
 * tags, and the active CLIP model (shipped or imported folder/zip).
 */
import { LitElement, html, css, nothing } from 'lit';
import { directive, Directive, type PartInfo, PartType, type ElementPart } from 'lit/directive.js';
import { t } from '../../app/i18n';
import { LocaleController } from '../../app/locale-controller';
import { runTask, isAbortError } from '../../app/progress';
import { notify } from '../../app/notifier';
import { SHIPPED_CLIP, useModel, type ClipSource } from '../../bridge/clip';
import { getSetting, setSetting } from '../../store/settings';
import { listPanels } from '../../store/panels';
import { getBlob, toBlob } from '../../store/blobs';
import { libraryEvents, setActiveReference } from '../../store/references';
import { ACTIVE_CLIP_KEY, deleteModel, getModel, listModels, loadModelFiles, saveModel } from '../../store/models';
import type { ModelRecord } from '../../store/schema';
import { Library, LibraryError, type SearchResult } from './library';
import { checkClipFolder } from './model-folder';
import { readDroppedModel, readPickedFiles, type PickedModel } from './model-files';

const DIM_ERROR = /^The (text|vision) model gives vectors of size (\d+), config.json says (\d+)/;

function message(e: unknown): string {
  if (e instanceof LibraryError) return t(e.key, e.params);
  const dim = e instanceof Error && e.name === 'ClipDimError' ? DIM_ERROR.exec(e.message) : null;
  if (dim) return t(`refs.error.dim.${dim[1]}`, { got: Number(dim[2]), want: Number(dim[3]) });
  return e instanceof Error ? e.message : String(e);
}

export class ToonReferencesView extends LitElement {
  static override properties = {
    ready: { state: true }, result: { state: true }, count: { state: true }, models: { state: true },
    tags: { state: true }, onlyProject: { state: true }, tag: { state: true }, labels: { state: true },
  };
  static override styles = css`
    :host { display: block; max-width: 64rem; }
    h2 { margin: 0 0 .5rem; font-size: 1.5rem; }
    .zone { border: 2px dashed #9ca3af; border-radius: .5rem; padding: 1rem; margin: .75rem 0; }
    .zone.over { border-color: #4f46e5; background: #eef2ff; }
    .row { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .5rem 0; }
    input[type=search], input[type=text] { font: inherit; padding: .375rem .5rem; min-width: 18rem; }
    button { font: inherit; padding: .375rem .875rem; border-radius: .375rem; border: 1px solid #4f46e5;
      background: #4f46e5; color: #fff; cursor: pointer; }
    button.plain { background: #fff; color: #4f46e5; }
    button:focus-visible, input:focus-visible, select:focus-visible { outline: 2px solid #a5b4fc; outline-offset: 2px; }
    ol { list-style: none; padding: 0; display: grid; gap: .75rem; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); }
    li { border: 1px solid #e5e7eb; border-radius: .5rem; padding: .5rem; background: #fff; }
    img { width: 100%; height: 8rem; object-fit: contain; background: #f9fafb; }
    .meta { font-size: .8rem; color: #374151; margin: .25rem 0; overflow-wrap: anywhere; }
    .note { color: #92400e; }
  `;

  ready = false;
  result?: SearchResult;
  count = 0;
  models: ModelRecord[] = [];
  tags: string[] = [];
  onlyProject = false;
  tag = '';
  labels = '';
  private readonly lib = new Library();
  private readonly urls: string[] = [];
  private readonly locale = new LocaleController(this);

  /** A restored backup added references: reload the index and the list. */
  private readonly onLibraryChanged = () => void this.open();

  override connectedCallback(): void {
    super.connectedCallback();
    libraryEvents.addEventListener('changed', this.onLibraryChanged);
    void this.open();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    libraryEvents.removeEventListener('changed', this.onLibraryChanged);
    for (const u of this.urls.splice(0)) URL.revokeObjectURL(u);
  }

  private async source(): Promise<ClipSource> {
    const id = await getSetting<string>(ACTIVE_CLIP_KEY, SHIPPED_CLIP.id);
    if (id === SHIPPED_CLIP.id) return SHIPPED_CLIP;
    const rec = await getModel(id);
    if (!rec) return SHIPPED_CLIP;
    return { kind: 'imported', id: rec.id, name: rec.name, files: await loadModelFiles(rec) };
  }

  private async open(): Promise<void> {
    this.ready = false;
    try {
      useModel(await this.source());
      await runTask(t('refs.loading'), (signal, report) => this.lib.open(signal, report));
    } catch (e) {
      if (!isAbortError(e)) notify({ kind: 'error', message: t('refs.error.modelLoad', { reason: message(e) }) });
    }
    this.models = await listModels('clip');
    this.refresh();
  }

  private refresh(): void {
    this.ready = !!this.lib.model;
    this.count = this.lib.refs.size;
    this.tags = this.lib.allTags();
    this.labels = this.lib.labels.join(', ');
  }

  private async add(items: { blob: Blob; name: string; projectId?: string }[]): Promise<void> {
    const images = items.filter((i) => !i.blob.type || i.blob.type.startsWith('image/'));
    if (images.length === 0) return void notify({ kind: 'error', message: t('refs.error.noImages') });
    try {
      const r = await runTask(t('refs.adding'), (signal, report) => this.lib.add(images, signal, report), { notifyErrors: false });
      if (r.added.length) notify({ kind: 'success', message: t('refs.added', { n: r.added.length }) });
      if (r.failed.length)
        notify({ kind: 'error', message: t('refs.error.decode', { n: r.failed.length, names: r.failed.map((f) => f.name).join(', ') }) });
    } catch (e) {
      if (!isAbortError(e)) notify({ kind: 'error', message: message(e) });
    }
    this.refresh();
  }

  private onFiles(ev: Event): void {
    const input = ev.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    void this.add(files.map((f) => ({ blob: f, name: f.name })));
  }

  private onDrop(ev: DragEvent): void {
    ev.preventDefault();
    (ev.currentTarget as HTMLElement).classList.remove('over');
    const files = [...(ev.dataTransfer?.files ?? [])];
    void this.add(files.map((f) => ({ blob: f, name: f.name })));
  }

  private dragOver(e: DragEvent): void {
    e.preventDefault();
    (e.currentTarget as HTMLElement).classList.add('over');
  }

  private dragLeave(e: DragEvent): void {
    (e.currentTarget as HTMLElement).classList.remove('over');
  }

  private async addPanels(): Promise<void> {
    const projectId = await getSetting<string | null>('currentProjectId', null);
    if (!projectId) return void notify({ kind: 'error', message: t('refs.error.noImages') });
    const items = [];
    for (const p of await listPanels(projectId)) {
      const b = await getBlob(p.resultBlobId ?? p.originalBlobId);
      if (b) items.push({ blob: toBlob(b), name: p.sourceName, projectId });
    }
    await this.add(items);
  }

  private async search(ev?: Event): Promise<void> {
    ev?.preventDefault();
    const q = (this.renderRoot.querySelector('[data-testid=refs-query]') as HTMLInputElement).value;
    try {
      const projectId = this.onlyProject ? (await getSetting<string | null>('currentProjectId', null)) ?? undefined : undefined;
      this.result = await this.lib.search(q, { k: 12, projectId, tag: this.tag || undefined });
      this.dataset.lastQuery = q;
      if (this.result.truncated) notify({ kind: 'info', message: t('refs.truncated', { n: this.result.maxLength }) });
    } catch (e) {
      notify({ kind: 'error', message: message(e) });
    }
  }

  private async tagAll(): Promise<void> {
    const raw = (this.renderRoot.querySelector('[data-testid=refs-labels]') as HTMLInputElement).value;
    try {
      await this.lib.tagAll(raw.split(/[,，、]/));
      notify({ kind: 'success', message: t('refs.tagged', { n: this.lib.refs.size }) });
    } catch (e) {
      notify({ kind: 'error', message: message(e) });
    }
    this.refresh();
  }

  private importModel(ev: Event): Promise<void> {
    const input = ev.target as HTMLInputElement;
    const list = [...(input.files ?? [])];
    input.value = '';
    return this.importPicked(readPickedFiles(list));
  }

  private onModelDrop(ev: DragEvent): Promise<void> | undefined {
    ev.preventDefault();
    (ev.currentTarget as HTMLElement).classList.remove('over');
    // Entries must be taken from the DataTransfer before the handler returns.
    return ev.dataTransfer ? this.importPicked(readDroppedModel(ev.dataTransfer)) : undefined;
  }

  /** Validates, stores and activates a model folder; a folder that fails to load is removed again. */
  private async importPicked(reading: Promise<PickedModel>): Promise<void> {
    let picked: PickedModel;
    try {
      picked = await reading;
    } catch (e) {
      return void notify({ kind: 'error', message: t('refs.error.modelFolder', { reason: message(e) }) });
    }
    const check = checkClipFolder(picked.files);
    if (!check.ok) {
      const reason = check.issues.map((i) => t(i.key, i.params)).join('; ');
      return void notify({ kind: 'error', message: t('refs.error.modelFolder', { reason }) });
    }
    const rec = await saveModel('clip', picked.name, check.files);
    if (await this.switchTo(rec.id)) notify({ kind: 'success', message: t('refs.imported', { name: picked.name }) });
    else {
      await deleteModel(rec.id);
      this.models = await listModels('clip');
    }
  }

  /** Makes a model active and re-embeds the library with it; false (previous model kept) on failure. */
  private async switchTo(id: string): Promise<boolean> {
    const before = await getSetting<string>(ACTIVE_CLIP_KEY, SHIPPED_CLIP.id);
    const prev = await this.source();
    await setSetting(ACTIVE_CLIP_KEY, id);
    try {
      useModel(await this.source());
      await runTask(t('refs.reembed'), (signal, report) => this.lib.open(signal, report), { notifyErrors: false });
    } catch (e) {
      // Back to the previous model: its vectors were not touched.
      await setSetting(ACTIVE_CLIP_KEY, before);
      useModel(prev);
      if (!isAbortError(e)) notify({ kind: 'error', message: t('refs.error.modelLoad', { reason: message(e) }) });
      await runTask(t('refs.loading'), (signal, report) => this.lib.open(signal, report)).catch(() => undefined);
      this.models = await listModels('clip');
      this.refresh();
      return false;
    }
    this.models = await listModels('clip');
    this.refresh();
    return true;
  }

  private url(blobId: string, img: HTMLImageElement): void {
    void getBlob(blobId).then((b) => {
      if (!b) return;
      const u = URL.createObjectURL(toBlob(b));
      this.urls.push(u);
      img.src = u;
    });
  }

  private async use(refId: string): Promise<void> {
    const ref = this.lib.refs.get(refId);
    if (!ref) return;
    await setActiveReference(ref);
    this.dispatchEvent(new CustomEvent('toon-use-reference', { detail: { referenceId: ref.id, blobId: ref.blobId }, bubbles: true, composed: true }));
    notify({ kind: 'success', message: t('refs.used', { name: ref.name }) });
  }

  private async removeRef(refId: string): Promise<void> {
    await this.lib.remove([refId]);
    if (this.result) this.result = { ...this.result, hits: this.result.hits.filter((h) => h.id !== refId) };
    this.refresh();
  }

  override render() {
    const m = this.lib.model;
    return html`
      <h2>${t('refs.title')}</h2>
      <p>${t('refs.help')}</p>
      <div class="zone" data-testid="refs-model-zone" @dragover=${this.dragOver} @dragleave=${this.dragLeave} @drop=${this.onModelDrop}>
        <p data-testid="refs-model" data-model-id=${m?.id ?? ''}>${m ? t('refs.model', { name: m.name, device: t(`app.backend.${m.why.reason}`, { detail: m.why.detail, backend: m.device.toUpperCase() }), dim: m.dim }) : t('refs.modelLoading')}</p>
        <p>${t('refs.modelDrop')}</p>
        <div class="row">
          <label>${t('refs.importFolder')} <input data-testid="refs-model-input" type="file" multiple webkitdirectory @change=${this.importModel} /></label>
          <label>${t('refs.importZip')} <input data-testid="refs-model-zip" type="file" accept=".zip" @change=${this.importModel} /></label>
          ${m && m.id !== SHIPPED_CLIP.id ? html`<button class="plain" @click=${() => this.switchTo(SHIPPED_CLIP.id)}>${t('refs.useShipped')}</button>` : nothing}
          ${this.models.filter((x) => x.id !== m?.id).map((x) => html`<button class="plain" @click=${() => this.switchTo(x.id)}>${t('refs.useModel', { name: x.name })}</button>`)}
        </div>
      </div>
      <div class="zone" data-testid="refs-drop" @dragover=${this.dragOver} @dragleave=${this.dragLeave} @drop=${this.onDrop}>
        <p>${t('refs.drop')}</p>
        <div class="row">
          <label>${t('refs.choose')} <input data-testid="refs-file-input" type="file" accept="image/*" multiple ?disabled=${!this.ready} @change=${this.onFiles} /></label>
          <button class="plain" ?disabled=${!this.ready} @click=${this.addPanels}>${t('refs.addPanels')}</button>
          <span data-testid="refs-count">${t('refs.count', { n: this.count })}</span>
        </div>
      </div>
      <form class="row" @submit=${this.search}>
        <label>${t('refs.query')} <input data-testid="refs-query" type="search" placeholder=${t('refs.queryPlaceholder')} /></label>
        <label><input type="checkbox" .checked=${this.onlyProject} @change=${(e: Event) => (this.onlyProject = (e.target as HTMLInputElement).checked)} /> ${t('refs.filterProject')}</label>
        <label>${t('refs.filterTag')} <select data-testid="refs-tag" @change=${(e: Event) => (this.tag = (e.target as HTMLSelectElement).value)}>
          <option value="">${t('refs.anyTag')}</option>${this.tags.map((x) => html`<option .value=${x} ?selected=${x === this.tag}>${x}</option>`)}
        </select></label>
        <button data-testid="refs-search" type="submit" ?disabled=${!this.ready}>${t('refs.search')}</button>
      </form>
      <div class="row">
        <label>${t('refs.labels')} <input data-testid="refs-labels" type="text" .value=${this.labels} /></label>
        <button class="plain" data-testid="refs-tag-all" ?disabled=${!this.ready} @click=${this.tagAll}>${t('refs.tagAll')}</button>
      </div>
      ${this.result
        ? this.result.hits.length === 0
          ? html`<p class="no-results" data-testid="refs-no-results">${t('refs.noResults')}</p>`
          : html`<ol data-testid="refs-results">${this.result.hits.map((h) => html`
              <li data-testid="refs-hit" data-name=${h.ref.name} data-score=${h.score.toFixed(4)}>
                <img alt=${h.ref.name} ${imgRef((el) => this.url(h.ref.blobId, el))} />
                <p class="meta">${h.ref.name} · ${t('refs.score', { score: h.score.toFixed(3) })}</p>
                <p class="meta" data-testid="refs-hit-tags">${(this.lib.refs.get(h.id)?.tags ?? []).map((x) => `${x.label} ${x.score.toFixed(3)}`).join(', ')}</p>
                <div class="row"><button @click=${() => this.use(h.id)}>${t('refs.use')}</button>
                <button class="plain" @click=${() => this.removeRef(h.id)}>${t('refs.delete')}</button></div>
              </li>`)}</ol>`
        : nothing}
    `;
  }
}

class ImgRef extends Directive {
  private done = false;
  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.ELEMENT) throw new Error('imgRef is an element directive');
  }
  override update(part: ElementPart, [cb]: [(el: HTMLImageElement) => void]) {
    if (!this.done) {
      this.done = true;
      cb(part.element as HTMLImageElement);
    }
    return this.render(cb);
  }
  render(_cb: (el: HTMLImageElement) => void) {
    return nothing;
  }
}
const imgRef = directive(ImgRef);

customElements.define('toon-references-view', ToonReferencesView);
