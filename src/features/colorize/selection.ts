/**
 * Which panel Colorize opens (no DOM): the one the user last selected in this project, remembered
 * in the settings store (`colorize.selected.<projectId>`), if it still exists; else the first. And
 * whether the opened panel's stored result is older than its hints (`resultIsStale`).
 */
import { getSetting, setSetting } from '../../store/settings';
import type { HintState } from '../../store/hints';
import type { Panel } from '../../store/schema';

/** Settings key of the panel last selected in Colorize in project `projectId`. */
export const selectedKey = (projectId: string): string => `colorize.selected.${projectId}`;

/** The panel to open: `remembered` if it is one of `panelIds`, else the first (undefined: none). */
export function panelToOpen(panelIds: readonly string[], remembered: unknown): string | undefined {
  return typeof remembered === 'string' && panelIds.includes(remembered) ? remembered : panelIds[0];
}

/** The panel of `panels` (project `projectId`) Colorize opens: the remembered one, else the first. */
export async function panelToOpenIn(projectId: string, panels: readonly { id: string }[]): Promise<string | undefined> {
  if (!panels.length) return undefined;
  const remembered = await getSetting<unknown>(selectedKey(projectId), null).catch(() => null);
  return panelToOpen(
    panels.map((p) => p.id),
    remembered,
  );
}

/** Remembers the selection (a failed write only loses the memory, never the user's work). */
export async function rememberPanel(projectId: string, panelId: string): Promise<void> {
  await setSetting(selectedKey(projectId), panelId).catch(() => undefined);
}

/**
 * Whether a panel's stored result predates its last stored hint edit (the page closed before the
 * edit's re-apply stored it), or it has hints and no result: then it is applied and stored again
 * on selection, so the picture shown and exported matches the hints.
 */
export function resultIsStale(
  p: Pick<Panel, 'resultBlobId' | 'editedAt'>,
  st: Pick<HintState, 'hints' | 'updatedAt'>,
): boolean {
  if (st.updatedAt === undefined) return false;
  return p.resultBlobId ? st.updatedAt > p.editedAt : st.hints.length > 0;
}
