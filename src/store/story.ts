/**
 * Story mode's draft of a project: the story text, settings and, per panel, its text, seed/take,
 * the characters it named (and the palette carried) and the id of the panel it produced in the
 * panels store. One record per project in the `stories` store (keyed by project id); the panel images
 * themselves are ordinary panels (src/store/panels.ts). A re-draft replaces the previous draft's
 * panels in the strip (`landDraftPanel`) and can be undone (`undoRedraft`).
 */
import {
  addPanels,
  PANEL_TX,
  replacePanels,
  undoReplaceIn,
  type DeletedPanels,
  type NewPanelImage,
  type PanelTx,
} from './panels';
import { getProject } from './projects';
import { getDB, guardWrite } from './db';
import { getSetting, setSetting } from './settings';
import type { Panel } from './schema';

export interface StoryPanel {
  text: string;
  seed: number;
  take: number;
  characters: string[];
  palette?: string;
  /** Name of the character whose image steered this panel (image prompt and/or start), if any. */
  init?: string;
  /** How that image steered it (absent in drafts from before image prompts: 'start'). */
  look?: CharacterLook;
  /** Name of the library reference that started it (panels without a character, when asked). */
  ref?: string;
  panelId?: string;
}

import type { CharacterLook } from '../core/story/look';

export type { CharacterLook };

export interface StoryDraft {
  story: string;
  baseSeed: number;
  steps: number;
  guidance: number;
  strength: number;
  /** Panels naming no character start from their best reference-library match. */
  libraryRefs?: boolean;
  /** What the user asked for (absent in older drafts: 'start'); each panel records what was used. */
  look?: CharacterLook;
  panels: StoryPanel[];
  updatedAt: number;
}

export async function getStory(projectId: string): Promise<StoryDraft | null> {
  const rec = await (await getDB()).get('stories', projectId);
  if (!rec) return null;
  const { projectId: _key, ...draft } = rec;
  return draft;
}

export async function saveStory(projectId: string, draft: StoryDraft): Promise<void> {
  const db = await getDB();
  const { projectId: _other, ...fields } = draft as StoryDraft & { projectId?: string };
  await guardWrite(() => db.put('stories', { ...fields, projectId, updatedAt: Date.now() }), {
    store: 'stories',
    projectId,
  });
}

/** Settings key of a project's typed story (backup.ts reads it to tell an unused project). */
export const typedKey = (projectId: string) => `storyText:${projectId}`;

/**
 * The story box's text as last typed, per project (a settings record), so a reload or a crash loses
 * nothing typed before a draft was made. Backups keep the drafted story (story and storyboard records).
 */
export interface TypedStory {
  text: string;
  /** When it was typed (ms), to compare with the drafts' `updatedAt`. */
  at: number;
}

export function getTypedStory(projectId: string): Promise<TypedStory | null> {
  return getSetting<TypedStory | null>(typedKey(projectId), null);
}

export function saveTypedStory(projectId: string, text: string): Promise<void> {
  return setSetting(typedKey(projectId), { text, at: Date.now() } satisfies TypedStory);
}

/** Ids of the stored panels a draft produced, in draft order. */
export function draftPanelIds(draft: StoryDraft | null | undefined): string[] {
  return (draft?.panels ?? []).flatMap((p) => (p.panelId ? [p.panelId] : []));
}

/** What a re-draft replaced: enough to bring the previous draft and its panels back. */
export interface RedraftUndo {
  projectId: string;
  previous: StoryDraft;
  /** The previous draft's panels as they were removed (records, images, hints, positions). */
  removed: DeletedPanels;
}

/**
 * Stores one landed panel of a new draft. `replacing` (the first panel of a re-draft): the
 * previous draft's panels still in the project are removed in the same transaction and the new
 * panel takes the place of the first of them (the end of the strip if none is left); returns
 * what was removed, for `undoRedraft`. `after`: the panel goes right after that one (the
 * previous panel of the same draft), else at the end of the strip.
 */
export async function landDraftPanel(
  projectId: string,
  image: NewPanelImage,
  where: { replacing?: string[]; after?: string } = {},
): Promise<{ panel: Panel; removed?: DeletedPanels }> {
  if (where.replacing?.length) {
    const { added, removed } = await replacePanels(projectId, where.replacing, [image]);
    return { panel: added[0], ...(removed.panels.length ? { removed } : {}) };
  }
  const order = where.after ? ((await getProject(projectId))?.panelIds ?? []) : [];
  const i = where.after ? order.indexOf(where.after) : -1;
  const [panel] = await addPanels(projectId, [image], i >= 0 ? i + 1 : undefined);
  return { panel };
}

/**
 * Undo of a re-draft: the current draft's panels are removed, the previous draft's panels come
 * back at their old places and the previous draft is the project's story again — one transaction,
 * so a failure (storage full) or a closed tab leaves the re-draft whole. Returns that draft.
 */
export async function undoRedraft(undo: RedraftUndo): Promise<StoryDraft> {
  const db = await getDB();
  const { projectId } = undo;
  const { projectId: _other, ...fields } = undo.previous as StoryDraft & { projectId?: string };
  await guardWrite(
    async (track) => {
      const tx = track(db.transaction([...PANEL_TX, 'stories'], 'readwrite'));
      const current = await tx.objectStore('stories').get(projectId);
      // the transaction spans the panel stores and `stories`; the panel helper is typed with its own
      await undoReplaceIn(tx as unknown as PanelTx, projectId, draftPanelIds(current ?? null), undo.removed);
      await Promise.all([tx.objectStore('stories').put({ ...fields, projectId, updatedAt: Date.now() }), tx.done]);
    },
    [
      { store: 'panels', projectId },
      { store: 'stories', projectId },
    ],
  );
  return undo.previous;
}
