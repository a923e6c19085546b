/**
 * Rendering of `<toon-colorize-view>` (templates only, drawn in the view's own shadow root with its
 * styles): the drop zone, the panel list, the editor (toolbars, hint canvas, status line) and the
 * character palettes. State
 * comes in, user actions go out through the handlers; nothing here keeps state.
 */
import { html, nothing } from 'lit';
import { t } from '../../app/i18n';
import type { Hint } from '../../core/color/hints';
import type { Rgb } from '../../core/color/lab';
import type { PanelKind } from '../../core/regions';
import type { Panel } from '../../store/schema';
import type { HintTool } from './hint-canvas.component';
import type { RunFacts } from './run-report';
import type { PaletteApplyDetail } from './palettes.component';
import './messages';
import './hint-canvas.component';
import './palettes.component';

const ZOOMS = [0, 0.5, 1, 2, 4] as const;
const TOOLS = ['fill', 'point', 'stroke', 'eraser', 'pan'] as const;
export const toHex = (rgb: Rgb) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
export const fromHex = (h: string): Rgb => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)) as Rgb;

const value = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;
const checked = (e: Event) => (e.target as HTMLInputElement).checked;

/** The drop zone and file picker (drops and picks go to `files`). */
export function renderDropZone(over: boolean, on: { over: (over: boolean) => void; files: (files: File[]) => void }) {
  return html`<div
    class="zone ${over ? 'over' : ''}"
    data-testid="colorize-drop"
    @dragover=${(e: DragEvent) => {
      e.preventDefault();
      on.over(true);
    }}
    @dragleave=${() => on.over(false)}
    @drop=${(e: DragEvent) => {
      e.preventDefault();
      on.over(false);
      on.files([...(e.dataTransfer?.files ?? [])]);
    }}
  >
    ${t('colorize.drop')}
    <label class="file-button"
      ><input type="file" accept="image/png,image/jpeg,image/webp" multiple data-testid="colorize-file"
        @change=${(e: Event) => {
          const input = e.target as HTMLInputElement;
          on.files([...(input.files ?? [])]);
          input.value = '';
        }} /><span>${t('colorize.pick')}</span></label
    >
    <small>${t('colorize.limits')}</small>
  </div>`;
}

/** The project's panels as thumbnails (the result when there is one); a click selects. */
export function renderPanelList(
  panels: Panel[],
  selectedId: string,
  url: (blobId: string) => string | undefined,
  select: (id: string) => void,
) {
  return html`<nav aria-label=${t('colorize.panels')}>
    <ul class="thumbs">
      ${panels.map(
        (q, i) => html`<li>
          <button aria-current=${q.id === selectedId ? 'true' : 'false'} data-testid="colorize-panel"
            aria-label=${t('colorize.panelLabel', { n: i + 1, name: q.sourceName })}
            @click=${() => select(q.id)}>
            <img alt="" src=${url(q.resultBlobId ?? q.originalBlobId) ?? ''} />
            ${q.resultBlobId ? html`<span class="tag">${t('colorize.colored')}</span>` : nothing}
          </button>
        </li>`,
      )}
    </ul>
  </nav>`;
}

/**
 * The view as the editor sees it: the state it shows, the view-only settings it sets directly
 * (before/after, tool, size, zoom) and the actions that change stored state.
 */
/** A change of the selected panel's flats settings (saved with its hints). */
export interface SettingsPatch {
  gap?: number;
  kindOverride?: PanelKind | '';
  auto?: boolean;
  smoothTones?: boolean;
}

export interface EditorHost {
  showBefore: boolean;
  tool: HintTool;
  size: number;
  zoom: number;
  readonly color: Rgb;
  /** Colours hints were made with lately, newest first. */
  readonly recentColors: readonly Rgb[];
  readonly hints: Hint[];
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  readonly gap: number;
  readonly kindOverride: PanelKind | '';
  readonly detectedKind: PanelKind | '';
  readonly auto: boolean;
  readonly smoothTones: boolean;
  readonly info: RunFacts | undefined;
  readonly backend: string;
  /** The object URL of a stored picture (undefined until it is read). */
  urlOf(blobId: string): string | undefined;
  pickColor(rgb: Rgb): void;
  undo(): void;
  redo(): void;
  clearHints(): void;
  recolor(panelId: string): void;
  exportPng(): void;
  exportPsd(): void;
  /** A flats setting changed: saved with the hints, then re-applied. */
  changeSettings(patch: SettingsPatch): void;
  addHint(hint: Hint): void;
  eraseHint(index: number): void;
}

/** What the editor shows of the selected panel: its pictures. */
interface Pictures {
  before: string;
  after: string | undefined;
}
function renderTools(s: EditorHost, p: Panel, pics: Pictures) {
  return html`<div class="toolbar" role="toolbar" aria-label=${t('colorize.tool')}>
    <label><input type="checkbox" data-testid="colorize-before" .checked=${s.showBefore}
      @change=${(e: Event) => (s.showBefore = checked(e))} />${t('colorize.showBefore')}</label>
    <select aria-label=${t('colorize.tool')} data-testid="colorize-tool" @change=${(e: Event) => (s.tool = value(e) as HintTool)}>
      ${TOOLS.map((k) => html`<option value=${k} ?selected=${s.tool === k}>${t(`colorize.tool.${k}`)}</option>`)}
    </select>
    <label>${t('colorize.color')}<input type="color" data-testid="hint-color" .value=${toHex(s.color)}
      @input=${(e: Event) => s.pickColor(fromHex(value(e)))} /></label>
    ${renderRecent(s)}
    <label>${t('colorize.size')}<input type="range" min="1" max="40" data-testid="hint-size" .value=${String(s.size)}
      aria-valuetext=${t('colorize.gapPx', { n: s.size })} @input=${(e: Event) => (s.size = Number(value(e)))} /><output
      >${t('colorize.gapPx', { n: s.size })}</output></label>
    <button data-testid="colorize-undo" ?disabled=${!s.canUndo} @click=${() => s.undo()}>${t('colorize.undo')}</button>
    <button data-testid="colorize-redo" ?disabled=${!s.canRedo} @click=${() => s.redo()}>${t('colorize.redo')}</button>
    <button ?disabled=${!s.hints.length} @click=${() => s.clearHints()}>${t('colorize.clear')}</button>
    <button @click=${() => s.recolor(p.id)}>${t('colorize.recolor')}</button>
    <button ?disabled=${!pics.after} @click=${() => s.exportPng()}>${t('colorize.exportPng')}</button>
    <button ?disabled=${!pics.after} data-testid="colorize-psd" @click=${() => s.exportPsd()}>${t('colorize.exportPsd')}</button>
  </div>
  <p class="tool-help" data-testid="colorize-tool-help">${t(`colorize.toolHelp.${s.tool}`)}</p>`;
}

/** The colours hints were made with lately (color-memory.ts): one click makes one the hint colour. */
function renderRecent(s: EditorHost) {
  if (!s.recentColors.length) return nothing;
  const current = toHex(s.color);
  return html`<span class="recent" role="group" aria-label=${t('colorize.recent')} data-testid="recent-colors">
    ${s.recentColors.map((rgb) => {
      const hex = toHex(rgb);
      return html`<button class="recent-swatch" data-testid="recent-color" data-hex=${hex} title=${hex}
        aria-label=${t('colorize.recentUse', { hex })} aria-pressed=${String(hex === current)}
        @click=${() => s.pickColor(rgb)}><span class="recent-fill" data-color=${hex}></span></button>`;
    })}</span>`;
}

function renderFlatsSettings(s: EditorHost) {
  const auto = t('colorize.kind.auto', { kind: s.detectedKind ? t(`colorize.kind.${s.detectedKind}`) : '…' });
  return html`<div class="toolbar" role="group" aria-label=${t('colorize.flats')}>
    <label>${t('colorize.gap')}<input type="range" min="0" max="8" step="1" data-testid="colorize-gap" .value=${String(s.gap)}
      @change=${(e: Event) => s.changeSettings({ gap: Number(value(e)) })} /><output data-testid="colorize-gap-value">${t('colorize.gapPx', { n: s.gap })}</output></label>
    <label>${t('colorize.kind')}<select data-testid="colorize-kind" @change=${(e: Event) => s.changeSettings({ kindOverride: value(e) as PanelKind | '' })}>
      <option value="" ?selected=${!s.kindOverride}>${auto}</option>
      <option value="gray" ?selected=${s.kindOverride === 'gray'}>${t('colorize.kind.gray')}</option>
      <option value="lineart" ?selected=${s.kindOverride === 'lineart'}>${t('colorize.kind.lineart')}</option>
    </select></label>
    <label><input type="checkbox" data-testid="colorize-auto" .checked=${s.auto}
      @change=${(e: Event) => s.changeSettings({ auto: checked(e) })} />${t('colorize.auto')}</label>
    ${
      (s.kindOverride || s.detectedKind) === 'gray'
        ? html`<label><input type="checkbox" data-testid="colorize-smooth-tones" .checked=${s.smoothTones}
          @change=${(e: Event) => s.changeSettings({ smoothTones: checked(e) })} />${t('colorize.smoothTones')}</label>`
        : nothing
    }
    <label>${t('colorize.zoom')}<select data-testid="colorize-zoom" @change=${(e: Event) => (s.zoom = Number(value(e)))}>
      ${ZOOMS.map((z) => html`<option value=${String(z)} ?selected=${s.zoom === z}>${z === 0 ? t('colorize.zoomFit') : `${z * 100}%`}</option>`)}
    </select></label>
  </div>`;
}

function renderStatus(s: EditorHost, p: Panel, pics: Pictures) {
  const info = s.info;
  return html`<p class="status" aria-live="polite">
      <span data-testid="colorize-hint-count">${t('colorize.hints', { n: s.hints.length })}</span> ·
      ${pics.after ? (s.showBefore ? t('colorize.before') : t('colorize.after')) : t('colorize.noResult')}
      ${info ? html` · <span data-testid="colorize-regions">${t('colorize.regionsInfo', { n: info.regions, hinted: info.hinted, kind: t(`colorize.kind.${info.kind}`) })}</span>` : nothing}
      ${s.backend ? html` · ${t('colorize.backend', { backend: s.backend })}` : nothing}
    </p>
    ${info?.capped ? html`<p class="warn" role="status" data-testid="colorize-capped">${t('colorize.capped', { name: p.sourceName, gap: s.gap })}</p>` : nothing}
    ${info && info.regions <= 1 ? html`<p class="warn" role="status">${t('colorize.noRegions', { name: p.sourceName })}</p>` : nothing}`;
}

/** The selected panel's editor: tools, flats settings, the hint canvas and the status line. */
export function renderEditor(s: EditorHost, p: Panel) {
  const pics: Pictures = {
    before: s.urlOf(p.originalBlobId) ?? '',
    after: p.resultBlobId ? s.urlOf(p.resultBlobId) : undefined,
  };
  return html`<div>
    ${renderTools(s, p, pics)} ${renderFlatsSettings(s)}
    <toon-hint-canvas
      .zoom=${s.zoom}
      .src=${s.showBefore || !pics.after ? pics.before : pics.after}
      .panelWidth=${p.width}
      .panelHeight=${p.height}
      .hints=${s.hints}
      .color=${s.color}
      .tool=${s.tool}
      .size=${s.size}
      .label=${t('colorize.canvasLabel', { name: p.sourceName })}
      .marks=${s.info?.cappedBoxes ?? []}
      .gaps=${s.info?.cappedGaps ?? []}
      @hint-add=${(e: CustomEvent<Hint>) => s.addHint(e.detail)}
      @hint-erase=${(e: CustomEvent<number>) => s.eraseHint(e.detail)}
    ></toon-hint-canvas>
    ${renderStatus(s, p, pics)}
  </div>`;
}

/** The character palettes beside the editor: "colour as <name>" and palette colours as the brush. */
export function renderPalettes(
  s: { readonly panels: Panel[]; readonly selectedId: string; readonly color: Rgb },
  projectId: string,
  on: { apply: (d: PaletteApplyDetail) => void; use: (rgb: Rgb, ref: string) => void },
) {
  return html`<toon-palettes
    .projectId=${projectId}
    .currentId=${s.selectedId}
    @palette-apply=${(e: CustomEvent<PaletteApplyDetail>) => on.apply(e.detail)}
    .panels=${s.panels}
    .color=${s.color}
    @palette-use=${(e: CustomEvent<{ rgb: Rgb; ref: string }>) => on.use(e.detail.rgb, e.detail.ref)}
  ></toon-palettes>`;
}
