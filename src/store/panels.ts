/**
 * Panels store: one record per panel (size, source name, times, blob ids of its original and
 * current result image). Image bytes are in `blobs`; order lives in `Project.panelIds`.
 *
 * Invariants:
 * - Every write that touches several stores (panel + blobs + project order + hints) is one
 *   transaction: it lands whole or not at all (quota → StorageFullError, nothing written).
 * - Delete is undoable: `deletePanels` returns the removed records (kept in memory by the
 *   caller until the undo expires); `restorePanels` puts them back at their old positions.
 *   A replace is undone by `undoReplace` (removes the new panels, restores the old; one transaction).
 */
import { getDB, guardWrite, MissingRecordError, newId } from './db';
import type { IDBPTransaction } from 'idb';
import type { BlobRecord, HintRecord, Panel, PanelGap, Project, ToonDB } from './schema';
import { blobRecord, type StoredBytes } from './blobs';

export interface NewPanelImage {
  /** The encoded image (a dropped File is kept by reference, not read into memory). */
  bytes: StoredBytes;
  /** MIME type of `bytes`. */
  type: string;
  width: number;
  height: number;
  sourceName: string;
  /** Gutters remembered from a split strip (see `Panel.gapBefore` / `gapAfter`). */
  gapBefore?: PanelGap;
  gapAfter?: PanelGap;
}

/** Everything a delete removed, for undo. */
export interface DeletedPanels {
  projectId: string;
  /** Positions the panels had, ascending, matching `panels`. */
  positions: number[];
  panels: Panel[];
  blobs: BlobRecord[];
  hints: HintRecord[];
}

/** The stores a panel write touches (one transaction). */
export const PANEL_TX = ['projects', 'panels', 'blobs', 'hints', 'thumbs'] as const;

function makeRecords(projectId: string, images: NewPanelImage[]): { panels: Panel[]; blobs: BlobRecord[] } {
  const now = Date.now();
  const blobs: BlobRecord[] = [];
  const panels = images.map((img) => {
    const blob = blobRecord(img.type, img.bytes, now);
    blobs.push(blob);
    return {
      id: newId(),
      projectId,
      width: img.width,
      height: img.height,
      sourceName: img.sourceName,
      originalBlobId: blob.id,
      ...(img.gapBefore ? { gapBefore: img.gapBefore } : {}),
      ...(img.gapAfter ? { gapAfter: img.gapAfter } : {}),
      createdAt: now,
      editedAt: now,
    } satisfies Panel;
  });
  return { panels, blobs };
}

function blobIdsOf(p: Panel): string[] {
  return p.resultBlobId ? [p.originalBlobId, p.resultBlobId] : [p.originalBlobId];
}

/** Panels of a project in strip order. */
export async function listPanels(projectId: string): Promise<Panel[]> {
  const db = await getDB();
  const tx = db.transaction(['projects', 'panels']);
  const project = await tx.objectStore('projects').get(projectId);
  const panels = await tx.objectStore('panels').index('projectId').getAll(projectId);
  await tx.done;
  if (!project) return [];
  const byId = new Map(panels.map((p) => [p.id, p]));
  return project.panelIds.map((id) => byId.get(id)).filter((p): p is Panel => !!p);
}

export async function getPanel(id: string): Promise<Panel | undefined> {
  return (await getDB()).get('panels', id);
}

/** Adds panels (with their image bytes) at `at` (default: the end). One transaction. */
export async function addPanels(projectId: string, images: NewPanelImage[], at?: number): Promise<Panel[]> {
  const { panels, blobs } = makeRecords(projectId, images);
  const db = await getDB();
  await guardWrite(
    async (track) => {
      const tx = track(db.transaction(['projects', 'panels', 'blobs'], 'readwrite'));
      const project = await tx.objectStore('projects').get(projectId);
      if (!project) throw new MissingRecordError('project', projectId);
      const order = project.panelIds.slice();
      order.splice(at ?? order.length, 0, ...panels.map((p) => p.id));
      await Promise.all([
        ...blobs.map((b) => tx.objectStore('blobs').add(b)),
        ...panels.map((p) => tx.objectStore('panels').add(p)),
        tx.objectStore('projects').put({ ...project, panelIds: order, updatedAt: Date.now() }),
        tx.done,
      ]);
    },
    { store: 'panels', projectId },
  );
  return panels;
}

/** Moves a panel to `toIndex` in its project's order; returns the new order. */
export async function movePanel(projectId: string, panelId: string, toIndex: number): Promise<string[]> {
  const db = await getDB();
  return guardWrite(
    async (track) => {
      const tx = track(db.transaction('projects', 'readwrite'));
      const project = await tx.store.get(projectId);
      if (!project) throw new MissingRecordError('project', projectId);
      const order = project.panelIds.filter((id) => id !== panelId);
      if (order.length === project.panelIds.length) throw new MissingRecordError('panel', panelId);
      order.splice(Math.max(0, Math.min(order.length, toIndex)), 0, panelId);
      await Promise.all([tx.store.put({ ...project, panelIds: order, updatedAt: Date.now() }), tx.done]);
      return order;
    },
    { store: 'panels', projectId },
  );
}

export type PanelTx = IDBPTransaction<ToonDB, (typeof PANEL_TX)[number][], 'readwrite'>;

/** Removes panels and their blobs and hints inside `tx`; returns what was removed. */
async function removeIn(tx: PanelTx, project: Project, ids: string[]): Promise<DeletedPanels> {
  const wanted = new Set(ids);
  const positions: number[] = [];
  project.panelIds.forEach((id, i) => wanted.has(id) && positions.push(i));
  const ordered = positions.map((i) => project.panelIds[i]);
  const panels = (await Promise.all(ordered.map((id) => tx.objectStore('panels').get(id)))).filter(
    (p): p is Panel => !!p,
  );
  const blobs = (await Promise.all(panels.flatMap(blobIdsOf).map((id) => tx.objectStore('blobs').get(id)))).filter(
    (b): b is BlobRecord => !!b,
  );
  const hints = (await Promise.all(panels.map((p) => tx.objectStore('hints').index('panelId').getAll(p.id)))).flat();
  await Promise.all([
    ...panels.map((p) => tx.objectStore('panels').delete(p.id)),
    ...blobs.map((b) => tx.objectStore('blobs').delete(b.id)),
    ...blobs.map((b) => tx.objectStore('thumbs').delete(b.id)),
    ...hints.map((h) => tx.objectStore('hints').delete(h.id)),
  ]);
  return { projectId: project.id, positions, panels, blobs, hints };
}

/** Deletes panels (with their blobs and hints) in one transaction; keep the result for undo. */
export async function deletePanels(projectId: string, ids: string[]): Promise<DeletedPanels> {
  const db = await getDB();
  return guardWrite(
    async (track) => {
      const tx = track(db.transaction([...PANEL_TX], 'readwrite'));
      const project = await tx.objectStore('projects').get(projectId);
      if (!project) throw new MissingRecordError('project', projectId);
      const deleted = await removeIn(tx, project, ids);
      // A stale view (another tab deleted them first): say so instead of "deleted" with an empty undo.
      if (ids.length && !deleted.panels.length) throw new MissingRecordError('panel', ids[0]);
      const gone = new Set(deleted.panels.map((p) => p.id));
      await Promise.all([
        tx.objectStore('projects').put({
          ...project,
          panelIds: project.panelIds.filter((id) => !gone.has(id)),
          updatedAt: Date.now(),
        }),
        tx.done,
      ]);
      return deleted;
    },
    { store: 'panels', projectId },
  );
}

/** Undo of a delete: puts the records back, each at its old position. One transaction. */
export async function restorePanels(deleted: DeletedPanels): Promise<void> {
  const db = await getDB();
  await guardWrite(
    async (track) => {
      const tx = track(db.transaction([...PANEL_TX], 'readwrite'));
      const project = await tx.objectStore('projects').get(deleted.projectId);
      if (!project) throw new MissingRecordError('project', deleted.projectId);
      const order = project.panelIds.slice();
      deleted.panels.forEach((p, i) => order.splice(Math.min(deleted.positions[i], order.length), 0, p.id));
      await Promise.all([
        ...deleted.blobs.map((b) => tx.objectStore('blobs').put(b)),
        ...deleted.panels.map((p) => tx.objectStore('panels').put(p)),
        ...deleted.hints.map((h) => tx.objectStore('hints').put(h)),
        tx.objectStore('projects').put({ ...project, panelIds: order, updatedAt: Date.now() }),
        tx.done,
      ]);
    },
    { store: 'panels', projectId: deleted.projectId },
  );
}

/**
 * Replaces `ids` by new panels placed where the first of them was (used by split and stitch).
 * One transaction; returns the new panels and what was removed (for undo: `restorePanels`
 * after deleting the new ones).
 */
export async function replacePanels(
  projectId: string,
  ids: string[],
  images: NewPanelImage[],
): Promise<{ added: Panel[]; removed: DeletedPanels }> {
  const { panels, blobs } = makeRecords(projectId, images);
  const db = await getDB();
  return guardWrite(
    async (track) => {
      const tx = track(db.transaction([...PANEL_TX], 'readwrite'));
      const project = await tx.objectStore('projects').get(projectId);
      if (!project) throw new MissingRecordError('project', projectId);
      const removed = await removeIn(tx, project, ids);
      const gone = new Set(removed.panels.map((p) => p.id));
      const at = removed.positions.length ? removed.positions[0] : project.panelIds.length;
      const order = project.panelIds.filter((id) => !gone.has(id));
      order.splice(Math.min(at, order.length), 0, ...panels.map((p) => p.id));
      await Promise.all([
        ...blobs.map((b) => tx.objectStore('blobs').add(b)),
        ...panels.map((p) => tx.objectStore('panels').add(p)),
        tx.objectStore('projects').put({ ...project, panelIds: order, updatedAt: Date.now() }),
        tx.done,
      ]);
      return { added: panels, removed };
    },
    { store: 'panels', projectId },
  );
}

/**
 * Undo of a replace: removes `ids` (the panels that replaced, with their blobs and hints) and
 * puts `removed` back at its old positions. One transaction: both land or neither.
 */
export async function undoReplace(projectId: string, ids: string[], removed: DeletedPanels): Promise<void> {
  const db = await getDB();
  await guardWrite(
    async (track) => {
      const tx = track(db.transaction([...PANEL_TX], 'readwrite'));
      await Promise.all([undoReplaceIn(tx, projectId, ids, removed), tx.done]);
    },
    { store: 'panels', projectId },
  );
}

/**
 * `undoReplace` inside a transaction the caller opened over `PANEL_TX` and more stores, so a
 * re-draft's undo puts its board or story back in the same transaction as its panels.
 */
export async function undoReplaceIn(
  tx: PanelTx,
  projectId: string,
  ids: string[],
  removed: DeletedPanels,
): Promise<void> {
  const project = await tx.objectStore('projects').get(projectId);
  if (!project) throw new MissingRecordError('project', projectId);
  const gone = new Set((await removeIn(tx, project, ids)).panels.map((p) => p.id));
  const order = project.panelIds.filter((id) => !gone.has(id));
  removed.panels.forEach((p, i) => order.splice(Math.min(removed.positions[i], order.length), 0, p.id));
  await Promise.all([
    ...removed.blobs.map((b) => tx.objectStore('blobs').put(b)),
    ...removed.panels.map((p) => tx.objectStore('panels').put(p)),
    ...removed.hints.map((h) => tx.objectStore('hints').put(h)),
    tx.objectStore('projects').put({ ...project, panelIds: order, updatedAt: Date.now() }),
  ]);
}

/** Stores a feature's result image for a panel (replacing an earlier result). One transaction. */
export async function setPanelResult(panelId: string, bytes: StoredBytes, type: string): Promise<Panel> {
  const blob = blobRecord(type, bytes);
  const db = await getDB();
  return guardWrite(
    async (track) => {
      const tx = track(db.transaction(['panels', 'blobs', 'thumbs'], 'readwrite'));
      const panel = await tx.objectStore('panels').get(panelId);
      if (!panel) throw new MissingRecordError('panel', panelId);
      const next: Panel = { ...panel, resultBlobId: blob.id, editedAt: Date.now() };
      await Promise.all([
        tx.objectStore('blobs').add(blob),
        tx.objectStore('panels').put(next),
        ...(panel.resultBlobId
          ? [tx.objectStore('blobs').delete(panel.resultBlobId), tx.objectStore('thumbs').delete(panel.resultBlobId)]
          : []),
        tx.done,
      ]);
      return next;
    },
    (next) => ({ store: 'panels', projectId: next.projectId }),
  );
}

/** Blob id of the image a panel shows now: its result if any, else its original. */
export function currentBlobId(p: Panel): string {
  return p.resultBlobId ?? p.originalBlobId;
}
