/** Region model, flat fill and compositing (pure; see README.md). */
export * from './types';
export {
  buildRegions,
  GAP_DEFAULT,
  GAP_MAX,
  FLOOD_SHARE,
  MAX_WORK_PIXELS,
  capGapFor,
  type BuildOptions,
} from './build';
export { flatFill, regionsOfHint, type FlatFill } from './fill';
export { resolveHints, splitByHints, competitors, replacedHints, type SplitResult } from './split';
export { composite, exportLayers, panelGray, type Composited } from './composite';
export { paperRegions, paperSpread, PAPER_SPREAD } from './paper';
export { lineThreshold, inkOf, extractLines, paperGray, LINE_DEFAULTS, PAPER_L, type LineOptions } from './lines';
