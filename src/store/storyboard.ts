/**
 * Storyboard (콘티) drafts: per project one record (`storyboards` store, keyed by project id) with
 * the story, and per panel its plan (text, characters, dialogue, shot, place), the library hits
 * for its place, and its layout record — the layers: background (library reference or generated
 * placeholder), characters with position/scale, bubbles/captions with their text, font size and
 * overflow flag — plus the id of the flattened panel in the project strip (panels store). Generated
 * placeholder backgrounds are kept as blobs (`saveBoardBlob`). A re-draft replaces the previous
 * draft's panels when its first panel lands (`landDraftPanel` in story.ts) and can be undone
 * (`undoBoardRedraft`).
 */
import type { BoardPlan, PanelLayout } from '../core/story';
import { getDB, guardWrite, MissingRecordError } from './db';
import { undoReplace, type DeletedPanels } from './panels';
import type { StoryBoardRecord } from './schema';
import { blobRecord, type StoredBytes } from './blobs';

export interface BoardHit {
  refId: string;
  blobId: string;
  name: string;
  /** CLIP cosine + text bonus (src/services/library-search.ts). */
  score: number;
  /** The CLIP cosine alone (absent in boards drafted before it was kept). */
  clip?: number;
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

/** The stored record of `board` for `projectId` (a `projectId` field the board may carry is replaced). */
function boardRecord(projectId: string, board: StoryBoard): StoryBoardRecord {
  const { projectId: _other, ...fields } = board as StoryBoard & { projectId?: string };
  return { ...fields, projectId };
}

export async function getBoard(projectId: string): Promise<StoryBoard | null> {
  const rec = await (await getDB()).get('storyboards', projectId);
  if (!rec) return null;
  const { projectId: _key, ...board } = rec;
  return board;
}

export async function saveBoard(projectId: string, board: StoryBoard): Promise<void> {
  const db = await getDB();
  const rec = boardRecord(projectId, { ...board, updatedAt: Date.now() });
  await guardWrite(() => db.put('storyboards', rec), { store: 'storyboards', projectId });
}

export function boardPanelIds(board: StoryBoard | null | undefined): string[] {
  return (board?.panels ?? []).flatMap((p) => (p.panelId ? [p.panelId] : []));
}

/** Stores an image the board owns (a generated placeholder background); returns its blob id. */
export async function saveBoardBlob(bytes: StoredBytes, type = 'image/png'): Promise<string> {
  const rec = blobRecord(type, bytes);
  const db = await getDB();
  await guardWrite(() => db.put('blobs', rec), { store: 'blobs' });
  return rec.id;
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

/**
 * Saves `next`, the same board panels in a new order (a reorder in the storyboard), in ONE
 * transaction with the strip: the board's panels take the strip positions the board held, in the
 * new order (other panels of the project stay where they are), and each panel record's gutter
 * below becomes its board panel's `gapAfter`. A panel gone meanwhile (another tab) refuses it all.
 */
export async function saveBoardOrder(projectId: string, next: StoryBoard): Promise<StoryBoard> {
  const db = await getDB();
  const stamped = { ...next, updatedAt: Date.now() };
  return guardWrite(
    async (track) => {
      const tx = track(db.transaction(['projects', 'panels', 'storyboards'], 'readwrite'));
      const project = await tx.objectStore('projects').get(projectId);
      if (!project) throw new MissingRecordError('project', projectId);
      const ids = boardPanelIds(next);
      const wanted = new Set(ids);
      const slots = project.panelIds.flatMap((id, i) => (wanted.has(id) ? [i] : []));
      if (slots.length !== ids.length)
        throw new MissingRecordError('panel', ids.find((id) => !project.panelIds.includes(id)) ?? '');
      const order = [...project.panelIds];
      slots.forEach((slot, k) => (order[slot] = ids[k]));
      const panels = tx.objectStore('panels');
      const records = await Promise.all(ids.map((id) => panels.get(id)));
      const gaps = new Map(next.panels.flatMap((p) => (p.panelId ? [[p.panelId, p.gapAfter] as const] : [])));
      await Promise.all([
        ...records.map((r, k) => {
          if (!r) throw new MissingRecordError('panel', ids[k]);
          const h = gaps.get(r.id) ?? 0;
          const { gapAfter: _old, ...rest } = r;
          return panels.put(h > 0 ? { ...rest, gapAfter: { height: h, color: r.gapAfter?.color ?? '#ffffff' } } : rest);
        }),
        tx.objectStore('projects').put({ ...project, panelIds: order, updatedAt: Date.now() }),
        tx.objectStore('storyboards').put(boardRecord(projectId, stamped)),
        tx.done,
      ]);
      return stamped;
    },
    [
      { store: 'panels', projectId },
      { store: 'storyboards', projectId },
    ],
  );
}
