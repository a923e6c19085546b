/**
 * Hints store: one record per panel (`HintRecord`, key = panel id) holding the panel's ordered
 * hint list (points and strokes, panel pixel coordinates), its undo history and its flats settings
 * (gap, kind, automatic colours). Saved whole on every change (the UI
 * debounces); records that fail validation on read are dropped item by item, never thrown.
 * Panel deletion removes the record (src/store/panels.ts, same transaction).
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
    updatedAt: Date.now(),
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
}

export async function getHintState(panelId: string): Promise<HintState> {
  const db = await getDB();
  const rec = await db.get('hints', panelId);
  if (!rec) return { hints: [], past: [], future: [] };
  const legacy = isLegacy(rec);
  return {
    hints: hintList(rec.hints, legacy),
    past: Array.isArray(rec.past) ? rec.past.map((l) => hintList(l, legacy)) : [],
    future: Array.isArray(rec.future) ? rec.future.map((l) => hintList(l, legacy)) : [],
    ...(typeof rec.gap === 'number' && rec.gap >= 0 && rec.gap <= 8 ? { gap: rec.gap } : {}),
    ...(rec.kind === 'gray' || rec.kind === 'lineart' ? { kind: rec.kind } : {}),
    ...(rec.auto === true ? { auto: true } : {}),
  };
}

export async function saveHintState(panelId: string, st: HintState): Promise<void> {
  const db = await getDB();
  const rec: HintRecord = {
    id: panelId,
    panelId,
    hints: st.hints.map((h) => structuredClone(h)),
    past: st.past.map((l) => l.map((h) => structuredClone(h))),
    future: st.future.map((l) => l.map((h) => structuredClone(h))),
    ...(st.gap !== undefined ? { gap: st.gap } : {}),
    ...(st.kind ? { kind: st.kind } : {}),
    ...(st.auto ? { auto: true } : {}),
    compete: true,
    updatedAt: Date.now(),
  };
  await guardWrite(() => db.put('hints', rec));
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
