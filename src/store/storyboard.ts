/**
 * Storyboard (콘티) drafts: per project one record (`storyboards` store, keyed by project id) with
 * the story, and per panel its plan (text, characters, dialogue, shot, place), the library hits
 * for its place, and its layout record — the layers: background (library reference or generated
 * placeholder), characters with position/scale, bubbles/captions with their text, font size and
 * overflow flag — plus the id of the flattened panel in the project strip (panels store). Generated
 * placeholder backgrounds are kept as blobs (`saveBoardBlob`) that the board owns: a save that drops
 * one (a re-draft, a regenerated panel, "Next background") deletes it in the same transaction, and
 * `releaseBoardBlobs` deletes those a cancelled or failed draft made but never saved. A re-draft
 * replaces the previous draft's panels when its first panel lands (`landDraftPanel` in story.ts) and
 * can be undone (`undoBoardRedraft`): the undo holds the dropped placeholders and puts them back.
 */
import type { BoardPlan, PanelLayout } from '../core/story';
import { getDB, guardWrite, MissingRecordError } from './db';
import { PANEL_TX, undoReplaceIn, type DeletedPanels, type PanelTx } from './panels';
import type { IDBPTransaction } from 'idb';
import type { BlobRecord, StoryBoardRecord, ToonDB } from './schema';
import { blobRecord, type StoredBytes } from './blobs';
import { storyboardBlobIds } from '../core/backup/storyboard-format';

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
  /** The user edited it in the panel editor (a re-draft keeps an edited panel whose text and place are unchanged). */
  edited?: boolean;
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

/**
 * Saves `board` as the project's storyboard. In the same transaction the generated placeholders the
 * stored board owned and `board` no longer shows are deleted (returned, for an undo), and `restore`
 * (placeholders an undo brings back) is put back.
 */
export async function saveBoard(
  projectId: string,
  board: StoryBoard,
  restore: BlobRecord[] = [],
  /** Blobs to keep although the board does not show them yet (a re-draft's kept panels, landed later). */
  alsoKeep: readonly string[] = [],
): Promise<BlobRecord[]> {
  const db = await getDB();
  return guardWrite(
    async (track) => {
      const tx = track(db.transaction(['storyboards', 'blobs'], 'readwrite'));
      const [dropped] = await Promise.all([saveBoardIn(tx, projectId, board, restore, alsoKeep), tx.done]);
      return dropped;
    },
    { store: 'storyboards', projectId },
  );
}

type BoardTx = IDBPTransaction<ToonDB, ('storyboards' | 'blobs')[], 'readwrite'>;

/** `saveBoard` inside a transaction the caller opened (over `storyboards`, `blobs` and maybe more). */
async function saveBoardIn(
  tx: BoardTx,
  projectId: string,
  board: StoryBoard,
  restore: BlobRecord[],
  alsoKeep: readonly string[],
): Promise<BlobRecord[]> {
  const rec = boardRecord(projectId, { ...board, updatedAt: Date.now() });
  const before = await tx.objectStore('storyboards').get(projectId);
  const keep = new Set([...storyboardBlobIds(rec), ...restore.map((b) => b.id), ...alsoKeep]);
  const dropIds = [...new Set(storyboardBlobIds(before))].filter((id) => !keep.has(id));
  const blobs = tx.objectStore('blobs');
  const dropped = (await Promise.all(dropIds.map((id) => blobs.get(id)))).filter((b): b is BlobRecord => !!b);
  // the board first: a record that cannot be stored throws before any other request is made
  await Promise.all([
    tx.objectStore('storyboards').put(rec),
    ...restore.map((b) => blobs.put(b)),
    ...dropped.map((b) => blobs.delete(b.id)),
  ]);
  return dropped;
}

/**
 * Deletes the placeholders among `ids` that the stored board does not show (made by a draft or a
 * regeneration that was cancelled or failed before its board was saved). One transaction.
 */
export async function releaseBoardBlobs(projectId: string, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const db = await getDB();
  await guardWrite(async (track) => {
    const tx = track(db.transaction(['storyboards', 'blobs'], 'readwrite'));
    const shown = new Set(storyboardBlobIds(await tx.objectStore('storyboards').get(projectId)));
    await Promise.all([...ids.filter((id) => !shown.has(id)).map((id) => tx.objectStore('blobs').delete(id)), tx.done]);
  });
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
  /** The previous board's generated placeholders, deleted when the new board was first saved. */
  blobs: BlobRecord[];
}

/**
 * Undo of a storyboard re-draft: the new panels go, the previous ones come back where they were, the
 * previous board (and its placeholders) is current again — one transaction, so a failure (storage
 * full) or a closed tab leaves the re-draft whole and the undo can be tried again.
 */
export async function undoBoardRedraft(undo: BoardUndo): Promise<StoryBoard> {
  const db = await getDB();
  const { projectId } = undo;
  await guardWrite(
    async (track) => {
      const tx = track(db.transaction([...PANEL_TX, 'storyboards'], 'readwrite'));
      // the transaction spans both helpers' stores; each is typed with its own
      const [asPanels, asBoard] = [tx as unknown as PanelTx, tx as unknown as BoardTx];
      const current = await tx.objectStore('storyboards').get(projectId);
      await undoReplaceIn(asPanels, projectId, boardPanelIds(current), undo.removed);
      await Promise.all([saveBoardIn(asBoard, projectId, undo.previous, undo.blobs, []), tx.done]);
    },
    [
      { store: 'panels', projectId },
      { store: 'storyboards', projectId },
    ],
  );
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
