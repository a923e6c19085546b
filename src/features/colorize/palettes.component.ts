/**
 * <toon-palettes>: character palettes of a project. Name a character, add colours (the current
 * hint colour with a label); one click on a swatch makes it the active hint colour (fires
 * `palette-use` with `{ rgb, ref }`; hints made with it carry `ref`). For every entry it shows the
 * CIEDE2000 drift: the colour the results actually show under that entry's hints, per panel.
 * "Colour as <name>" (issue 13): the palette's entries remember the regions they coloured (the
 * latest panel with this palette's hints is recorded first); they are matched to the selected
 * panel's regions (src/core/regions/palette-match.ts, in the colorize worker) and sent to the view
 * as point hints in a `palette-apply` event — the view stores them as one undoable hint change.
 * Swatch colours are set through the CSSOM in `updated()` (the CSP forbids inline style attributes).
 */
import { LitElement, css, html } from 'lit';
import { t } from '../../app/i18n';
import { LocaleController } from '../../app/locale-controller';
import { notify } from '../../app/notifier';
import { paletteAssign, paletteSamples, sampleUnderHints } from '../../bridge/colorize';
import type { Hint } from '../../core/color/hints';
import type { PaletteAssignment } from '../../core/regions/palette-match';
import { entryDrift, type EntryDrift } from '../../core/color/drift';
import type { Lab, Rgb } from '../../core/color/lab';
import { getBlob, toBlob } from '../../store/blobs';
import { getHintState, getHintsFor } from '../../store/hints';
import {
  createPalette,
  deletePalette,
  latestSamples,
  listPalettes,
  paletteRef,
  recordPaletteUses,
  restorePalette,
  savePalette,
} from '../../store/palettes';
import type { Panel, PaletteRecord } from '../../store/schema';
import { colorizeErrorMessage } from './errors';
import { adoptByColour } from './palette-adopt';
import './palette-messages';

/** Detail of `palette-apply`: point hints (one per matched region) for the panel, in order. */
export interface PaletteApplyDetail {
  panelId: string;
  paletteId: string;
  name: string;
  hints: Hint[];
  assignments: PaletteAssignment[];
}

const GAP_DEFAULT = 3;

declare global {
  interface HTMLElementEventMap {
    'palette-use': CustomEvent<{ rgb: Rgb; ref: string }>;
    'palette-apply': CustomEvent<PaletteApplyDetail>;
  }
}

const hex = (rgb: readonly number[]) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;

export class ToonPalettes extends LitElement {
  static override properties = {
    projectId: {},
    panels: { attribute: false },
    color: { attribute: false },
    currentId: {},
    palettes: { state: true },
    applying: { state: true },
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
    li { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem; margin: 0.15rem 0; }
    /* A label keeps its words whole (머리, not 머/리 in a narrow column); the drift note wraps instead. */
    .label { flex: none; word-break: keep-all; }
    .swatch { width: 1.6rem; height: 1.6rem; padding: 0; border: 1px solid #333; border-radius: 4px; cursor: pointer; }
    .swatch-fill { display: block; width: 100%; height: 100%; border-radius: 3px; }
    .drift { color: #555; font-size: 0.8rem; }
  `;

  projectId = '';
  panels: Panel[] = [];
  color: Rgb = [0, 0, 0];
  /** The selected panel ("Colour as <name>" colours it). */
  currentId = '';
  palettes: PaletteRecord[] = [];
  applying = '';
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

  /** Deletes a palette at once, with Undo on the notice (a trial lost one to a single click). */
  private async deleteWithUndo(p: PaletteRecord): Promise<void> {
    await this.guard(async () => {
      const old = await deletePalette(p.id);
      await this.reload();
      if (!old) return;
      notify({
        kind: 'info',
        message: t('colorize.paletteDeleted', { name: old.name }),
        timeoutMs: 15_000,
        action: {
          label: t('colorize.undo'),
          run: () =>
            void this.guard(async () => {
              await restorePalette(old);
              await this.reload();
            }),
        },
      });
    });
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
        const own = hintsBy.get(panel.id) ?? [];
        const hints = this.palettes.reduce((hs, p) => adoptByColour(hs, p.id, p.entries), own).filter((h) => h.ref);
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
      await savePalette({
        ...p,
        entries: [...p.entries.filter((x) => x.label !== label), { label, rgb: [...this.color] }],
      });
      input.value = '';
      await this.reload();
    });
  }

  /**
   * "Colour as <name>": record where this palette coloured its latest other panel (region
   * features), match them to the selected panel's regions, fire `palette-apply` with the hints.
   */
  private async colourAs(p: PaletteRecord): Promise<void> {
    const target = this.panels.find((q) => q.id === this.currentId);
    if (!target) {
      notify({ kind: 'info', message: t('colorize.colourAsNoPanel', { name: p.name }) });
      return;
    }
    this.applying = p.id;
    try {
      await this.guard(async () => {
        let rec = p;
        // hints of the palette's colours made without its swatches count too (palette-adopt.ts)
        const adopt = (hints: readonly Hint[]) => adoptByColour(hints, p.id, p.entries);
        const hintsBy = await getHintsFor(this.panels.map((q) => q.id));
        const sources = this.panels
          .filter(
            (q) => q.id !== target.id && adopt(hintsBy.get(q.id) ?? []).some((h) => h.ref?.startsWith(`${p.id}/`)),
          )
          .sort((a, b) => b.editedAt - a.editedAt);
        for (const src of sources.slice(0, 1)) {
          const st = await getHintState(src.id);
          const blob = await getBlob(src.originalBlobId);
          if (!blob) continue;
          const req = {
            key: src.originalBlobId,
            image: toBlob(blob),
            hints: adopt(st.hints),
            gap: st.gap ?? GAP_DEFAULT,
          };
          const samples = await paletteSamples(undefined, req, p.id);
          if (samples.length) rec = await recordPaletteUses(rec, src.id, samples);
        }
        const samples = latestSamples(rec, target.id);
        if (!samples.length) {
          notify({ kind: 'info', message: t('colorize.colourAsNoSource', { name: p.name }) });
          return;
        }
        const st = await getHintState(target.id);
        const blob = await getBlob(target.originalBlobId);
        if (!blob) return;
        const assignments = await paletteAssign(
          undefined,
          { key: target.originalBlobId, image: toBlob(blob), hints: [], gap: st.gap ?? GAP_DEFAULT },
          samples,
        );
        if (rec !== p) await this.reload();
        if (!assignments.length) {
          notify({ kind: 'info', message: t('colorize.colourAsNone', { name: p.name }) });
          return;
        }
        const rgbOf = new Map(rec.entries.map((e) => [e.label, e.rgb] as const));
        const hints: Hint[] = assignments.map((a) => ({
          kind: 'point',
          x: a.x,
          y: a.y,
          rgb: [...(rgbOf.get(a.label) ?? [0, 0, 0])] as Rgb,
          radius: 1,
          fill: true,
          ref: paletteRef(p.id, a.label),
        }));
        const detail: PaletteApplyDetail = { panelId: target.id, paletteId: p.id, name: p.name, hints, assignments };
        this.dispatchEvent(new CustomEvent('palette-apply', { detail, bubbles: true, composed: true }));
        notify({ kind: 'success', message: t('colorize.colourAsDone', { n: assignments.length, name: p.name }) });
      });
    } finally {
      this.applying = '';
    }
  }

  private renderDrift(ref: string) {
    const d = this.drift.get(ref);
    if (!d || !d.perPanel.length)
      return html`<span class="drift">${t('colorize.drift')}: ${t('colorize.driftNone')}</span>`;
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
      ${this.palettes.map(
        (p) => html`<div class="char" data-testid="palette">
        <header>${p.name}
          <button data-testid="palette-apply" ?disabled=${!this.currentId || !p.entries.length || this.applying === p.id}
            aria-label=${t('colorize.colourAsLabel', { name: p.name })}
            @click=${() => void this.colourAs(p)}>${t('colorize.colourAs', { name: p.name })}</button>
          <button aria-label=${t('colorize.deleteCharacter', { name: p.name })}
            @click=${() => void this.deleteWithUndo(p)}>✕</button>
        </header>
        <ul>
          ${p.entries.map(
            (e) => html`<li>
            <button class="swatch" data-testid="palette-entry"
              aria-label=${t('colorize.useEntry', { label: e.label, name: p.name })}
              @click=${() => this.dispatchEvent(new CustomEvent('palette-use', { detail: { rgb: [...e.rgb] as Rgb, ref: paletteRef(p.id, e.label) }, bubbles: true, composed: true }))}
            ><span class="swatch-fill" data-color=${hex(e.rgb)}></span></button>
            <span class="label">${e.label}</span> ${this.renderDrift(paletteRef(p.id, e.label))}
          </li>`,
          )}
        </ul>
        <form @submit=${(e: SubmitEvent) => void this.addEntry(p, e)}>
          <input name="label" aria-label=${t('colorize.entryLabel')} placeholder=${t('colorize.entryLabel')} />
          <button type="submit">${t('colorize.addEntry')}</button>
        </form>
      </div>`,
      )}
    </section>`;
  }
}

customElements.define('toon-palettes', ToonPalettes);
