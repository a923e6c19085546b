/**
 * The search results as a person reads them: the hits that have a reason to be there (a name, tag,
 * collection or note matched, or the picture ranked in the top 3 — their why-badges) first, then,
 * under their own heading, the rest of the top-k, which only fill the list ("other references").
 * The order inside each group is the fused ranking. Pure split + the lit template.
 */
import { html, nothing, type TemplateResult } from 'lit';
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
  return html`${matches.length ? html`<ol data-testid="refs-matches">${matches.map(item)}</ol>` : nothing}
    ${
      others.length
        ? html`<h3 class="others" data-testid="refs-others">${t(matches.length ? 'refs.others' : 'refs.othersOnly')}</h3>
          <ol data-testid="refs-others-list">${others.map(item)}</ol>`
        : nothing
    }`;
}
