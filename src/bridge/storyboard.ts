/**
 * Typed client of the storyboard worker (workers/storyboard.worker.ts): compose a panel from its
 * layout record, and the layered PSD of panels. AbortSignal first; aborting terminates the worker.
 */
import { createWorkerBridge } from './worker-bridge';
import type { ComposeResult, StoryboardApi } from '../../workers/storyboard.worker';
import type { ComposeInput } from '../../workers/storyboard/compose';
import type { BoardPsdNames } from '../../workers/storyboard/psd';

export type { BoardPsdNames, ComposeInput, ComposeResult };

const bridge = createWorkerBridge<StoryboardApi>(
  () =>
    new Worker(new URL('../../workers/storyboard.worker.ts', import.meta.url), { type: 'module', name: 'storyboard' }),
  { idleMs: 60_000 },
);

/** The shipped lettering font (NanumSquare, OFL; public/fonts/: the TTF as lossless WOFF2). */
export function fontUrl(): string {
  return new URL(`${import.meta.env.BASE_URL}fonts/NanumSquareR.woff2`, location.href).href;
}

export function composePanel(signal: AbortSignal | undefined, input: ComposeInput): Promise<ComposeResult> {
  return bridge.run(signal, (api) => api.compose(input, fontUrl()));
}

export function boardPsd(
  signal: AbortSignal | undefined,
  panels: (ComposeInput & { gapAfter: number })[],
  names?: BoardPsdNames,
): Promise<ArrayBuffer> {
  return bridge.run(signal, (api) => api.psd(panels, fontUrl(), names));
}
