/**
 * A story's panel plan: text, seed and the characters each panel names. Seeds are
 * reproducible: panel i (0-based) uses `base + i`; the k-th regeneration of a panel
 * (take k ≥ 1) uses `base + i + k·TAKE_STRIDE` — a different picture that any later run can
 * reproduce from the same base, index and take. All seeds wrap into [0, 2^32).
 */
import { matchCharacters, type NamedCharacter } from './characters';
import { splitStory } from './split';

export const TAKE_STRIDE = 1_000_003;
export const MAX_PANELS = 40;

export function panelSeed(base: number, index: number, take = 0): number {
  if (!Number.isInteger(base) || !Number.isInteger(index) || !Number.isInteger(take) || index < 0 || take < 0) {
    throw new RangeError('seed base, index and take must be non-negative integers');
  }
  return (((base + index + take * TAKE_STRIDE) % 2 ** 32) + 2 ** 32) % 2 ** 32;
}

export interface PanelPlan<C extends NamedCharacter> {
  index: number;
  text: string;
  seed: number;
  take: number;
  /** Characters named in the text, first appearance first; the first one gives the init image. */
  characters: C[];
}

export function planStory<C extends NamedCharacter>(
  story: string,
  characters: readonly C[],
  base: number,
): PanelPlan<C>[] {
  return splitStory(story).map((text, index) => ({
    index,
    text,
    seed: panelSeed(base, index),
    take: 0,
    characters: matchCharacters(text, characters),
  }));
}

/** What a drafted panel records: its text, seed/take, the characters named, whose image starts it and the palette carried. */
export interface DraftPanel {
  text: string;
  seed: number;
  take: number;
  characters: string[];
  init?: string;
  palette?: string;
}

export function draftPanels<C extends NamedCharacter & { paletteName?: string }>(
  plan: readonly PanelPlan<C>[],
): DraftPanel[] {
  return plan.map((p) => {
    const lead = p.characters[0];
    return {
      text: p.text,
      seed: p.seed,
      take: p.take,
      characters: p.characters.map((c) => c.name.trim()),
      ...(lead ? { init: lead.name.trim() } : {}),
      ...(lead?.paletteName ? { palette: lead.paletteName } : {}),
    };
  });
}
