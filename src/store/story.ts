/**
 * Story mode's draft of a project: the story text, settings and, per panel, its text, seed/take,
 * the characters it named (and the palette carried) and the id of the panel it produced in the
 * panels store. One settings record per project (`story:<projectId>`); the panel images
 * themselves are ordinary panels (src/store/panels.ts).
 */
import { getSetting, setSetting } from './settings';

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

const key = (projectId: string): string => `story:${projectId}`;

export function getStory(projectId: string): Promise<StoryDraft | null> {
  return getSetting<StoryDraft | null>(key(projectId), null);
}

export async function saveStory(projectId: string, draft: StoryDraft): Promise<void> {
  await setSetting(key(projectId), { ...draft, updatedAt: Date.now() });
}
