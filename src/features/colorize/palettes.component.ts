/**
 * <toon-palettes>: character palettes of a project. Name a character, add colours (the current
 * hint colour with a label); one click on a swatch makes it the active hint colour (fires
 * `palette-use` with `{ rgb, ref }`; hints made with it carry `ref`). For every entry it shows the
 * CIEDE2000 drift: the colour the results actually show under that entry's hints, per panel.
 * Swatch colours are set through the CSSOM in `updated()` (the CSP forbids inline style attributes).
 */
import { LitElement, css, html, nothing } from 'lit';
import { t } from '../../app/i18n';
import { LocaleController } from '../../app/locale-controller';
import { notify } from '../../app/notifier';
import { sampleUnderHints } from '../../bridge/colorize';
import { entryDrift, type EntryDrift } from '../../core/color/drift';
import type { Lab, Rgb } from '../../core/color/lab';
import { getBlob, toBlob } from '../../store/blobs';
import { getHintsFor } from '../../store/hints';
import { createPalette, deletePalette, listPalettes, paletteRef, savePalette } from '../../store/palettes';
import type { Panel, PaletteRecord } from '../../store/schema';
import { colorizeErrorMessage } from './errors';

declare global {
  interface HTMLElementEventMap {
    'palette-use': CustomEvent<{ rgb: Rgb; ref: string }>;
  }
}

const hex = (rgb: readonly number[]) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;

export class ToonPalettes extends LitElement {
  static override properties = {
    projectId: {},
    panels: { attribute: false },
    color: { attribute: false },
    palettes: { state: true },
    drift: { state: true },
  };
  static override styles = css`
    :host { display: block; font-size: 0.9rem; }
    h3 { font-size: 1rem; margin: 0 0 0.5rem; }
    form { display: flex; gap: 0.25rem; margin-bottom: 0.5rem; flex-wrap: wrap; }
    input, button { font: inherit; }
    .char { border: 1px solid #ccc; border-radius: 6px; padding: 0.4rem; margin-bottom: 0.5rem; }
    .char header { display: flex; justify-content: space-between; align-items: center; font-weight: 600; }
    ul { list-style: none; padding: 0; margin: 0.25rem 0; }
    li { display: flex; align-items: center; gap: 0.4rem; margin: 0.15rem 0; }
    .swatch { width: 1.6rem; height: 1.6rem; padding: 0; border: 1px solid #333; border-radius: 4px; cursor: pointer; }
    .swatch-fill { display: block; width: 100%; height: 100%; border-radius: 3px; }
    .drift { color: #555; font-size: 0.8rem; }
  `;

  projectId = '';
  panels: Panel[] = [];
  color: Rgb = [0, 0, 0];
  palettes: PaletteRecord[] = [];
  drift = new Map<string, EntryDrift>();
  private loadedFor = '';
  private driftKey = '';
  private readonly locale = new LocaleController(this);

  override updated(changed: Map<string, unknown>): void {
    // CSSOM writes are allowed by `style-src 'self'`; a style="" attribute (lit's styleMap) is not.
    for (const el of this.renderRoot.querySelectorAll<HTMLElement>('.swatch-fill[data-color]'))
      el.style.setProperty('background-color', el.dataset.color ?? '');
    if (changed.has('projectId') && this.projectId && this.projectId !== this.loadedFor) {
      this.loadedFor = this.projectId;
      void this.reload();
    }
    if (changed.has('panels')) void this.computeDrift();
  }

  private async guard(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      notify({ kind: 'error', message: colorizeErrorMessage(e) });
    }
  }

  private async reload(): Promise<void> {
    await this.guard(async () => {
      this.palettes = await listPalettes(this.projectId);
      await this.computeDrift();
    });
  }

  /** ΔE00 between each entry and the mean result colour under its hints, per panel using it. */
  private async computeDrift(): Promise<void> {
    const key = this.panels.map((p) => p.resultBlobId ?? '').join() + this.palettes.map((p) => p.updatedAt).join();
    if (!this.palettes.length || key === this.driftKey) return;
    this.driftKey = key;
    await this.guard(async () => {
      const hintsBy = await getHintsFor(this.panels.map((p) => p.id));
      const samples = new Map<string, { panelId: string; lab: Lab | null }[]>();
      for (const panel of this.panels) {
        const hints = (hintsBy.get(panel.id) ?? []).filter((h) => h.ref);
        if (!hints.length || !panel.resultBlobId) continue;
        const rec = await getBlob(panel.resultBlobId);
        if (!rec) continue;
        const labs = await sampleUnderHints(undefined, toBlob(rec), hints);
        const byRef = new Map<string, Lab[]>();
        hints.forEach((h, i) => {
          const lab = labs[i];
          if (lab && h.ref) byRef.set(h.ref, [...(byRef.get(h.ref) ?? []), lab]);
        });
        for (const [ref, list] of byRef) {
          const mean: Lab = [0, 1, 2].map((c) => list.reduce((a, l) => a + l[c], 0) / list.length) as Lab;
          samples.set(ref, [...(samples.get(ref) ?? []), { panelId: panel.id, lab: mean }]);
        }
      }
      const drift = new Map<string, EntryDrift>();
      for (const p of this.palettes)
        for (const e of p.entries) {
          const ref = paletteRef(p.id, e.label);
          drift.set(ref, entryDrift(ref, e.rgb, samples.get(ref) ?? []));
        }
      this.drift = drift;
      this.dataset.drift = String(Date.now());
    });
  }

  private async addCharacter(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const input = form.elements.namedItem('name') as HTMLInputElement;
    await this.guard(async () => {
      await createPalette(this.projectId, input.value || t('colorize.defaultCharacter'));
      input.value = '';
      await this.reload();
    });
  }

  private async addEntry(p: PaletteRecord, e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).elements.namedItem('label') as HTMLInputElement;
    const label = input.value.trim() || `color ${p.entries.length + 1}`;
    await this.guard(async () => {
      await savePalette({ ...p, entries: [...p.entries.filter((x) => x.label !== label), { label, rgb: [...this.color] }] });
      input.value = '';
      await this.reload();
    });
  }

  private renderDrift(ref: string) {
    const d = this.drift.get(ref);
    if (!d || !d.perPanel.length) return html`<span class="drift">${t('colorize.drift')}: ${t('colorize.driftNone')}</span>`;
    return html`<span class="drift" data-testid="palette-drift" title=${d.perPanel.map((p) => p.deltaE.toFixed(1)).join(', ')}
      >${t('colorize.drift')}: ${t('colorize.driftValue', { mean: d.mean.toFixed(1), max: d.max.toFixed(1), n: d.perPanel.length })}</span
    >`;
  }

  override render() {
    return html`<section aria-labelledby="pal-h">
      <h3 id="pal-h">${t('colorize.palettes')}</h3>
      <form @submit=${(e: SubmitEvent) => void this.addCharacter(e)}>
        <input name="name" aria-label=${t('colorize.paletteName')} placeholder=${t('colorize.paletteName')} data-testid="palette-name" />
        <button type="submit">${t('colorize.addCharacter')}</button>
      </form>
      ${this.palettes.map((p) => html`<div class="char" data-testid="palette">
        <header>${p.name}
          <button aria-label=${t('colorize.deleteCharacter', { name: p.name })}
            @click=${() => void this.guard(async () => { await deletePalette(p.id); await this.reload(); })}>✕</button>
        </header>
        <ul>
          ${p.entries.map((e) => html`<li>
            <button class="swatch" data-testid="palette-entry"
              aria-label=${t('colorize.useEntry', { label: e.label, name: p.name })}
              @click=${() => this.dispatchEvent(new CustomEvent('palette-use', { detail: { rgb: [...e.rgb] as Rgb, ref: paletteRef(p.id, e.label) }, bubbles: true, composed: true }))}
            ><span class="swatch-fill" data-color=${hex(e.rgb)}></span></button>
            <span>${e.label}</span> ${this.renderDrift(paletteRef(p.id, e.label))}
          </li>`)}
        </ul>
        <form @submit=${(e: SubmitEvent) => void this.addEntry(p, e)}>
          <input name="label" aria-label=${t('colorize.entryLabel')} placeholder=${t('colorize.entryLabel')} />
          <button type="submit">${t('colorize.addEntry')}</button>
        </form>
      </div>`)}
    </section>`;
  }
}

customElements.define('toon-palettes', ToonPalettes);
