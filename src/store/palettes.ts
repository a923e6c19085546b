/**
 * Character palettes: one record per named character of a project (`PaletteRecord`), each with
 * labelled colours (hair, skin, clothes…). A hint made from an entry carries
 * `ref = paletteRef(paletteId, label)`, which is how drift finds the panels that use it.
 */
import { getDB, guardWrite, newId } from './db';
import type { PaletteRecord } from './schema';

export type PaletteEntry = PaletteRecord['entries'][number];

export const paletteRef = (paletteId: string, label: string): string => `${paletteId}/${label}`;

export async function listPalettes(projectId: string): Promise<PaletteRecord[]> {
  const db = await getDB();
  const all = await db.getAllFromIndex('palettes', 'projectId', projectId);
  return all.sort((a, b) => a.name.localeCompare(b.name));
}

export async function createPalette(projectId: string, name: string, entries: PaletteEntry[] = []): Promise<PaletteRecord> {
  const rec: PaletteRecord = { id: newId(), projectId, name: name.trim() || 'Character', entries, updatedAt: Date.now() };
  const db = await getDB();
  await guardWrite(() => db.add('palettes', rec));
  return rec;
}

export async function savePalette(rec: PaletteRecord): Promise<PaletteRecord> {
  const next: PaletteRecord = {
    ...rec,
    name: rec.name.trim() || 'Character',
    entries: rec.entries.map((e) => ({ label: e.label.trim() || 'color', rgb: [e.rgb[0], e.rgb[1], e.rgb[2]] })),
    updatedAt: Date.now(),
  };
  const db = await getDB();
  await guardWrite(() => db.put('palettes', next));
  return next;
}

export async function deletePalette(id: string): Promise<PaletteRecord | undefined> {
  const db = await getDB();
  const tx = db.transaction('palettes', 'readwrite');
  const old = await tx.store.get(id);
  await Promise.all([tx.store.delete(id), tx.done]);
  return old;
}
