// Remembered gutters (Panel.gapBefore / gapAfter): stored with the panels, carried by the
// backup (round trip and copy import), optional (old data without them still reads), and a
// malformed one is refused as damage.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import { packBackup, unpackBackup } from '../../src/core/backup/format';
import { writeBackup } from '../../src/store/backup';
import { closeDB } from '../../src/store/db';
import { addPanels, listPanels } from '../../src/store/panels';
import { createProject } from '../../src/store/projects';
import { png, collectBytes } from './backup-helpers';

beforeEach(async () => {
  await closeDB();
  globalThis.indexedDB = new IDBFactory();
});

const CREAM = '#fdf6e3';

async function splitProject() {
  const p = await createProject('Gutters');
  await addPanels(p.id, [
    {
      bytes: png(1, 8, 11),
      type: 'image/png',
      width: 8,
      height: 11,
      sourceName: 's #1',
      gapBefore: { height: 80, color: CREAM },
      gapAfter: { height: 150, color: CREAM },
    },
    {
      bytes: png(2, 8, 9),
      type: 'image/png',
      width: 8,
      height: 9,
      sourceName: 's #2',
      gapAfter: { height: 400, color: '#000000' },
    },
    { bytes: png(3, 8, 13), type: 'image/png', width: 8, height: 13, sourceName: 'loose.png' },
  ]);
  return p;
}

describe('panel gaps', () => {
  it('are stored with the panels and survive a backup round trip and a copy import', async () => {
    const p = await splitProject();
    const gaps = (await listPanels(p.id)).map(({ gapBefore, gapAfter }) => ({ gapBefore, gapAfter }));
    expect(gaps).toEqual([
      { gapBefore: { height: 80, color: CREAM }, gapAfter: { height: 150, color: CREAM } },
      { gapBefore: undefined, gapAfter: { height: 400, color: '#000000' } },
      { gapBefore: undefined, gapAfter: undefined },
    ]);
    const zip = await packBackup(await collectBytes(p.id));
    const r = await unpackBackup(zip);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // Into the same database: the project exists, so it comes back as a copy with new ids.
    const { project: copy } = await writeBackup(r);
    expect(copy.id).not.toBe(p.id);
    const back = (await listPanels(copy.id)).map(({ gapBefore, gapAfter }) => ({ gapBefore, gapAfter }));
    expect(back).toEqual(gaps);
  });

  it('are optional; a malformed one makes the backup damaged', async () => {
    const p = await splitProject();
    const zip = await packBackup(await collectBytes(p.id));
    const files = unzipSync(zip);
    const manifest = JSON.parse(strFromU8(files['manifest.json']));
    const rezip = (m: unknown) => zipSync({ ...files, 'manifest.json': strToU8(JSON.stringify(m)) }, { level: 0 });

    const noGaps = structuredClone(manifest);
    for (const x of noGaps.panels) {
      delete x.gapBefore;
      delete x.gapAfter;
    }
    expect((await unpackBackup(rezip(noGaps))).ok).toBe(true);

    for (const bad of [
      { height: -1, color: CREAM },
      { height: 1.5, color: CREAM },
      { height: 10, color: 'red' },
      { height: 10 },
      'wide',
    ]) {
      const m = structuredClone(manifest);
      m.panels[1].gapAfter = bad;
      const r = await unpackBackup(rezip(m));
      expect(r.ok ? 'ok' : r.code).toBe('backup-damaged');
    }
  });
});
