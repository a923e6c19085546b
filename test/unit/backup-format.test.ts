import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { strToU8, zipSync, unzipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import { packBackup, unpackBackup, type UnpackResult } from '../../src/features/backup/format';
import { collectProject, writeBackup } from '../../src/store/backup';
import { closeDB, getDB } from '../../src/store/db';
import { addPanels, listPanels, setPanelResult } from '../../src/store/panels';
import { createProject, getProject } from '../../src/store/projects';
import { getBlob } from '../../src/store/blobs';

beforeEach(async () => {
  await closeDB();
  globalThis.indexedDB = new IDBFactory();
});

function bytes(n: number, seed: number): ArrayBuffer {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed * 7) & 255;
  return b.buffer;
}

async function sampleProject() {
  const p = await createProject('Backup me');
  const panels = await addPanels(p.id, [
    { bytes: bytes(5000, 1), type: 'image/png', width: 800, height: 1200, sourceName: 'a.png' },
    { bytes: bytes(7000, 2), type: 'image/jpeg', width: 800, height: 900, sourceName: 'b.jpg' },
  ]);
  await setPanelResult(panels[0].id, bytes(300, 3), 'image/png');
  await (await getDB()).put('hints', { id: 'h', panelId: panels[1].id, hints: [{ x: 1, y: 2 }], updatedAt: 5 });
  await (await getDB()).put('palettes', { id: 'pal', projectId: p.id, name: 'Hero', entries: [], updatedAt: 5 });
  return p;
}

function failed(r: UnpackResult): string {
  if (r.ok) throw new Error('expected a failure');
  return r.code;
}

describe('backup', () => {
  it('round-trips a project byte for byte, into an empty database', async () => {
    const p = await sampleProject();
    const content = await collectProject(p.id);
    const zip = await packBackup(content);
    const originals = await Promise.all(content.blobs.map(async (b) => new Uint8Array((await getBlob(b.id))!.bytes)));

    await closeDB();
    globalThis.indexedDB = new IDBFactory(); // "clear site data"
    const r = await unpackBackup(zip);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const stored = await writeBackup(r);
    expect(stored.id).toBe(p.id);
    expect((await listPanels(p.id)).map((x) => x.sourceName)).toEqual(['a.png', 'b.jpg']);
    for (const [i, b] of content.blobs.entries()) {
      expect(new Uint8Array((await getBlob(b.id))!.bytes)).toEqual(originals[i]);
    }
    expect((await (await getDB()).get('hints', 'h'))?.hints).toEqual([{ x: 1, y: 2 }]);
    expect((await (await getDB()).get('palettes', 'pal'))?.name).toBe('Hero');
  });

  it('imports as a copy with fresh ids when the project exists', async () => {
    const p = await sampleProject();
    const r = await unpackBackup(await packBackup(await collectProject(p.id)));
    if (!r.ok) throw new Error(r.detail);
    const copy = await writeBackup(r);
    expect(copy.id).not.toBe(p.id);
    expect(copy.name).toBe('Backup me (2)');
    expect((await getProject(p.id))?.panelIds).toHaveLength(2);
    const copied = await listPanels(copy.id);
    expect(copied).toHaveLength(2);
    expect(new Uint8Array((await getBlob(copied[1].originalBlobId))!.bytes)).toEqual(new Uint8Array(bytes(7000, 2)));
  });

  it('rejects foreign and damaged files without writing', async () => {
    const p = await sampleProject();
    const zip = await packBackup(await collectProject(p.id));
    expect(failed(await unpackBackup(strToU8('hello, not a zip')))).toBe('backup-foreign');
    expect(failed(await unpackBackup(zipSync({ 'readme.txt': strToU8('hi') })))).toBe('backup-foreign');
    expect(failed(await unpackBackup(zipSync({ 'manifest.json': strToU8('{"format":"other"}') })))).toBe('backup-foreign');
    expect(failed(await unpackBackup(zip.slice(0, zip.length - 200)))).toBe('backup-damaged');
    // Flip one byte inside a stored image: CRC (and SHA-256) catch it.
    const flipped = zip.slice();
    flipped[200] ^= 0xff;
    expect(failed(await unpackBackup(flipped))).toBe('backup-damaged');
    // A consistent zip whose blob does not match its manifest hash.
    const files = unzipSync(zip);
    const name = Object.keys(files).find((f) => f.startsWith('blobs/'))!;
    files[name] = files[name].slice();
    files[name][10] ^= 1;
    expect(failed(await unpackBackup(zipSync(files, { level: 0 })))).toBe('backup-damaged');
    const newer = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    newer.version = 99;
    expect(failed(await unpackBackup(zipSync({ ...files, 'manifest.json': strToU8(JSON.stringify(newer)) })))).toBe(
      'backup-version',
    );
  });
});
