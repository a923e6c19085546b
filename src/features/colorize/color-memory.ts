/**
 * The hint colour across reloads, and the colours used lately: a flatter reuses a character's skin
 * tone on the next panel and the next day. The current colour and up to RECENT_MAX colours hints
 * were made with (newest first) are kept in the settings store (`colorize.colors`, all projects);
 * the editor shows the recent ones as swatches beside the colour input. A colour picked before the
 * stored one is read wins. Swatch colours are set through the CSSOM after each render (the CSP
 * forbids inline style attributes).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Rgb } from '../../core/color/lab';
import { getSetting, setSetting } from '../../store/settings';

export const COLORS_KEY = 'colorize.colors';
export const RECENT_MAX = 12;
/** Writes of a colour being dragged in the picker are gathered for this long. */
const SAVE_AFTER_MS = 300;

export interface ColorMemoryState {
  color: Rgb;
  recent: Rgb[];
}

const isRgb = (v: unknown): v is Rgb =>
  Array.isArray(v) && v.length === 3 && v.every((c) => Number.isInteger(c) && c >= 0 && c <= 255);

/** The stored value → state; anything malformed is dropped (`fallback`: the colour when none is valid). */
export function readColors(v: unknown, fallback: Rgb): ColorMemoryState {
  const o = (v !== null && typeof v === 'object' ? v : {}) as { color?: unknown; recent?: unknown };
  const recent = Array.isArray(o.recent) ? o.recent.filter(isRgb).slice(0, RECENT_MAX) : [];
  return { color: isRgb(o.color) ? o.color : fallback, recent };
}

/** `rgb` first, its earlier copy removed, at most RECENT_MAX. */
export function pushRecent(recent: readonly Rgb[], rgb: Rgb): Rgb[] {
  const key = rgb.join();
  return [rgb, ...recent.filter((c) => c.join() !== key)].slice(0, RECENT_MAX);
}

interface Host extends ReactiveControllerHost {
  color: Rgb;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

export class ColorMemory implements ReactiveController {
  recent: Rgb[] = [];
  private picked = false;
  private loaded = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: Host) {
    host.addController(this);
  }

  hostConnected(): void {
    if (!this.loaded) void this.load();
  }

  hostDisconnected(): void {
    if (this.timer !== undefined) this.flush();
  }

  hostUpdated(): void {
    for (const el of this.host.renderRoot.querySelectorAll<HTMLElement>('.recent-fill[data-color]'))
      el.style.setProperty('background-color', el.dataset.color ?? '');
  }

  private async load(): Promise<void> {
    const st = readColors(await getSetting<unknown>(COLORS_KEY, null).catch(() => null), this.host.color);
    this.loaded = true;
    if (!this.picked) this.host.color = st.color;
    // colours used before the read came back (newest first in `recent`) stay newest
    this.recent = this.recent.reduceRight(pushRecent, st.recent);
    this.host.requestUpdate();
  }

  /** The user chose `rgb` (the colour input, a swatch, a palette entry): remembered. */
  pick(rgb: Rgb): void {
    this.picked = true;
    this.host.color = rgb;
    this.save();
  }

  /** A hint was made with `rgb`: it leads the recent colours. */
  use(rgb: Rgb): void {
    this.recent = pushRecent(this.recent, rgb);
    this.host.requestUpdate();
    this.flush();
  }

  private save(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), SAVE_AFTER_MS);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.loaded) return void this.save(); // would store over colours not read yet
    // a failed write loses only the memory, never the user's work
    void setSetting(COLORS_KEY, { color: this.host.color, recent: this.recent }).catch(() => undefined);
  }
}
