/**
 * Slice export presets and options (pure). Each preset holds the upload rules of one kind of
 * platform; the numbers and where they come from are in src/features/strip/README.md
 * ("Export presets"). The user can change every field; a changed preset becomes "custom".
 */
import { LIMITS } from './limits';

export type SliceFormat = 'png' | 'jpeg';

export interface ExportOptions {
  preset: PresetId;
  /** Slice width in px (every panel is scaled to it). */
  width: number;
  /** Tallest slice in px. */
  maxHeight: number;
  format: SliceFormat;
  /** JPEG quality 0.5–1 (ignored for PNG). */
  quality: number;
  /** Largest file per slice, in MB (10^6 bytes). */
  maxFileMB: number;
}

export type PresetId = 'webtoon' | 'naver' | 'custom';

export interface Preset extends Omit<ExportOptions, 'preset'> {
  id: Exclude<PresetId, 'custom'>;
  /** The platform's limit for one episode, in MB (shown as a warning when exceeded). */
  maxTotalMB: number;
}

/** LINE Webtoon / WEBTOON Canvas-style uploads: 800 px wide, ≤ 1280 px tall, ≤ 2 MB, ≤ 20 MB in all. */
export const WEBTOON_PRESET: Preset = {
  id: 'webtoon',
  width: 800,
  maxHeight: 1280,
  format: 'jpeg',
  quality: 0.9,
  maxFileMB: 2,
  maxTotalMB: 20,
};

/**
 * Naver 도전만화 (Challenge)-style uploads: 690 px wide. No published per-image height or size
 * limit was found, so the conservative Canvas numbers are used (≤ 1280 px, ≤ 2 MB, ≤ 20 MB).
 */
export const NAVER_PRESET: Preset = {
  id: 'naver',
  width: 690,
  maxHeight: 1280,
  format: 'jpeg',
  quality: 0.9,
  maxFileMB: 2,
  maxTotalMB: 20,
};

export const PRESETS: readonly Preset[] = [WEBTOON_PRESET, NAVER_PRESET];

/** When an oversized JPEG slice is re-encoded, quality goes down in these steps to this floor. */
export const QUALITY_STEP = 0.05;
export const QUALITY_FLOOR = 0.7;

export const OPTION_RANGES = {
  width: [100, 4000],
  maxHeight: [100, LIMITS.maxHeight],
  quality: [0.5, 1],
  maxFileMB: [0.05, 100],
} as const;

export function presetOptions(id: Exclude<PresetId, 'custom'>): ExportOptions {
  const p = PRESETS.find((x) => x.id === id) ?? WEBTOON_PRESET;
  return {
    preset: p.id,
    width: p.width,
    maxHeight: p.maxHeight,
    format: p.format,
    quality: p.quality,
    maxFileMB: p.maxFileMB,
  };
}

export function presetById(id: PresetId): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

const clamp = (v: number, [lo, hi]: readonly [number, number]) => Math.min(hi, Math.max(lo, v));

/** Options brought inside the allowed ranges (whole px for sizes); NaN falls back to the preset. */
export function normalizeOptions(o: ExportOptions): ExportOptions {
  const base = presetOptions(o.preset === 'custom' ? 'webtoon' : o.preset);
  const num = (v: number, d: number) => (Number.isFinite(v) ? v : d);
  return {
    preset: o.preset,
    width: Math.round(clamp(num(o.width, base.width), OPTION_RANGES.width)),
    maxHeight: Math.round(clamp(num(o.maxHeight, base.maxHeight), OPTION_RANGES.maxHeight)),
    format: o.format === 'png' ? 'png' : 'jpeg',
    quality: Math.round(clamp(num(o.quality, base.quality), OPTION_RANGES.quality) * 100) / 100,
    maxFileMB: clamp(num(o.maxFileMB, base.maxFileMB), OPTION_RANGES.maxFileMB),
  };
}

/** The preset these options still match exactly, else 'custom'. */
export function matchPreset(o: Omit<ExportOptions, 'preset'>): PresetId {
  const p = PRESETS.find(
    (x) =>
      x.width === o.width &&
      x.maxHeight === o.maxHeight &&
      x.format === o.format &&
      x.quality === o.quality &&
      x.maxFileMB === o.maxFileMB,
  );
  return p ? p.id : 'custom';
}

/** Zip entry name of slice `i` (1-based, zero-padded so names sort in order). */
export function sliceFileName(i: number, count: number, format: SliceFormat = 'png'): string {
  const digits = Math.max(3, String(count).length);
  return `${String(i + 1).padStart(digits, '0')}.${format === 'jpeg' ? 'jpg' : 'png'}`;
}

export const MB = 1_000_000;
