// Types for meta.mjs (so TypeScript tests can import it under `strict`).
import type { SpriteMeta } from './specgen';

export const LANGS: readonly ['en', 'ko', 'ja'];
export const HELDOUT_SALT: string;
export const HELDOUT_SHARE: number;
export const ALWAYS_TRAIN: Set<string>;
export function kindOf(subgroup: string): 'animal' | 'person' | 'thing';
export function unitHash(s: string): number;
export interface BuiltSpriteMeta extends SpriteMeta {
  emoji: string;
  skintone: string;
  enSource: 'emojibase' | 'openmoji';
  en: { label: string; tags: string[] };
  ko: { label: string; tags: string[] } | null;
  ja: { label: string; tags: string[] } | null;
}
export function buildSpriteMeta(): BuiltSpriteMeta[];
