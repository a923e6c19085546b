export { splitStory, splitSentences } from './split';
export { matchCharacters, type NamedCharacter } from './characters';
export { draftPanels, panelSeed, planStory, TAKE_STRIDE, MAX_PANELS, type DraftPanel, type PanelPlan } from './plan';
export { treatmentProblem, MAX_TREATMENT_CHARS, type TreatmentProblem } from './treatment';
export { CHARACTER_LOOKS, isOptionalLook, lookFor, lookUses, type CharacterLook } from './look';
