/**
 * Storyboard (콘티) drafts: per project one record (settings key `storyboard:<projectId>`) with
 * the story, and per panel its plan (text, characters, dialogue, shot, place), the library hits
 * for its place, and its layout record — the layers: background (library reference or generated
 * placeholder), characters with position/scale, bubbles/captions with their text, font size and
 * overflow flag — plus the id of the flattened panel in the project strip (panels store). Generated
 * placeholder backgrounds are kept as blobs (`saveBoardBlob`). A re-draft replaces the previous
 * draft's panels when its first panel lands (`landDraftPanel` in story.ts) and can be undone
 * (`undoBoardRedraft`).
 */
import type { BoardPlan, PanelLayout } from '../core/story';
import { getDB, guardWrite, newId } from './db';
import { undoReplace, type DeletedPanels } from './panels';
import { getSetting, setSetting } from './settings';

export interface BoardHit {
  refId: string;
  blobId: string;
  name: string;
  score: number;
}

export interface BoardPanel {
  plan: BoardPlan;
  layout: PanelLayout;
  /** Library hits for the place, best first ("Next background" steps through them). */
  hits: BoardHit[];
  /** Gutter below the panel in the strip (px, white). */
  gapAfter: number;
  /** How each character was cut out of its sheet. */
  cutouts?: { name: string; method: 'alpha' | 'flood' | 'box' }[];
  take: number;
  panelId?: string;
}

export interface StoryBoard {
  story: string;
  panels: BoardPanel[];
  updatedAt: number;
}

const key = (projectId: string): string => `storyboard:${projectId}`;

export function getBoard(projectId: string): Promise<StoryBoard | null> {
  return getSetting<StoryBoard | null>(key(projectId), null);
}

export async function saveBoard(projectId: string, board: StoryBoard): Promise<void> {
  await setSetting(key(projectId), { ...board, updatedAt: Date.now() });
}

export function boardPanelIds(board: StoryBoard | null | undefined): string[] {
  return (board?.panels ?? []).flatMap((p) => (p.panelId ? [p.panelId] : []));
}

/** Stores an image the board owns (a generated placeholder background); returns its blob id. */
export async function saveBoardBlob(bytes: ArrayBuffer, type = 'image/png'): Promise<string> {
  const id = newId();
  const db = await getDB();
  await guardWrite(() => db.put('blobs', { id, type, bytes, createdAt: Date.now() }), { store: 'blobs' });
  return id;
}

export interface BoardUndo {
  projectId: string;
  previous: StoryBoard;
  removed: DeletedPanels;
}

/** Undo of a storyboard re-draft: the new panels go, the previous ones come back where they were, the previous board is current again. */
export async function undoBoardRedraft(undo: BoardUndo): Promise<StoryBoard> {
  const current = await getBoard(undo.projectId);
  await undoReplace(undo.projectId, boardPanelIds(current), undo.removed);
  await saveBoard(undo.projectId, undo.previous);
  return undo.previous;
}
