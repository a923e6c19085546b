/**
 * <toon-ref-card>: one search hit — picture, name (rename), why it matched (badges: name, tag,
 * collection, note, picture), tags (user + applied zero-shot), suggested tags (accept / reject),
 * collections (each tag and collection chip has a × that removes it; a removed tag is rejected,
 * so zero-shot tagging neither applies nor suggests it again — until the user adds it back), notes.
 * Edits are dispatched as `toon-ref-edit` { id, patch } (the view stores them; list edits are
 * functions of the stored record, so quick clicks on two chips both land);
 * "use" and "delete" as `toon-ref-use` / `toon-ref-delete` { id }.
 */
import { ObjectUrls } from '../../app/object-urls';
import { LitElement, html, css, nothing } from 'lit';
import { t } from '../../app/i18n';
import { getBlob, toBlob } from '../../store/blobs';
import type { ReferenceEdit } from '../../store/reference-meta';
import type { HybridHit } from './hybrid';

/**
 * Half-typed tag / collection text per picture: a search that reorders the results, or moves a
 * picture between "matches" and "other references", makes a new card; the text comes back with
 * the picture and never lands on another one.
 */
const UNSENT = new Map<string, string>();

export class ToonRefCard extends LitElement {
  static override properties = { hit: { attribute: false }, src: { state: true }, renaming: { state: true } };
  static override styles = css`
    :host { display: block; }
    img { width: 100%; height: 8rem; object-fit: contain; background: #f9fafb; }
    .meta { font-size: .8rem; color: #374151; margin: .25rem 0; overflow-wrap: anywhere; }
    .chips { display: flex; flex-wrap: wrap; gap: .25rem; margin: .25rem 0; }
    .badge, .chip, .sugg { font-size: .72rem; border-radius: 999px; padding: .05rem .45rem; border: 1px solid #c7d2fe; }
    .badge { background: #eef2ff; color: #3730a3; }
    .badge.picture { background: #ecfdf5; color: #065f46; border-color: #a7f3d0; }
    .chip { background: #f3f4f6; color: #111827; border-color: #d1d5db; }
    .chip.col { background: #fff7ed; border-color: #fed7aa; color: #9a3412; }
    .sugg { background: #fff; border-style: dashed; border-color: #9ca3af; color: #4b5563; display: inline-flex; flex-wrap: wrap; gap: .25rem; align-items: center; max-width: 100%; }
    bdi { white-space: nowrap; }
    .chip { display: inline-flex; align-items: center; gap: .15rem; }
    .chip button.x { font-size: .75rem; line-height: 1; padding: 0 .2rem; border: 0; border-radius: 999px; background: transparent; color: #6b7280; }
    .chip button.x:hover { background: #e5e7eb; color: #111827; }
    .sugg button { font: inherit; font-size: .7rem; padding: 0 .3rem; border-radius: .25rem; border: 1px solid #9ca3af; background: #fff; color: #111827; cursor: pointer; }
    form { display: flex; gap: .25rem; margin: .25rem 0; }
    input { font: inherit; font-size: .8rem; min-width: 0; flex: 1; padding: .2rem .35rem; }
    button { font: inherit; font-size: .8rem; padding: .2rem .5rem; border-radius: .375rem; border: 1px solid #4f46e5; background: #4f46e5; color: #fff; cursor: pointer; }
    button.plain { background: #fff; color: #4f46e5; }
    button:focus-visible, input:focus-visible { outline: 2px solid #a5b4fc; outline-offset: 2px; }
  `;

  hit?: HybridHit;
  src = '';
  /** Typed, not yet added text of a box, kept with its picture ("refId:field"). */
  private unsentKey(field: string): string {
    return `${this.hit?.id ?? ''}:${field}`;
  }
  private keepUnsent(field: string, ev: Event): void {
    const v = (ev.target as HTMLInputElement).value;
    if (v) UNSENT.set(this.unsentKey(field), v);
    else UNSENT.delete(this.unsentKey(field));
  }
  renaming = false;
  /** The card's one picture URL (src/app/object-urls.ts): replaced and released with the card. */
  private readonly urls = new ObjectUrls(this);

  override willUpdate(): void {
    // The thumbnail when it has one (≤ 256 px, made at import); older references show the original.
    const blobId = this.hit?.ref.thumbBlobId ?? this.hit?.ref.blobId;
    if (blobId && this.dataset.blob !== blobId) {
      this.dataset.blob = blobId;
      void getBlob(blobId).then((b) => {
        if (!b || this.dataset.blob !== blobId) return;
        this.src = this.urls.set('picture', toBlob(b));
      });
    }
  }

  private emit(type: string, detail: object): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  private edit(patch: ReferenceEdit): void {
    if (this.hit) this.emit('toon-ref-edit', { id: this.hit.id, patch });
  }

  private submit(ev: Event, field: 'tag' | 'collection' | 'name' | 'notes'): void {
    ev.preventDefault();
    const input = (ev.currentTarget as HTMLFormElement).querySelector('input') as HTMLInputElement;
    const v = input.value.trim();
    const r = this.hit?.ref;
    if (!r) return;
    if (field === 'name') {
      this.renaming = false;
      if (v && v !== r.name) this.edit({ name: v.slice(0, 200) });
      return;
    }
    if (field === 'notes') return this.edit({ notes: input.value.slice(0, 2000) });
    input.value = '';
    UNSENT.delete(this.unsentKey(field));
    if (!v) return;
    const label = v.slice(0, 80);
    if (field === 'tag')
      this.edit((rec) => ({
        userTags: [...new Set([...(rec.userTags ?? []), label])],
        rejected: (rec.rejected ?? []).filter((l) => l !== label),
      }));
    else this.edit((rec) => ({ collections: [...new Set([...(rec.collections ?? []), label])] }));
  }

  private accept(label: string): void {
    this.edit((r) => ({
      userTags: [...new Set([...(r.userTags ?? []), label])],
      suggested: (r.suggested ?? []).filter((s) => s.label !== label),
    }));
  }

  private reject(label: string): void {
    this.edit((r) => ({
      rejected: [...new Set([...(r.rejected ?? []), label])],
      suggested: (r.suggested ?? []).filter((s) => s.label !== label),
    }));
  }

  /** The tag leaves the user's tags and the applied ones and is rejected: zero-shot never brings it back. */
  private removeTag(label: string): void {
    this.edit((r) => ({
      userTags: (r.userTags ?? []).filter((l) => l !== label),
      tags: r.tags.filter((x) => x.label !== label),
      suggested: (r.suggested ?? []).filter((x) => x.label !== label),
      rejected: [...new Set([...(r.rejected ?? []), label])],
    }));
  }

  private removeCollection(name: string): void {
    this.edit((r) => ({ collections: (r.collections ?? []).filter((c) => c !== name) }));
  }

  override render() {
    const h = this.hit;
    if (!h) return nothing;
    const r = h.ref;
    const tags = [
      ...(r.userTags ?? []).map((l) => ({ label: l, score: undefined as number | undefined })),
      ...r.tags.filter((x) => !r.userTags?.includes(x.label)),
    ];
    return html`
      <img alt=${r.name} src=${this.src || nothing} />
      ${
        this.renaming
          ? html`<form @submit=${(e: Event) => this.submit(e, 'name')}><input data-testid="refs-rename-input" aria-label=${t('refs.rename')} .value=${r.name} /><button>${t('refs.save')}</button></form>`
          : html`<p class="meta" data-testid="refs-hit-name"><bdi>${r.name}</bdi> <button class="plain" data-testid="refs-rename" @click=${() => (this.renaming = true)}>${t('refs.rename')}</button></p>`
      }
      <div class="chips" data-testid="refs-why-list" aria-label=${t('refs.why')}>${h.why.map((w) => html`<span class="badge ${w}" data-testid="refs-why" data-why=${w}>${t(`refs.why.${w}`)}</span>`)}</div>
      <div class="chips" data-testid="refs-hit-tags">${tags.map((x) => html`<span class="chip" data-testid="refs-tag-chip" data-label=${x.label}><bdi title=${x.score !== undefined ? x.score.toFixed(3) : ''}>${x.label}</bdi><button class="x" data-testid="refs-remove-tag" aria-label=${t('refs.removeTag', { label: x.label })} title=${t('refs.removeTag', { label: x.label })} @click=${() => this.removeTag(x.label)}>×</button></span>`)}
        ${(r.collections ?? []).map((c) => html`<span class="chip col" data-testid="refs-collection-chip" data-label=${c}><bdi>${c}</bdi><button class="x" data-testid="refs-remove-collection" aria-label=${t('refs.removeCollection', { label: c })} title=${t('refs.removeCollection', { label: c })} @click=${() => this.removeCollection(c)}>×</button></span>`)}</div>
      ${
        r.suggested?.length
          ? html`<div class="chips">${r.suggested.map(
              (
                s,
              ) => html`<span class="sugg" data-testid="refs-suggestion" data-label=${s.label} data-score=${s.score}>${t('refs.suggested')}: <bdi title=${s.score.toFixed(2)}>${s.label}</bdi>
            <button data-testid="refs-accept" aria-label=${t('refs.accept', { label: s.label })} @click=${() => this.accept(s.label)}>✓</button>
            <button data-testid="refs-reject" aria-label=${t('refs.reject', { label: s.label })} @click=${() => this.reject(s.label)}>✕</button></span>`,
            )}</div>`
          : nothing
      }
      <form @submit=${(e: Event) => this.submit(e, 'tag')}><input data-testid="refs-add-tag" aria-label=${t('refs.addTag')} placeholder=${t('refs.addTag')}
        .value=${UNSENT.get(this.unsentKey('tag')) ?? ''} @input=${(e: Event) => this.keepUnsent('tag', e)} /><button class="plain">+</button></form>
      <form @submit=${(e: Event) => this.submit(e, 'collection')}><input data-testid="refs-add-collection" aria-label=${t('refs.addCollection')} placeholder=${t('refs.addCollection')}
        .value=${UNSENT.get(this.unsentKey('collection')) ?? ''} @input=${(e: Event) => this.keepUnsent('collection', e)} /><button class="plain">+</button></form>
      <div class="chips"><button data-testid="refs-use" @click=${() => this.emit('toon-ref-use', { id: h.id })}>${t('refs.use')}</button>
        <button class="plain" @click=${() => this.emit('toon-ref-delete', { id: h.id })}>${t('refs.delete')}</button></div>
    `;
  }
}

customElements.define('toon-ref-card', ToonRefCard);
