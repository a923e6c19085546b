/**
 * Sampling defaults of the app, chosen on the val split with the unshipped evaluator CLIP
 * (models/diffusion/EVAL.md, "Steps and guidance on val"; script models/diffusion/choose_val_steps.py).
 * Rule fixed before the run: the fewest steps whose evaluator score is, paired per treatment,
 * within the 95 % interval of the best setting (ties: the higher score).
 */

/**
 * Text to image from noise: the storyboard's generated backgrounds. On the shipped weights (run
 * ipval @ 2,000) the best is 20 steps / guidance 2; 8 / 2 is −0.03 (±0.09) from it, while 4 / 2 —
 * the choice on the previous weights — is now −0.28 (±0.22), measurably worse
 * (models/diffusion/choose-val-steps-ipval.json).
 */
export const TEXT_TO_IMAGE = { steps: 8, guidance: 2 } as const;

/**
 * The Generate view, whose default start is "best match in the reference library" (img2img at
 * 0.6): the same rule on that regime picks 4 steps / guidance 4 (−0.05 ± 0.23 from the best,
 * 20 / 4; models/diffusion/choose-val-steps-library.json).
 */
export const SINGLE_PANEL = { steps: 4, guidance: 4 } as const;

/**
 * Story mode (the character sheet as image prompt + start at 0.6): 4 steps are as alike to the
 * sheet as 8 (val, K = 12 stories per language, EVAL.md); at 4 steps guidance 2 and 3 give the
 * same likeness within noise and 3 keeps more of the text (Toon-CLIP score, circular).
 */
export const STORY = { steps: 4, guidance: 3 } as const;
