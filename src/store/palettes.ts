/**
 * Character palettes: one record per named character of a project (`PaletteRecord`), each with
 * labelled colours (hair, skin, clothes…). A hint made from an entry carries
 * `ref = paletteRef(paletteId, label)`, which is how drift finds the panels that use it.
 * Entries also remember the regions they coloured (`uses`: region features per panel, the
 * latest MAX_USE_PANELS panels), which "Colour as <name>" matches against a new panel's regions.
 */
import { getDB, guardWrite, MissingRecordError, newId } from './db';
import type { RegionSample } from '../core/regions/palette-match';
import type { PaletteRecord, PaletteUse } from './schema';

export type PaletteEntry = PaletteRecord['entries'][number];

export const paletteRef = (paletteId: string, label: string): string => `${paletteId}/${label}`;

export async function listPalettes(projectId: string): Promise<PaletteRecord[]> {
  const db = await getDB();
  const all = await db.getAllFromIndex('palettes', 'projectId', projectId);
  return all.sort((a, b) => a.name.localeCompare(b.name));
}

export async function createPalette(
  projectId: string,
  name: string,
  entries: PaletteEntry[] = [],
): Promise<PaletteRecord> {
  const rec: PaletteRecord = {
    id: newId(),
    projectId,
    name: name.trim() || 'Character',
    entries,
    updatedAt: Date.now(),
  };
  const db = await getDB();
  await guardWrite(() => db.add('palettes', rec), { store: 'palettes', projectId });
  return rec;
}

/** A palette as stored: names trimmed (never empty), colours and uses copied, `updatedAt` now. */
function normalized(rec: PaletteRecord): PaletteRecord {
  return {
    ...rec,
    name: rec.name.trim() || 'Character',
    entries: rec.entries.map((e) => ({
      label: e.label.trim() || 'color',
      rgb: [e.rgb[0], e.rgb[1], e.rgb[2]],
      ...(e.uses?.length
        ? {
            uses: e.uses.map((u) => ({
              ...u,
              relPos: [u.relPos[0], u.relPos[1]] as [number, number],
              neighbors: [...u.neighbors],
            })),
          }
        : {}),
    })),
    updatedAt: Date.now(),
  };
}

/**
 * Writes `change(stored)` over palette `id`, read in the same transaction; MissingRecordError when
 * it is gone. A save that raced a delete ("Colour as" still running when the palette was deleted)
 * would otherwise bring it back.
 */
async function updatePalette(id: string, change: (stored: PaletteRecord) => PaletteRecord): Promise<PaletteRecord> {
  const db = await getDB();
  return guardWrite(
    async () => {
      const tx = db.transaction('palettes', 'readwrite');
      const stored = await tx.store.get(id);
      if (!stored) {
        tx.done.catch(() => undefined);
        throw new MissingRecordError('palette', id);
      }
      const next = normalized({ ...change(stored), id });
      await Promise.all([tx.store.put(next), tx.done]);
      return next;
    },
    (next) => ({ store: 'palettes', projectId: next.projectId }),
  );
}

/** Saves an edited palette (name, entries) over the stored one; MissingRecordError when it was deleted. */
export function savePalette(rec: PaletteRecord): Promise<PaletteRecord> {
  return updatePalette(rec.id, () => rec);
}

export async function deletePalette(id: string): Promise<PaletteRecord | undefined> {
  const db = await getDB();
  return guardWrite(
    async () => {
      const tx = db.transaction('palettes', 'readwrite');
      const old = await tx.store.get(id);
      await Promise.all([tx.store.delete(id), tx.done]);
      return old;
    },
    (old) => ({ store: 'palettes', ...(old ? { projectId: old.projectId } : {}) }),
  );
}

/**
 * Puts a deleted palette back exactly as it was (same id, so hints and characters that name it
 * find it again); nothing when a palette with its id exists.
 */
export async function restorePalette(rec: PaletteRecord): Promise<boolean> {
  const db = await getDB();
  return guardWrite(
    async () => {
      const tx = db.transaction('palettes', 'readwrite');
      if (await tx.store.get(rec.id)) {
        await tx.done;
        return false;
      }
      await Promise.all([tx.store.put(rec), tx.done]);
      return true;
    },
    { store: 'palettes', projectId: rec.projectId },
  );
}

/** How many panels' region features an entry keeps. */
export const MAX_USE_PANELS = 3;

/**
 * Remember where the palette's entries coloured `panelId` (replaces that panel's earlier record;
 * keeps the latest MAX_USE_PANELS panels per entry). `samples` come from samplesFromPanel.
 */
export function withUses(
  rec: PaletteRecord,
  panelId: string,
  samples: readonly RegionSample[],
  at = Date.now(),
): PaletteRecord {
  return {
    ...rec,
    entries: rec.entries.map((e) => {
      const mine: PaletteUse[] = samples
        .filter((s) => s.label === e.label)
        .map((s) => ({
          panelId,
          at,
          meanL: s.meanL,
          relArea: s.relArea,
          relPos: [s.relPos[0], s.relPos[1]],
          neighbors: [...s.neighbors],
          ...(s.bubble ? { bubble: true as const } : {}),
        }));
      const others = (e.uses ?? []).filter((u) => u.panelId !== panelId);
      const all = [...mine, ...others];
      const keep = [...new Set(all.sort((a, b) => b.at - a.at).map((u) => u.panelId))].slice(0, MAX_USE_PANELS);
      const uses = all.filter((u) => keep.includes(u.panelId));
      const { uses: _old, ...plain } = e;
      return uses.length ? { ...plain, uses } : plain;
    }),
  };
}

export async function recordPaletteUses(
  rec: PaletteRecord,
  panelId: string,
  samples: readonly RegionSample[],
): Promise<PaletteRecord> {
  // the uses are added to the palette as stored now (a rename or a new colour made meanwhile stays)
  return updatePalette(rec.id, (stored) => withUses(stored, panelId, samples));
}

/**
 * The samples to match on a new panel: those of the most recently recorded panel (other than
 * `exceptPanelId`), so one consistent instance of the character. Empty when none is recorded.
 */
export function latestSamples(rec: PaletteRecord, exceptPanelId?: string): RegionSample[] {
  let best: { panelId: string; at: number } | undefined;
  for (const e of rec.entries)
    for (const u of e.uses ?? [])
      if (u.panelId !== exceptPanelId && (!best || u.at > best.at)) best = { panelId: u.panelId, at: u.at };
  if (!best) return [];
  const out: RegionSample[] = [];
  for (const e of rec.entries)
    for (const u of e.uses ?? [])
      if (u.panelId === best.panelId)
        out.push({
          label: e.label,
          meanL: u.meanL,
          relArea: u.relArea,
          relPos: [u.relPos[0], u.relPos[1]],
          neighbors: [...u.neighbors],
          ...(u.bubble ? { bubble: true as const } : {}),
        });
  return out;
}
