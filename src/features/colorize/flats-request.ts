/**
 * What a flats run is asked (no DOM): a panel's image with its hints, gap, kind override and its
 * "automatic colours" switch (saved per panel), plus the optional backend override of the benchmark.
 */
import type { FlatsRequest } from '../../bridge/colorize';
import type { Hint } from '../../core/color/hints';
import type { PanelKind } from '../../core/regions';

/** "Close gaps" default, px (0–8). */
export const GAP_DEFAULT = 3;

/** A panel's saved (or, for the selected panel, current) flats settings. */
export interface PanelSettings {
  hints: Hint[];
  gap?: number;
  kind?: PanelKind;
  /** Automatic colours for regions without hints (absent = off). */
  auto?: boolean;
  /** Gray panels: screentone under colours takes the tone's lightness (absent = off). */
  smoothTones?: boolean;
  /** A preview run: facts only, no picture encoded (nothing is stored from it). */
  preview?: boolean;
}

/** The editor's flats settings of a saved state, defaults filled in. */
export function editorSettings(st: Omit<PanelSettings, 'hints'>): {
  gap: number;
  kindOverride: PanelKind | '';
  auto: boolean;
  smoothTones: boolean;
} {
  return {
    gap: st.gap ?? GAP_DEFAULT,
    kindOverride: st.kind ?? '',
    auto: st.auto === true,
    smoothTones: st.smoothTones === true,
  };
}

/** Optional backend override (localStorage `toonsmith.colorize.backend` = 'wasm' | 'webgpu'), used by the benchmark. */
export function backendPreference(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): {
  backend?: 'wasm' | 'webgpu';
} {
  const v = storage?.getItem('toonsmith.colorize.backend');
  return v === 'wasm' || v === 'webgpu' ? { backend: v } : {};
}

/** The flats request for the panel whose original is `key` / `image`. */
export function flatsRequest(key: string, image: Blob, st: PanelSettings, backend = backendPreference()): FlatsRequest {
  return {
    key,
    image,
    hints: st.hints,
    gap: st.gap ?? GAP_DEFAULT,
    ...(st.kind ? { kind: st.kind } : {}),
    auto: st.auto === true,
    ...(st.smoothTones ? { smoothTones: true } : {}),
    ...(st.preview ? { preview: true } : {}),
    ...backend,
  };
}
