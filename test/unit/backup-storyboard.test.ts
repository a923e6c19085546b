// The storyboard (콘티) record in the backup (issue 17): carried, validated, its ids remapped on restore.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import { packBackup, sha256Hex, unpackBackup } from '../../src/core/backup/format';
import { writeBackup } from '../../src/store/backup';
import { closeDB } from '../../src/store/db';
import { addPanels, listPanels } from '../../src/store/panels';
import { createProject } from '../../src/store/projects';
import { addReference, listReferences } from '../../src/store/references';
import { openIndex } from '../../src/store/vectors';
import { getBoard, saveBoard, saveBoardBlob, type BoardPanel, type StoryBoard } from '../../src/store/storyboard';
import { png, snapshot, collectBytes } from './backup-helpers';
import { storedBytes } from './stored-bytes';

beforeEach(async () => {
  await closeDB();
  globalThis.indexedDB = new IDBFactory();
});

type Manifest = Record<string, any>;

function rezip(zip: Uint8Array, edit: (m: Manifest) => void): Uint8Array {
  const files = unzipSync(zip);
  const m = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as Manifest;
  edit(m);
  return zipSync({ ...files, 'manifest.json': strToU8(JSON.stringify(m)) }, { level: 0 });
}

function boardPanel(
  i: number,
  panelId: string | undefined,
  background: BoardPanel['layout']['background'],
  hits: BoardPanel['hits'],
): BoardPanel {
  return {
    plan: {
      index: i,
      text: `미나가 바닷가에서 "안녕!" ${i}`,
      characters: ['미나'],
      bubbles: [{ text: '안녕!', speaker: '미나' }],
      captions: [],
      shot: 'medium',
      place: '바닷가에서',
    },
    layout: {
      width: 800,
      height: 800,
      shot: 'medium',
      ...(background ? { background } : {}),
      characters: [{ name: '미나', x: 400, y: 800, scale: 0.7, box: { x: 300, y: 240, w: 200, h: 560 } }],
      bubbles: [
        {
          kind: 'speech',
          text: '안녕!',
          speaker: '미나',
          x: 40,
          y: 40,
          w: 300,
          h: 120,
          lines: ['안녕!'],
          fontSize: 30,
          overflow: false,
        },
      ],
    },
    hits,
    gapAfter: 60,
    cutouts: [{ name: '미나', method: 'alpha' }],
    take: 0,
    ...(panelId ? { panelId } : {}),
  };
}

/** A project with 3 strip panels, a 3-reference library and a storyboard over them. */
async function fixture() {
  const p = await createProject('Board');
  const panels = await addPanels(
    p.id,
    [0, 1, 2].map((k) => ({
      bytes: png(10 + k, 8, 8),
      type: 'image/png',
      width: 8,
      height: 8,
      sourceName: `sb-${k}.png`,
    })),
  );
  const index = await openIndex('clip/toon-clip', 8);
  const refs: Awaited<ReturnType<typeof addReference>>[] = [];
  for (let k = 0; k < 3; k++) {
    refs.push(
      await addReference(
        { bytes: png(60 + k, 3 + k, 2), type: 'image/png', name: `ref-${k}.png` },
        Float32Array.from({ length: 8 }, (_, i) => Math.sin(k * 3 + i)),
        'clip/toon-clip',
        index,
        [],
      ),
    );
  }
  const generated = await saveBoardBlob(png(90, 4, 4));
  const hit = (k: number, score: number) => ({ refId: refs[k].id, blobId: refs[k].blobId, name: refs[k].name, score });
  const board: StoryBoard = {
    story: '미나가 바닷가에서 "안녕!"',
    panels: [
      boardPanel(
        0,
        panels[0].id,
        { refId: refs[1].id, blobId: refs[1].blobId, name: refs[1].name, score: 0.9, rank: 0 },
        [hit(1, 0.9), hit(0, 0.4)],
      ),
      boardPanel(1, panels[1].id, { name: '우주선', blobId: generated, rank: -1, generated: true }, [hit(2, 0.2)]),
      // Dangles here already: its panel and one hit's reference are gone; export drops those references.
      boardPanel(2, 'gone-panel', { refId: 'gone-ref', blobId: 'gone-blob', name: 'x.png', score: 0.5, rank: 0 }, [
        hit(0, 0.3),
        { refId: 'gone-ref', blobId: 'gone-blob', name: 'x.png', score: 0.5 },
      ]),
    ],
    updatedAt: 1,
  };
  await saveBoard(p.id, board);
  return { p, panels, refs, generated };
}

describe('the storyboard record travels in the backup', () => {
  it('round-trips into a fresh profile with every id remapped to the restored records', async () => {
    const { p, panels } = await fixture();
    const content = await collectBytes(p.id);
    // Dangling references dropped on export: the third panel keeps no panelId, no background, one hit.
    expect(content.storyboard!.panels[2].panelId).toBeUndefined();
    expect(content.storyboard!.panels[2].layout.background).toBeUndefined();
    expect(content.storyboard!.panels[2].hits.map((h) => h.name)).toEqual(['ref-0.png']);
    const genBytes = await sha256Hex(await storedBytes((await getBoard(p.id))!.panels[1].layout.background!.blobId));
    const zip = await packBackup(content);

    await closeDB();
    globalThis.indexedDB = new IDBFactory();
    const r = await unpackBackup(zip);
    if (!r.ok) throw new Error(r.detail);
    const { project } = await writeBackup(r);
    const board = await getBoard(project.id);
    expect(board).not.toBeNull();
    const restoredPanels = await listPanels(project.id);
    expect(restoredPanels.map((x) => x.sourceName)).toEqual(panels.map((x) => x.sourceName));
    expect(board!.panels.map((x) => x.panelId)).toEqual([restoredPanels[0].id, restoredPanels[1].id, undefined]);
    expect(new Set(restoredPanels.map((x) => x.id)).has(panels[0].id)).toBe(false);
    const refs = new Map((await listReferences()).map((x) => [x.id, x]));
    const bg0 = board!.panels[0].layout.background!;
    expect(refs.get(bg0.refId!)?.name).toBe('ref-1.png');
    expect(refs.get(bg0.refId!)?.blobId).toBe(bg0.blobId);
    for (const h of board!.panels.flatMap((x) => x.hits)) {
      expect(refs.get(h.refId)?.name).toBe(h.name);
      expect(refs.get(h.refId)?.blobId).toBe(h.blobId);
    }
    const bg1 = board!.panels[1].layout.background!;
    expect(bg1.generated).toBe(true);
    expect(await sha256Hex(await storedBytes(bg1.blobId))).toBe(genBytes);
    // The rest of the record is as stored.
    expect(board!.panels[0].plan).toEqual(content.storyboard!.panels[0].plan);
    expect(board!.panels[0].layout.bubbles).toEqual(content.storyboard!.panels[0].layout.bubbles);
    expect(board!.story).toBe(content.storyboard!.story);
  });

  it('restored next to the library it came from: backgrounds and hits point at the references already here', async () => {
    const { p, refs } = await fixture();
    const r = await unpackBackup(await packBackup(await collectBytes(p.id)));
    if (!r.ok) throw new Error(r.detail);
    const { project, referencesAdded } = await writeBackup(r);
    expect(referencesAdded).toBe(0);
    const board = (await getBoard(project.id))!;
    expect(board.panels[0].layout.background!.refId).toBe(refs[1].id);
    expect(board.panels[0].layout.background!.blobId).toBe(refs[1].blobId);
    expect(board.panels[0].hits.map((h) => h.refId)).toEqual([refs[1].id, refs[0].id]);
    // The original project's board is untouched.
    expect((await getBoard(p.id))!.panels[2].panelId).toBe('gone-panel');
  });

  it('malformed or dangling storyboard records are backup-damaged and write nothing; a backup without one leaves it alone', async () => {
    const { p } = await fixture();
    const zip = await packBackup(await collectBytes(p.id));
    const before = await snapshot();
    const cases: [string, (m: Manifest) => void][] = [
      ['not an object', (m) => void (m.storyboard = 'x')],
      ['bad shot', (m) => void (m.storyboard.panels[0].plan.shot = 'extreme')],
      ['bad layout size', (m) => void (m.storyboard.panels[0].layout.width = -5)],
      ['bubble without text', (m) => void delete m.storyboard.panels[0].layout.bubbles[0].text],
      ['panel not in the backup', (m) => void (m.storyboard.panels[0].panelId = 'elsewhere')],
      ['hit outside the library', (m) => void (m.storyboard.panels[0].hits[0].refId = 'elsewhere')],
      [
        'library background with another blob',
        (m) => void (m.storyboard.panels[0].layout.background.blobId = m.storyboard.panels[1].layout.background.blobId),
      ],
      [
        'generated background not in the backup',
        (m) => void (m.storyboard.panels[1].layout.background.blobId = 'missing'),
      ],
    ];
    for (const [name, edit] of cases) {
      const r = await unpackBackup(rezip(zip, edit));
      expect(r.ok ? 'ok' : r.code, name).toBe('backup-damaged');
    }
    expect(await snapshot()).toEqual(before);

    const without = await unpackBackup(rezip(zip, (m) => void delete m.storyboard));
    if (!without.ok) throw new Error(without.detail);
    expect(without.storyboard).toBeUndefined();
    const { project } = await writeBackup(without);
    expect(await getBoard(project.id)).toBeNull();
  });
});

/**
 * A project with one panel, a library of a panorama over the import limits (a reference may be any
 * size: CLIP scales it; a restore takes only what a panel may be) and a small picture, and a
 * storyboard whose panel has the panorama as its background and both as hits.
 */
async function wideLibrary(name: string, seed: number, panelName: string) {
  const p = await createProject(name);
  const [panel] = await addPanels(p.id, [
    { bytes: png(seed, 8, 8), type: 'image/png', width: 8, height: 8, sourceName: panelName },
  ]);
  const index = await openIndex('clip/toon-clip', 8);
  const add = (bytes: ArrayBuffer, ref: string, k: number) =>
    addReference(
      { bytes, type: 'image/png', name: ref },
      Float32Array.from({ length: 8 }, (_, i) => Math.cos(seed + k + i)),
      'clip/toon-clip',
      index,
      [],
    );
  const pano = await add(png(seed + 60, 16_385, 1), 'pano.png', 0);
  const ok = await add(png(seed + 61, 3, 2), 'ok.png', 1);
  const hit = (r: typeof ok, score: number) => ({ refId: r.id, blobId: r.blobId, name: r.name, score });
  await saveBoard(p.id, {
    story: 's',
    panels: [
      boardPanel(0, panel.id, { refId: pano.id, blobId: pano.blobId, name: pano.name, score: 0.9, rank: 0 }, [
        hit(pano, 0.9),
        hit(ok, 0.4),
      ]),
    ],
    updatedAt: 1,
  });
  return { p, panel, pano };
}

describe('references a restore would refuse are left out of the backup, with their storyboard mentions', () => {
  it('a panorama over the import limits: left out and named, its hits and background dropped; the file restores', async () => {
    const { packChecked } = await import('../../workers/image/backup');
    const { collectProject } = await import('../../src/store/backup');
    const { p, panel } = await wideLibrary('Wide', 1, 'a.png');
    const packed = await packChecked(await collectProject(p.id));
    if (!packed.ok) throw new Error(packed.detail);
    expect(packed.dropped).toEqual(['pano.png']);
    const r = await unpackBackup(packed.zip);
    if (!r.ok) throw new Error(`${r.code}: ${r.detail}`);
    expect(r.library?.references.map((x) => x.name)).toEqual(['ok.png']);
    const bp = r.storyboard!.panels[0];
    expect(bp.layout.background).toBeUndefined();
    expect(bp.hits.map((h) => h.name)).toEqual(['ok.png']);
    expect(bp.panelId).toBe(panel.id);
  });
});

describe('a backup an older export wrote with such a reference', () => {
  it('restores everything else, leaving the reference out by name with its storyboard mentions', async () => {
    const { p, pano } = await wideLibrary('Old wide', 2, 'b.png');
    // packed as exports did before they left such references out
    const r = await unpackBackup(await packBackup(await collectBytes(p.id)));
    if (!r.ok) throw new Error(`${r.code}: ${r.detail}`);
    expect(r.leftOut).toEqual(['pano.png']);
    expect(r.library?.references.map((x) => x.name)).toEqual(['ok.png']);
    expect(r.blobs.some((b) => b.id === pano.blobId)).toBe(false);
    expect(r.storyboard!.panels[0].layout.background).toBeUndefined();
    expect(r.storyboard!.panels[0].hits.map((h) => h.name)).toEqual(['ok.png']);
    const { ok: _ok, createdAt: _at, leftOut: _left, ...backup } = r;
    const { project } = await writeBackup(backup);
    expect((await listPanels(project.id)).map((x) => x.sourceName)).toEqual(['b.png']);
    expect((await getBoard(project.id))!.panels[0].hits.map((h) => h.name)).toEqual(['ok.png']);
  });

  it('still refuses a file whose panel image is not one a restore takes', async () => {
    const p = await createProject('Bad panel');
    await addPanels(p.id, [{ bytes: png(3, 8, 8), type: 'image/png', width: 8, height: 8, sourceName: 'c.png' }]);
    const zip = rezip(await packBackup(await collectBytes(p.id)), () => undefined);
    const files = unzipSync(zip);
    const m = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as Manifest;
    const entry = m.blobs[0];
    const html = strToU8('<html>not an image</html>');
    entry.size = html.length;
    entry.sha256 = await sha256Hex(html);
    const bad = zipSync({ ...files, [entry.path]: html, 'manifest.json': strToU8(JSON.stringify(m)) }, { level: 0 });
    const r = await unpackBackup(bad);
    expect(r.ok ? 'ok' : r.code).toBe('backup-bad-image');
  });
});
