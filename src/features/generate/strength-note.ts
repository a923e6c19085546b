/**
 * The line under a strength control: how many of the run's steps this strength walks, and the
 * band of strengths that give the same picture (img2imgStrengthBand, in hundredths as typed). At 4 steps, 0.6 and 0.7 both
 * walk the last 2 — without this line the control looks broken between those points.
 */
import { html, type TemplateResult } from 'lit';
import { t } from '../../app/i18n';
import { img2imgStrengthBand } from '../../core/diffusion/scheduler';

export function strengthNote(steps: number, strength: number, testid: string): TemplateResult | string {
  if (!(Number.isInteger(steps) && steps >= 1) || !(strength >= 0 && strength <= 1)) return '';
  const c = img2imgStrengthBand(steps, strength);
  const v = { n: steps, k: c.walked, from: c.from.toFixed(2), to: c.to.toFixed(2), atLeast: c.atLeast.toFixed(2) };
  const key =
    c.walked === 0
      ? 'generate.strengthSteps.none'
      : c.walked >= steps
        ? 'generate.strengthSteps.all'
        : 'generate.strengthSteps';
  return html`<p class="meta" data-testid=${testid} data-walked=${c.walked}>${t(key, v)}</p>`;
}
