/**
 * <toon-ref-grid>: the whole reference library as a virtualized grid of thumbnails. Only the rows
 * in view (plus OVERSCAN rows each side) exist in the DOM; their records are asked from the
 * vectors worker window by window (`fetchPage`), their pictures are the stored thumbnails
 * (≤ 256 px, made at import in the image worker) — never the full-size originals. References
 * without a thumbnail yet (older records) get one through `ensureThumbs` when they come into view.
 * Sizes are set through CSSOM in updated() (the CSP forbids style attributes).
 * Each cell is a button (keyboard: Tab, Enter/Space; its accessible name says what it opens):
 * it dispatches `toon-ref-open` { id }, and the view opens that reference's card.
 */
import { ObjectUrls } from '../../app/object-urls';
import { LitElement, html, css, nothing } from 'lit';
import { t } from '../../app/i18n';
import { getBlob, toBlob } from '../../store/blobs';
import type { ReferenceRecord } from '../../store/schema';

/** Cell and row geometry, in CSS px (kept in step with the styles below). */
export const CELL_W = 152;
export const ROW_H = 172;
const OVERSCAN = 2;
/** Object URLs kept for thumbnails out of view (scrolling back needs no re-read). */
const URL_CACHE = 400;

export type FetchPage = (offset: number, limit: number) => Promise<{ total: number; refs: ReferenceRecord[] }>;
export type EnsureThumbs = (refs: ReferenceRecord[]) => Promise<ReferenceRecord[]>;

export class ToonRefGrid extends LitElement {
  static override properties = {
    total: { type: Number },
    version: { type: Number },
    label: { type: String },
    items: { state: true },
    first: { state: true },
  };
  static override styles = css`
    :host { display: block; }
    .viewport { height: min(70vh, 36rem); contain: strict; overflow-y: auto; border: 1px solid #e5e7eb; border-radius: .5rem; background: #fff; position: relative; }
    .spacer { position: relative; width: 100%; }
    ol { list-style: none; margin: 0; padding: 0 .5rem; position: absolute; left: 0; right: 0; top: 0;
      display: grid; grid-template-columns: repeat(var(--cols, 1), 1fr); grid-auto-rows: ${ROW_H}px; column-gap: .5rem; }
    li { box-sizing: border-box; padding: .375rem 0; overflow: hidden; }
    img, .ph { display: block; width: 100%; height: 128px; object-fit: contain; background: #f9fafb; border-radius: .25rem; }
    .name { font-size: .75rem; color: #374151; margin: .25rem 0 0; white-space: nowrap; overflow: hidden; }
    button.cell { all: unset; box-sizing: border-box; display: block; width: 100%; cursor: pointer; border-radius: .25rem; }
    button.cell:hover .name { color: #4f46e5; text-decoration: underline; }
    button.cell:focus-visible { outline: 2px solid #4f46e5; outline-offset: -2px; }
  `;

  total = 0;
  /** Bumped by the view when the library changed (refetch the window). */
  version = 0;
  label = '';
  fetchPage?: FetchPage;
  ensureThumbs?: EnsureThumbs;
  items: ReferenceRecord[] = [];
  /** Index (library order) of items[0]. */
  first = 0;
  /** Thumbnail URLs by blob id, the newest URL_CACHE kept (src/app/object-urls.ts). */
  private readonly urls = new ObjectUrls(this);
  private cols = 1;
  private range = '';
  private token = 0;
  private frame = 0;
  private resize?: ResizeObserver;
  private readonly loading = new Set<string>();
  private readonly fixing = new Set<string>();
  /** Thumbnails made lazily while in view: reference id → thumbnail blob id. */
  private readonly made = new Map<string, string>();

  private get viewport(): HTMLElement | null {
    return this.renderRoot.querySelector('.viewport');
  }

  override firstUpdated(): void {
    const vp = this.viewport!;
    vp.addEventListener('scroll', () => this.schedule(), { passive: true });
    this.resize = new ResizeObserver(() => this.schedule(true));
    this.resize.observe(vp);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize?.disconnect();
    cancelAnimationFrame(this.frame);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.resize && this.viewport) this.resize.observe(this.viewport);
  }

  protected override updated(changed: Map<string, unknown>): void {
    const vp = this.viewport;
    if (!vp) return;
    const rows = Math.ceil(this.total / this.cols);
    (vp.querySelector('.spacer') as HTMLElement).style.height = `${rows * ROW_H}px`;
    const ol = vp.querySelector('ol') as HTMLElement | null;
    if (ol) {
      ol.style.setProperty('--cols', String(this.cols));
      ol.style.transform = `translateY(${Math.floor(this.first / this.cols) * ROW_H}px)`;
    }
    if (changed.has('total') || changed.has('version')) this.schedule(true);
  }

  private schedule(force = false): void {
    if (force) this.range = '';
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => void this.load());
  }

  /** Fetches the window of rows in view (if it changed) and their thumbnails. */
  private async load(): Promise<void> {
    const vp = this.viewport;
    if (!vp || !this.fetchPage) return;
    const cols = Math.max(1, Math.floor((vp.clientWidth - 16) / CELL_W));
    if (cols !== this.cols) {
      this.cols = cols;
      this.range = '';
    }
    const firstRow = Math.max(0, Math.floor(vp.scrollTop / ROW_H) - OVERSCAN);
    const lastRow = Math.ceil((vp.scrollTop + vp.clientHeight) / ROW_H) + OVERSCAN;
    const offset = firstRow * cols;
    const limit = Math.max(0, Math.min(this.total, lastRow * cols) - offset);
    const key = `${offset}:${limit}:${this.version}`;
    if (key === this.range) return;
    this.range = key;
    const token = ++this.token;
    const page = await this.fetchPage(offset, limit);
    if (token !== this.token) return;
    this.first = offset;
    this.items = page.refs;
    if (page.total !== this.total) this.total = page.total;
    void this.thumbs(page.refs);
  }

  /** Its thumbnail blob: from the record, or made since the record was fetched. */
  private thumbId(r: ReferenceRecord): string | undefined {
    return r.thumbBlobId ?? this.made.get(r.id);
  }

  private async thumbs(refs: ReferenceRecord[]): Promise<void> {
    const missing = refs.filter((r) => !this.thumbId(r) && !this.fixing.has(r.id));
    if (missing.length && this.ensureThumbs) {
      for (const r of missing) this.fixing.add(r.id);
      try {
        for (const r of await this.ensureThumbs(missing)) if (r.thumbBlobId) this.made.set(r.id, r.thumbBlobId);
      } finally {
        for (const r of missing) this.fixing.delete(r.id);
      }
    }
    await this.loadUrls();
  }

  /** Object URLs for the thumbnails of the items in view (read from IndexedDB once each). */
  private async loadUrls(): Promise<void> {
    const want = this.items.flatMap((r) => {
      const id = this.thumbId(r);
      return id && !this.urls.has(id) && !this.loading.has(id) ? [id] : [];
    });
    if (!want.length) return;
    for (const id of want) this.loading.add(id);
    const got = await Promise.all(want.map((id) => getBlob(id)));
    got.forEach((b, i) => {
      this.loading.delete(want[i]);
      if (b) this.urls.set(want[i], toBlob(b));
    });
    // Forget the oldest URLs beyond the cache (never the ones in view).
    this.urls.trim(URL_CACHE, new Set(this.items.flatMap((r) => this.thumbId(r) ?? [])));
    this.requestUpdate();
  }

  /** Focus goes to the scrollable grid (the host itself is not focusable). */
  override focus(options?: FocusOptions): void {
    this.viewport?.focus(options);
  }

  private open(id: string): void {
    this.dispatchEvent(new CustomEvent('toon-ref-open', { detail: { id }, bubbles: true, composed: true }));
  }

  override render() {
    return html`
      <div class="viewport" data-testid="refs-grid" role="region" aria-label=${this.label} tabindex="0">
        <div class="spacer">
          <ol>${this.items.map((r, i) => {
            const tid = this.thumbId(r);
            const src = tid ? this.urls.get(tid) : undefined;
            return html`<li data-testid="refs-grid-item" data-index=${this.first + i} data-name=${r.name}>
              <button class="cell" data-testid="refs-grid-open" aria-label=${t('refs.openRef', { name: r.name })} @click=${() => this.open(r.id)}>
              ${src ? html`<img data-testid="refs-grid-thumb" alt="" decoding="async" src=${src} />` : html`<div class="ph"></div>`}
              <p class="name"><bdi>${r.name}</bdi></p></button></li>`;
          })}</ol>
        </div>
      </div>
      ${nothing}
    `;
  }
}

customElements.define('toon-ref-grid', ToonRefGrid);
