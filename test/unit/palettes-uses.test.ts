/** Palette entries remember the regions they coloured (src/store/palettes.ts withUses / latestSamples). */
import { describe, expect, it } from 'vitest';
import 'fake-indexeddb/auto';
import {
  createPalette,
  deletePalette,
  latestSamples,
  listPalettes,
  MAX_USE_PANELS,
  recordPaletteUses,
  savePalette,
  withUses,
} from '../../src/store/palettes';
import { MissingRecordError } from '../../src/store/db';
import type { RegionSample } from '../../src/core/regions/palette-match';
import type { PaletteRecord } from '../../src/store/schema';

const rec: PaletteRecord = {
  id: 'p1',
  projectId: 'x',
  name: 'Mina',
  updatedAt: 0,
  entries: [
    { label: 'hair', rgb: [40, 20, 10] },
    { label: 'skin', rgb: [250, 220, 200] },
  ],
};
const s = (label: string, meanL: number, neighbors: string[] = []): RegionSample => ({
  label,
  meanL,
  relArea: 0.1,
  relPos: [0.5, 0.2],
  neighbors,
});

describe('palette uses', () => {
  it('records samples per entry and per panel, replacing that panel’s earlier record', () => {
    let r = withUses(rec, 'a', [s('hair', 30, ['skin']), s('skin', 80, ['hair']), s('hair', 31)], 1);
    expect(r.entries[0].uses).toHaveLength(2);
    expect(r.entries[1].uses?.[0]).toMatchObject({ panelId: 'a', meanL: 80, neighbors: ['hair'] });
    r = withUses(r, 'a', [s('hair', 20)], 2);
    expect(r.entries[0].uses?.map((u) => u.meanL)).toEqual([20]);
    expect(r.entries[1].uses).toBeUndefined();
  });

  it('keeps the bubble flag of a line-art part (a white face with eyes) through the record', () => {
    const r = withUses(rec, 'a', [{ ...s('skin', 99), bubble: true }, s('hair', 99)], 1);
    expect(r.entries[1].uses?.[0].bubble).toBe(true);
    expect(r.entries[0].uses?.[0].bubble).toBeUndefined();
    const back = latestSamples(r, 'b');
    expect(back.find((x) => x.label === 'skin')?.bubble).toBe(true);
    expect(back.find((x) => x.label === 'hair')?.bubble).toBeUndefined();
  });

  it('keeps the latest panels only, and matches against the most recent other panel', () => {
    let r = rec;
    for (let k = 0; k < MAX_USE_PANELS + 2; k++) r = withUses(r, `p${k}`, [s('hair', k), s('skin', 50 + k)], k + 1);
    expect(new Set(r.entries[0].uses?.map((u) => u.panelId)).size).toBe(MAX_USE_PANELS);
    const last = `p${MAX_USE_PANELS + 1}`;
    expect(
      latestSamples(r)
        .map((x) => x.meanL)
        .sort(),
    ).toEqual([MAX_USE_PANELS + 1, 50 + MAX_USE_PANELS + 1]);
    // colouring the panel that was recorded last: use the one before it
    expect(
      latestSamples(r, last)
        .map((x) => x.meanL)
        .sort(),
    ).toEqual([MAX_USE_PANELS, 50 + MAX_USE_PANELS]);
    expect(latestSamples(rec)).toEqual([]);
  });

  it('survives a round trip through IndexedDB and later edits of the palette', async () => {
    const p = await createPalette('proj-uses', 'Mina', rec.entries);
    const saved = await recordPaletteUses(p, 'panel-1', [s('hair', 33, ['skin'])]);
    await savePalette({ ...saved, entries: [...saved.entries, { label: 'shirt', rgb: [0, 0, 255] }] });
    const [back] = await listPalettes('proj-uses');
    expect(back.entries.find((e) => e.label === 'hair')?.uses).toEqual([
      expect.objectContaining({ panelId: 'panel-1', meanL: 33, relPos: [0.5, 0.2], neighbors: ['skin'] }),
    ]);
    expect(latestSamples(back)).toEqual([s('hair', 33, ['skin'])]);
  });

  it('records uses on the palette as stored (a rename meanwhile stays), and never brings back a deleted one', async () => {
    const p = await createPalette('proj-race', 'Mina', rec.entries);
    await savePalette({ ...p, name: 'Mina (school)' }); // renamed while "Colour as" ran with `p`
    const saved = await recordPaletteUses(p, 'panel-1', [s('hair', 33)]);
    expect(saved.name).toBe('Mina (school)');
    expect((await listPalettes('proj-race'))[0].name).toBe('Mina (school)');
    await deletePalette(p.id);
    await expect(recordPaletteUses(saved, 'panel-2', [s('hair', 30)])).rejects.toThrow(MissingRecordError);
    await expect(savePalette({ ...saved, name: 'again' })).rejects.toThrow(MissingRecordError);
    expect(await listPalettes('proj-race')).toEqual([]);
  });
});
