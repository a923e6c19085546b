/**
 * The search results as a person reads them: the hits that have a reason to be there (a name, tag,
 * collection or note matched, or the picture ranked in the top 3 — their why-badges) first, then,
 * under their own heading, the rest of the top-k, which only fill the list ("other references").
 * The order inside each group is the fused ranking. Pure split + the lit template. Cards are keyed
 * by reference id, so a card's half-typed tag or note stays with its picture when a new search
 * reorders the list (by position, it would move to whatever picture came to that place).
 */
import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { HybridHit } from './hybrid';
import { t } from '../../app/i18n';

export function splitByEvidence(hits: readonly HybridHit[]): { matches: HybridHit[]; others: HybridHit[] } {
  const matches: HybridHit[] = [];
  const others: HybridHit[] = [];
  for (const h of hits) (h.why.length ? matches : others).push(h);
  return { matches, others };
}

const item = (h: HybridHit) => html`
  <li data-testid="refs-hit" data-name=${h.ref.name} data-score=${(h.cosine ?? 0).toFixed(4)} data-fused=${h.score.toFixed(5)} data-why=${h.why.join(' ')}>
    <toon-ref-card .hit=${h}></toon-ref-card>
  </li>`;

/** Both groups; the events of the cards bubble to the wrapper, whose listeners the view sets. */
export function renderHitList(hits: readonly HybridHit[]): TemplateResult {
  const { matches, others } = splitByEvidence(hits);
  return html`${matches.length ? html`<ol data-testid="refs-matches">${repeat(matches, (h) => h.ref.id, item)}</ol>` : nothing}
    ${
      others.length
        ? html`<h3 class="others" data-testid="refs-others">${t(matches.length ? 'refs.others' : 'refs.othersOnly')}</h3>
          <ol data-testid="refs-others-list">${repeat(others, (h) => h.ref.id, item)}</ol>`
        : nothing
    }`;
}
