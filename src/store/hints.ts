/**
 * Hints store: one record per panel (`HintRecord`, key = panel id) holding the panel's ordered
 * hint list (points and strokes, panel pixel coordinates), its undo history and its flats settings
 * (gap, kind, automatic colours). Saved whole on every change (the UI
 * debounces); records that fail validation on read are dropped item by item, never thrown.
 * Panel deletion removes the record (src/store/panels.ts, same transaction).
 *
 * The journal: an edit is also written at once, synchronously, to localStorage
 * (`journalHintState`), because a reload or a closed tab right after a click aborts the
 * IndexedDB write that follows (a trial lost clicks that way). `getHintState` takes a journal entry
 * newer than the record, stores it, and clears it; a stored save clears the entry it covers.
 */
import { getDB, guardWrite } from './db';
import type { HintRecord } from './schema';
import { isHint, type Hint } from '../core/color/hints';

/**
 * A stored hint list. Records saved before competing hints (no `compete` flag) made the bucket
 * (and "colour as") a radius-1 point that replaced earlier hints in its region: those are read as
 * buckets (`fill: true`), so old panels keep their colours. A point-tool hint of size 1 in such a
 * record is read as a bucket too (it then replaces instead of sharing a region).
 */
function hintList(v: unknown, legacy: boolean): Hint[] {
  const list = Array.isArray(v) ? v.filter(isHint) : [];
  return legacy
    ? list.map((h) => (h.kind === 'point' && h.radius <= 1 && h.fill === undefined ? { ...h, fill: true } : h))
    : list;
}
const isLegacy = (rec: HintRecord) => rec.compete !== true;

export async function getHints(panelId: string): Promise<Hint[]> {
  const db = await getDB();
  const rec = await db.get('hints', panelId);
  return rec ? hintList(rec.hints, isLegacy(rec)) : [];
}

export async function saveHints(panelId: string, hints: readonly Hint[]): Promise<void> {
  const db = await getDB();
  const rec: HintRecord = {
    id: panelId,
    panelId,
    hints: hints.map((h) => structuredClone(h)),
    compete: true,
    updatedAt: stamp(),
  };
  await guardWrite(() => db.put('hints', rec), { store: 'hints' });
}

/** A panel's whole hint state: hints, undo history and flats settings (gap, kind, automatic colours). */
export interface HintState {
  hints: Hint[];
  past: Hint[][];
  future: Hint[][];
  gap?: number;
  kind?: 'gray' | 'lineart';
  /** "Automatic colours for regions without hints"; absent (older records) = off. */
  auto?: boolean;
  /** Gray panels: "Smooth screentone under colours"; absent = off (dots kept). */
  smoothTones?: boolean;
  /** When the state was last stored (read only; a result older than this predates the last edit). */
  updatedAt?: number;
}

const journalKey = (panelId: string) => `toonsmith.hintJournal.${panelId}`;
/** Date.now(), strictly increasing in this page: a journal entry and a save never share a time. */
let last = 0;
const stamp = () => (last = Math.max(Date.now(), last + 1));
const storage = (): Storage | undefined => (typeof localStorage === 'undefined' ? undefined : localStorage);

/** Writes an edit's state to the journal now (synchronous: it survives an unload right after). */
export function journalHintState(panelId: string, st: HintState): void {
  try {
    storage()?.setItem(journalKey(panelId), JSON.stringify(recordOf(panelId, st)));
  } catch {
    /* storage full or off: the IndexedDB save still follows */
  }
}

function readJournal(panelId: string): HintRecord | undefined {
  try {
    const raw = storage()?.getItem(journalKey(panelId));
    const rec: unknown = raw ? JSON.parse(raw) : undefined;
    return rec && typeof rec === 'object' && (rec as HintRecord).panelId === panelId ? (rec as HintRecord) : undefined;
  } catch {
    return undefined;
  }
}

/** Clears the journal entry of `panelId` unless it is newer than `upTo` (an edit after that save). */
function clearJournal(panelId: string, upTo: number): void {
  const j = readJournal(panelId);
  if (j && !(j.updatedAt > upTo)) storage()?.removeItem(journalKey(panelId));
}

export async function getHintState(panelId: string): Promise<HintState> {
  const db = await getDB();
  const stored = await db.get('hints', panelId);
  const journal = readJournal(panelId);
  const rec = journal && (!stored || journal.updatedAt > stored.updatedAt) ? journal : stored;
  if (rec && rec === journal) {
    // the last edit before an unload: store it (as of its own time) and let the record take over
    await guardWrite(() => db.put('hints', journal));
    clearJournal(panelId, journal.updatedAt);
  }
  if (!rec) return { hints: [], past: [], future: [] };
  const legacy = isLegacy(rec);
  return {
    hints: hintList(rec.hints, legacy),
    past: Array.isArray(rec.past) ? rec.past.map((l) => hintList(l, legacy)) : [],
    future: Array.isArray(rec.future) ? rec.future.map((l) => hintList(l, legacy)) : [],
    ...(typeof rec.gap === 'number' && rec.gap >= 0 && rec.gap <= 8 ? { gap: rec.gap } : {}),
    ...(rec.kind === 'gray' || rec.kind === 'lineart' ? { kind: rec.kind } : {}),
    ...(rec.auto === true ? { auto: true } : {}),
    ...(rec.smoothTones === true ? { smoothTones: true } : {}),
    ...(typeof rec.updatedAt === 'number' ? { updatedAt: rec.updatedAt } : {}),
  };
}

export async function saveHintState(panelId: string, st: HintState): Promise<void> {
  const db = await getDB();
  const rec = recordOf(panelId, st);
  await guardWrite(() => db.put('hints', rec));
  clearJournal(panelId, rec.updatedAt);
}

function recordOf(panelId: string, st: HintState): HintRecord {
  return {
    id: panelId,
    panelId,
    hints: st.hints.map((h) => structuredClone(h)),
    past: st.past.map((l) => l.map((h) => structuredClone(h))),
    future: st.future.map((l) => l.map((h) => structuredClone(h))),
    ...(st.gap !== undefined ? { gap: st.gap } : {}),
    ...(st.kind ? { kind: st.kind } : {}),
    ...(st.auto ? { auto: true } : {}),
    ...(st.smoothTones ? { smoothTones: true } : {}),
    compete: true,
    updatedAt: stamp(),
  };
}

/** Hints of many panels (for palette drift), keyed by panel id. */
export async function getHintsFor(panelIds: readonly string[]): Promise<Map<string, Hint[]>> {
  const db = await getDB();
  const tx = db.transaction('hints');
  const recs = await Promise.all(panelIds.map((id) => tx.store.get(id)));
  await tx.done;
  const out = new Map<string, Hint[]>();
  recs.forEach((r, i) => out.set(panelIds[i], r ? hintList(r.hints, isLegacy(r)) : []));
  return out;
}
