/** <toon-references-view>: the reference library — add images (drop / pick / current project's panels),
 * search by treatment (ko/en) with project and tag filters, "use as reference", zero-shot tags, and
 * the active CLIP model (shipped or imported folder/zip). */
import { LitElement, html, nothing } from 'lit';
import { t } from '../../app/i18n';
import { LocaleController } from '../../app/locale-controller';
import { dismiss, notify } from '../../app/notifier';
import { SHIPPED_CLIP } from '../../bridge/clip';
import { currentProjectId } from '../../store/projects';
import { libraryEvents, setActiveReference, type DeletedReference } from '../../store/references';
import { ACTIVE_CLIP_KEY } from '../../store/models';
import { storeErrorMessage } from '../../app/store-errors';
import { onStoreChange, touches, type StoreChange } from '../../store/changes';
import { MissingRecordError } from '../../store/db';
import type { ReferenceRecord } from '../../store/schema';
import { Library, LibraryError } from './library';
import { hybridSearch, type HybridResult } from './hybrid';
import { renderHitList } from './hit-list';
import { renameInLibrary, updateReference, type ReferenceEdit } from '../../store/reference-meta';
import { ClipModelsController } from './clip-models.controller';
import { refsErrorMessage } from './errors';
import { offerUndo, reportRestored } from './ref-notices';
import { RefImport, dragLeave, dragOver } from './ref-import';
import { tCount } from './messages';
import './ref-card.component';
import './library-grid.component';
import './hybrid-messages';
import { referencesViewStyles } from './references-view.styles';

export class ToonReferencesView extends LitElement {
  static override properties = {
    ready: { state: true },
    result: { state: true },
    count: { state: true },
    tags: { state: true },
    onlyProject: { state: true },
    tag: { state: true },
    labels: { state: true },
    collection: { state: true },
    collections: { state: true },
    renameKind: { state: true },
    gridVersion: { state: true },
    gridOpen: { state: true },
    selected: { state: true },
  };
  static override styles = referencesViewStyles;

  ready = false;
  /** Bumped on every refresh: the library grid refetches the window it shows. */
  gridVersion = 0;
  /** "All references" is open: the virtualized grid exists only then. */
  gridOpen = false;
  private readonly fetchPage = (offset: number, limit: number) => this.lib.page(offset, limit);
  private readonly ensureThumbs = (refs: ReferenceRecord[]) => this.lib.ensureThumbnails(refs);
  result?: HybridResult;
  /** The reference opened from the library grid: shown as its card (same actions as a search hit). */
  selected?: ReferenceRecord;
  collection = '';
  collections: string[] = [];
  renameKind: 'tag' | 'collection' = 'tag';
  count = 0;
  tags: string[] = [];
  onlyProject = false;
  tag = '';
  /** Counts searches: only the latest one started shows its result. searchError: the last failed
   * search's notice ("the library is empty"), closed once references land or a search works. */
  private searchRun = 0;
  private searchError = 0;
  labels = '';
  private readonly lib = new Library();
  /** The active CLIP model, imports and switches (clip-models.controller.ts). */
  private readonly clip = new ClipModelsController(this, this.lib, () => this.refresh());
  private readonly locale = new LocaleController(this);
  /** Adding pictures (pick, folder, drop, the project's panels): ref-import.ts. */
  private readonly importer = new RefImport(this.lib, (added) => {
    if (added) {
      dismiss(this.searchError);
      this.gridOpen = true; // show what was just added (the grid otherwise starts closed)
    }
    this.refresh();
  });

  /** A restored backup added references: reload the index and the list. */
  private readonly onLibraryChanged = () => {
    this.lib.invalidate();
    void this.open();
  };
  private stopChanges?: () => void;
  /** Another tab changed the library, its tag labels or the active model: reload (index in the vectors worker). */
  private readonly onChanges = (changes: StoreChange[]) => {
    const settings = changes.some(
      (c) => c.store === 'settings' && (c.key === ACTIVE_CLIP_KEY || c.key === 'refs.tagLabels'),
    );
    // 'models' alone is not a reason: Generate's diffusion imports write there too, and the active
    // CLIP model is the settings key above (reopening reloads CLIP: seconds, buttons disabled).
    if (!settings && !touches(changes, ['references', 'vectorChunks'])) return;
    this.lib.invalidate();
    void this.open();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    libraryEvents.addEventListener('changed', this.onLibraryChanged);
    this.stopChanges ??= onStoreChange(this.onChanges);
    void this.open();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    libraryEvents.removeEventListener('changed', this.onLibraryChanged);
    this.stopChanges?.();
    this.stopChanges = undefined;
  }

  /** Loads the active model (the controller) and shows the library. */
  private async open(): Promise<void> {
    this.ready = false;
    await this.clip.open();
  }

  private refresh(): void {
    this.ready = !!this.lib.model;
    this.count = this.lib.size;
    this.tags = this.lib.allTags();
    this.collections = this.lib.allCollections();
    this.labels = this.lib.labels.join(', ');
    this.gridVersion++;
  }

  private async search(ev?: Event, fromFilter = false): Promise<void> {
    ev?.preventDefault();
    const q = (this.renderRoot.querySelector('[data-testid=refs-query]') as HTMLInputElement).value;
    const run = ++this.searchRun;
    this.dataset.searching = 'yes';
    try {
      if (fromFilter && !q.trim() && !this.tag && !this.collection) return void (this.result = undefined);
      const projectId = this.onlyProject ? ((await currentProjectId()) ?? undefined) : undefined;
      const result = await hybridSearch(
        this.lib,
        q,
        { projectId, tag: this.tag || undefined, collection: this.collection || undefined },
        12,
      );
      if (run !== this.searchRun) return; // a newer search (a filter change, a click) is on its way
      this.result = result;
      this.dataset.lastQuery = q;
      dismiss(this.searchError);
      if (this.result.truncated) notify({ kind: 'info', message: t('refs.truncated', { n: this.result.maxLength }) });
      if (this.result.textCut) notify({ kind: 'info', message: t('refs.textCut', { n: 256 }) });
      if (this.result.pictureOnly) notify({ kind: 'info', message: t('refs.pictureOnly') });
      if (this.lib.size === 1) notify({ kind: 'info', message: t('refs.onlyOne') });
    } catch (e) {
      // "Type what to search for": the results of the previous query go, not left under the empty box.
      if (e instanceof LibraryError && e.key === 'refs.error.emptyQuery' && run === this.searchRun)
        this.result = undefined;
      this.searchError = notify({ kind: 'error', message: () => refsErrorMessage(e) });
    } finally {
      if (run === this.searchRun) delete this.dataset.searching;
    }
  }

  /** A filter applies at once (to the query, or the whole library; back to "all" with no query: list cleared, no error). */
  private setFilter(kind: 'tag' | 'collection', value: string): void {
    if (this[kind] === value) return;
    this[kind] = value;
    if (this.ready) void this.search(undefined, true);
  }

  private async tagAll(): Promise<void> {
    const raw = (this.renderRoot.querySelector('[data-testid=refs-labels]') as HTMLInputElement).value;
    try {
      await this.lib.tagAll(raw.split(/[,，、]/));
      const n = this.lib.size;
      notify({ kind: 'success', message: () => tCount('refs.tagged', n) });
      // The hits on screen show their new tags.
      const shown = this.result;
      if (shown?.hits.length) {
        const recs = new Map((await this.lib.records(shown.hits.map((h) => h.id))).map((r) => [r.id, r]));
        this.result = { ...shown, hits: shown.hits.map((h) => ({ ...h, ref: recs.get(h.id) ?? h.ref })) };
      }
    } catch (e) {
      notify({ kind: 'error', message: refsErrorMessage(e) });
    }
    this.refresh();
  }

  /** A card's edit (rename, tag, accept/reject a suggestion, collection): stored, then shown. */
  private async onEdit(ev: CustomEvent<{ id: string; patch: ReferenceEdit }>): Promise<void> {
    try {
      const rec = await updateReference(ev.detail.id, ev.detail.patch);
      await this.lib.put([rec]);
      if (this.result)
        this.result = { ...this.result, hits: this.result.hits.map((h) => (h.id === rec.id ? { ...h, ref: rec } : h)) };
      if (this.selected?.id === rec.id) this.selected = rec;
      this.tags = this.lib.allTags();
      this.collections = this.lib.allCollections();
    } catch (e) {
      notify({ kind: 'error', message: t('refs.error.edit', { reason: refsErrorMessage(e) }) });
    }
  }

  /** Renames a tag or a collection in every reference. */
  private async renameLabel(ev: Event): Promise<void> {
    ev.preventDefault();
    const form = ev.currentTarget as HTMLFormElement;
    const from = (form.querySelector('[data-testid=refs-rename-from]') as HTMLSelectElement).value;
    const to = (form.querySelector('[data-testid=refs-rename-to]') as HTMLInputElement).value.trim().slice(0, 80);
    if (!from || !to) return void notify({ kind: 'error', message: t('refs.error.renameEmpty') });
    try {
      const changed = await renameInLibrary(this.renameKind, from, to);
      await this.lib.put(changed);
      if (this.tag === from) this.tag = to;
      if (this.collection === from) this.collection = to;
      const byId = new Map(changed.map((r) => [r.id, r]));
      if (this.result)
        this.result = { ...this.result, hits: this.result.hits.map((h) => ({ ...h, ref: byId.get(h.id) ?? h.ref })) };
      if (this.selected) this.selected = byId.get(this.selected.id) ?? this.selected;
      this.tags = this.lib.allTags();
      this.collections = this.lib.allCollections();
      this.labels = this.labels
        .split(', ')
        .map((x) => (this.renameKind === 'tag' && x === from ? to : x))
        .join(', ');
      (form.querySelector('[data-testid=refs-rename-to]') as HTMLInputElement).value = '';
      notify({ kind: 'success', message: t('refs.renamed', { from, to, n: changed.length }) });
    } catch (e) {
      notify({ kind: 'error', message: t('refs.error.edit', { reason: refsErrorMessage(e) }) });
    }
  }

  private async use(refId: string): Promise<void> {
    const [ref] = await this.lib.records([refId]);
    if (!ref) {
      // Deleted in another tab meanwhile: say so (translated) and show the library as it is now.
      notify({ kind: 'error', message: storeErrorMessage(new MissingRecordError('reference', refId)) ?? '' });
      if (this.result) this.result = { ...this.result, hits: this.result.hits.filter((h) => h.id !== refId) };
      this.lib.invalidate();
      return void this.open();
    }
    await setActiveReference(ref);
    this.dispatchEvent(
      new CustomEvent('toon-use-reference', {
        detail: { referenceId: ref.id, blobId: ref.blobId },
        bubbles: true,
        composed: true,
      }),
    );
    notify({ kind: 'success', message: t('refs.used', { name: ref.name }) });
  }

  /** Deletes at once; the notice's Undo puts the same reference back where it was shown. */
  private async removeRef(refId: string): Promise<void> {
    let deleted: DeletedReference[];
    try {
      deleted = await this.lib.remove([refId]);
    } catch (e) {
      return void notify({ kind: 'error', message: refsErrorMessage(e) });
    }
    const before = { result: this.result, selected: this.selected };
    if (this.result) this.result = { ...this.result, hits: this.result.hits.filter((h) => h.id !== refId) };
    if (this.selected?.id === refId) this.selected = undefined;
    const after = this.result;
    this.refresh();
    const name = deleted[0]?.record.name;
    if (name !== undefined) offerUndo(name, () => this.undoDelete(deleted, before, after));
  }

  private async undoDelete(
    deleted: DeletedReference[],
    before: { result?: HybridResult; selected?: ReferenceRecord },
    after?: HybridResult,
  ): Promise<void> {
    try {
      const back = new Map((await this.lib.restore(deleted)).map((r) => [r.id, r]));
      // The list on screen is still the one the delete left: the card comes back in its place.
      if (before.result && this.result === after)
        this.result = {
          ...before.result,
          hits: before.result.hits.map((h) => ({ ...h, ref: back.get(h.id) ?? h.ref })),
        };
      if (before.selected && !this.selected) this.selected = back.get(before.selected.id);
      if (back.size) reportRestored(deleted[0].record.name);
    } catch (e) {
      notify({ kind: 'error', message: refsErrorMessage(e) });
    }
    this.refresh();
  }

  /** A thumbnail of the library grid was clicked (or Enter/Space on it): its card opens, focused. */
  private async openRef(id: string): Promise<void> {
    const [ref] = await this.lib.records([id]);
    if (!ref) return;
    this.selected = ref;
    await this.updateComplete;
    (this.renderRoot.querySelector('[data-testid=refs-selected] h3') as HTMLElement | null)?.focus();
  }

  private closeSelected(): void {
    this.selected = undefined;
    (this.renderRoot.querySelector('toon-ref-grid') as HTMLElement | null)?.focus();
  }

  /** Cards (search hits, the grid's selected reference): their events bubble to this wrapper. */
  private cards(content: unknown, testid: string) {
    return html`<div data-testid=${testid} @toon-ref-edit=${this.onEdit} @toon-ref-use=${(e: CustomEvent<{ id: string }>) => this.use(e.detail.id)}
      @toon-ref-delete=${(e: CustomEvent<{ id: string }>) => this.removeRef(e.detail.id)}>${content}</div>`;
  }

  private renderSelected(r: ReferenceRecord) {
    return this.cards(
      html`<section class="selected" aria-labelledby="refs-selected-title"><h3 id="refs-selected-title" tabindex="-1">${t('refs.selected')}</h3>
        <toon-ref-card .hit=${{ id: r.id, ref: r, score: 0, why: [] }}></toon-ref-card>
        <button class="plain" data-testid="refs-selected-close" @click=${this.closeSelected}>${t('refs.close')}</button></section>`,
      'refs-selected',
    );
  }

  override render() {
    const m = this.lib.model;
    return html`
      <h2>${t('refs.title')}</h2>
      <p>${t('refs.help')}</p>
      <div class="zone" data-testid="refs-drop" @dragover=${dragOver} @dragleave=${dragLeave} @drop=${this.importer.onDrop}>
        <p>${t('refs.drop')}</p>
        <div class="row">
          <label class="file-button"><span class="face">${t('refs.choose')}</span><input data-testid="refs-file-input" type="file" accept="image/*" multiple ?disabled=${!this.ready} @change=${this.importer.onFiles} /></label>
          <label class="file-button"><span class="face">${t('refs.chooseFolder')}</span><input data-testid="refs-folder-input" type="file" multiple webkitdirectory ?disabled=${!this.ready} @change=${this.importer.onFolder} /></label>
          <button class="plain" ?disabled=${!this.ready} @click=${this.importer.addPanels}>${t('refs.addPanels')}</button>
          <span data-testid="refs-count">${tCount('refs.count', this.count)}</span>
        </div>
      </div>
      <form class="row" @submit=${this.search}>
        <label>${t('refs.query')} <input data-testid="refs-query" type="search" dir="auto" placeholder=${t('refs.queryPlaceholder')} /></label>
        <label><input type="checkbox" .checked=${this.onlyProject} @change=${(e: Event) => (this.onlyProject = (e.target as HTMLInputElement).checked)} /> ${t('refs.filterProject')}</label>
        <label>${t('refs.filterTag')} <select data-testid="refs-tag" @change=${(e: Event) => this.setFilter('tag', (e.target as HTMLSelectElement).value)}>
          <option value="">${t('refs.anyTag')}</option>${this.tags.map((x) => html`<option .value=${x} ?selected=${x === this.tag}>${x}</option>`)}
        </select></label>
        <label>${t('refs.filterCollection')} <select data-testid="refs-collection" @change=${(e: Event) => this.setFilter('collection', (e.target as HTMLSelectElement).value)}>
          <option value="">${t('refs.anyCollection')}</option>${this.collections.map((x) => html`<option .value=${x} ?selected=${x === this.collection}>${x}</option>`)}
        </select></label>
        <button data-testid="refs-search" type="submit" ?disabled=${!this.ready}>${t('refs.search')}</button>
      </form>
      <form class="row" data-testid="refs-rename-form" @submit=${this.renameLabel}>
        <label>${t('refs.renameFrom')} <select data-testid="refs-rename-kind" @change=${(e: Event) => (this.renameKind = (e.target as HTMLSelectElement).value as 'tag' | 'collection')}>
          <option value="tag">${t('refs.renameKind.tag')}</option><option value="collection">${t('refs.renameKind.collection')}</option></select></label>
        <select data-testid="refs-rename-from" aria-label=${t(`refs.renameKind.${this.renameKind}`)}>${(this.renameKind === 'tag' ? this.tags : this.collections).map((x) => html`<option .value=${x}>${x}</option>`)}</select>
        <label>${t('refs.renameTo')} <input data-testid="refs-rename-to" type="text" /></label>
        <button class="plain" data-testid="refs-rename-apply" type="submit">${t('refs.rename')}</button>
      </form>
      <div class="row">
        <label>${t('refs.labels')} <input data-testid="refs-labels" type="text" .value=${this.labels} /></label>
        <button class="plain" data-testid="refs-tag-all" ?disabled=${!this.ready} @click=${this.tagAll}>${t('refs.tagAll')}</button>
      </div>
      ${
        this.result
          ? this.result.hits.length === 0
            ? html`<p class="no-results" data-testid="refs-no-results">${t('refs.noResults')}</p>`
            : this.cards(renderHitList(this.result.hits), 'refs-results')
          : nothing
      }
      <h3>${t('refs.modelTitle')}</h3>
      <div class="zone" data-testid="refs-model-zone" @dragover=${dragOver} @dragleave=${dragLeave} @drop=${this.clip.onModelDrop}>
        <p data-testid="refs-model" data-model-id=${m?.id ?? ''}>${m ? t('refs.model', { name: m.name, device: t(`app.backend.${m.why.reason}`, { detail: m.why.detail, backend: m.device.toUpperCase() }), dim: m.dim }) : t('refs.modelLoading')}</p>
        <p>${t('refs.modelDrop')}</p>
        <div class="row">
          <label class="file-button"><span class="face">${t('refs.importFolder')}</span><input data-testid="refs-model-input" type="file" multiple webkitdirectory @change=${this.clip.importModel} /></label>
          <label class="file-button"><span class="face">${t('refs.importZip')}</span><input data-testid="refs-model-zip" type="file" accept=".zip" @change=${this.clip.importModel} /></label>
          ${
            (m && m.id !== SHIPPED_CLIP.id) || (!m && this.clip.activeId !== SHIPPED_CLIP.id)
              ? html`<button class="plain" data-testid="refs-use-shipped" @click=${this.clip.useBuiltIn}>${t('refs.useShipped')}</button>`
              : nothing
          }
          ${this.clip.models.filter((x) => x.id !== m?.id).map((x) => html`<button class="plain" @click=${() => this.clip.switchTo(x.id)}>${t('refs.useModel', { name: x.name })}</button>`)}
        </div>
      </div>
      ${
        this.ready && this.count > 0
          ? html`<details data-testid="refs-grid-section" ?open=${this.gridOpen} @toggle=${(e: Event) => (this.gridOpen = (e.currentTarget as HTMLDetailsElement).open)}>
            <summary data-testid="refs-grid-toggle">${t('refs.library')} (${tCount('refs.count', this.count)})</summary>
            ${this.gridOpen && this.selected ? this.renderSelected(this.selected) : nothing}
            ${
              this.gridOpen
                ? html`<toon-ref-grid @toon-ref-open=${(e: CustomEvent<{ id: string }>) => this.openRef(e.detail.id)} .total=${this.count} .version=${this.gridVersion} .label=${t('refs.library')} .fetchPage=${this.fetchPage} .ensureThumbs=${this.ensureThumbs}></toon-ref-grid>`
                : nothing
            }
          </details>`
          : nothing
      }
    `;
  }
}

customElements.define('toon-references-view', ToonReferencesView);
