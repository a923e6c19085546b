/**
 * What the user and the tests are told about a finished flats run (no DOM; notices go to the notifier): the facts shown
 * under the canvas, the notices (warnings once per panel, region count and gap; the "outside"
 * notice every time) and the view's data- attributes for tests and the benchmark.
 */
import { t } from '../../app/i18n';
import type { FlatsResponse } from '../../bridge/colorize';
import type { PanelKind } from '../../core/regions';
import { notify, type NoticeKind } from '../../app/notifier';
import { GAP_DEFAULT } from './flats-request';
import './messages';

/** Facts of a panel's newest result (regions, warnings). */
export interface RunFacts {
  regions: number;
  hinted: number;
  capped: boolean;
  /** Where the flood cap stopped a fill: boxes of the shapes with a big break in their outline. */
  cappedBoxes: [number, number, number, number][];
  /** Where each of those shapes' outlines is open (a box across the break). */
  cappedGaps: [number, number, number, number][];
  kind: PanelKind;
}

export type RunResult = Omit<FlatsResponse, 'png' | 'ok'>;

export function runFacts(res: RunResult): RunFacts {
  return {
    regions: res.regions,
    hinted: res.hintedRegions,
    capped: res.capped,
    cappedBoxes: res.cappedBoxes,
    cappedGaps: res.cappedGaps,
    kind: res.kind,
  };
}

export interface RunNotice {
  kind: NoticeKind;
  message: string;
  /** Shown once per key (panel|regions|what); absent: shown every time. */
  once?: string;
}

/**
 * The notices of a run of panel `panelId` (named `name`) made with close-gaps `gap`. A preview
 * (`stored` false: selection or a drop, nothing stored) does not say the panel was converted to
 * lightness — nothing was; the first stored run does. The line warnings (big breaks, no closed
 * regions) of the `selected` panel are not notices: they stand under its picture (the editor template).
 */
export function runNotices(
  panelId: string,
  name: string,
  gap: number | undefined,
  res: RunResult,
  stored = true,
  selected = false,
): RunNotice[] {
  const key = (what: string) => `${panelId}|${res.regions}|${what}`;
  const out: RunNotice[] = [];
  if (res.wasColor && stored) out.push({ kind: 'info', message: t('colorize.wasColor', { name }), once: key('color') });
  if (res.outsideHints.length)
    out.push({ kind: 'info', message: t('colorize.outside', { n: res.outsideHints.length }) });
  // said when the hint is made (a stored run), not again by the preview each opening makes
  if (res.onLineHints.length && stored)
    out.push({
      kind: 'info',
      message: t('colorize.onLine', { name, n: res.onLineHints.length }),
      once: key(`line${res.onLineHints.join(',')}`),
    });
  if (res.capped && !selected)
    out.push({
      kind: 'info',
      message: t('colorize.capped', { name, gap: gap ?? GAP_DEFAULT }),
      once: key(`cap${gap}`),
    });
  if (res.paperRegions && stored)
    out.push({ kind: 'info', message: t('colorize.paper', { name, n: res.paperRegions }), once: key('paper') });
  if (res.paperSpread && stored)
    out.push({
      kind: 'info',
      message: t('colorize.paperSpread', { name, pct: Math.round(100 * res.paperSpread) }),
      once: key('spread'),
    });
  if (res.halftoneRegions && !res.smoothTones && stored)
    out.push({
      kind: 'info',
      message: t('colorize.halftone', { name, n: res.halftoneRegions }),
      once: key('halftone'),
    });
  if (res.regions <= 1 && !selected)
    out.push({ kind: 'info', message: t('colorize.noRegions', { name }), once: key(`none${gap}`) });
  return out;
}

/** Shows a run's notices; one with a `once` key is shown once per key remembered in `shown`. */
export function announceRun(shown: Set<string>, notices: RunNotice[]): void {
  for (const { once, ...n } of notices) {
    if (once && shown.has(once)) continue;
    if (once) shown.add(once);
    notify(n);
  }
}

/**
 * The view's data- attributes after a run (worker's own timing; `run`: 'stored' or 'preview', of panel `runPanel`;
 * `resultHints`, stored runs only: how many hints the stored result was made with — a run that
 * started before a hint was added stores a result without it, and the queued re-run follows).
 */
export function runDataset(panelId: string, hints: number, res: RunResult, stored = true): Record<string, string> {
  return {
    run: stored ? 'stored' : 'preview',
    runPanel: panelId,
    backend: res.backend ?? 'none',
    regionsMs: res.ms.regions.toFixed(1),
    reapplyMs: (res.ms.fill + res.ms.composite).toFixed(1),
    modelMs: (res.ms.regions + res.ms.fill + res.ms.composite).toFixed(1),
    totalMs: res.ms.total.toFixed(1),
    regions: String(res.regions),
    kind: res.kind,
    tiles: String(res.tiles),
    ...(stored ? { resultHints: `${panelId}:${hints}` } : {}),
  };
}
