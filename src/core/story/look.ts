/**
 * How a named character's image keeps its look in a story panel: 'prompt' = image prompt (the
 * picture becomes the UNet's extra context tokens; layout follows the text and the seed),
 * 'start' = image-to-image from the picture at the character strength, 'both'. A model without an
 * image prompt (no image_proj, e.g. an imported SD-Turbo folder) can only 'start'.
 */
export const CHARACTER_LOOKS = ['prompt', 'both', 'start'] as const;
export type CharacterLook = (typeof CHARACTER_LOOKS)[number];

/** A stored look (store, backup): one of CHARACTER_LOOKS, or absent. */
export function isOptionalLook(v: unknown): v is CharacterLook | undefined {
  return v === undefined || (CHARACTER_LOOKS as readonly unknown[]).includes(v);
}

/** The look actually used: what was asked (absent: 'start', as drafts before image prompts), or 'start' when the model has no image prompt. */
export function lookFor(asked: CharacterLook | undefined, hasImagePrompt: boolean): CharacterLook {
  return hasImagePrompt ? (asked ?? 'start') : 'start';
}

/** Which of the character's image uses a look implies. */
export function lookUses(look: CharacterLook): { imagePrompt: boolean; start: boolean } {
  return { imagePrompt: look !== 'start', start: look !== 'prompt' };
}
