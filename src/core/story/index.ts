export { splitStory, splitSentences } from './split';
export { matchCharacters, type NamedCharacter } from './characters';
export { draftPanels, panelSeed, planStory, TAKE_STRIDE, MAX_PANELS, type DraftPanel, type PanelPlan } from './plan';
export { treatmentProblem, MAX_TREATMENT_CHARS, type TreatmentProblem } from './treatment';
export { CHARACTER_LOOKS, isOptionalLook, lookFor, lookUses, type CharacterLook } from './look';
export { planStoryboard, planPanel, shotOf, SHOTS, type BoardPlan, type BoardLine, type Shot } from './storyboard';
export { keptPanels, type RedraftPanel } from './redraft';
export { panelNameText } from './panel-name';
export {
  BOARD_WIDTH,
  SHOT_HEIGHT,
  GAP_SCENE,
  GAP_CLOSE,
  GAP_BEAT,
  gapAfter,
  placeCharacters,
  placeBubbles,
  layoutPanel,
  reshoot,
  respeak,
  wrapText,
  fitText,
  panelHeight,
  type PanelLayout,
  type LayoutCharacter,
  type LayoutBubble,
  type LayoutBackground,
  type Measure,
  type Fitted,
} from './board-layout';
