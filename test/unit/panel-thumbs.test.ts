// Panel thumbnails: the store (src/store/panel-thumbs.ts, fake IndexedDB) keeps a thumbnail only
// while its image is stored and loses it with the image; the lists' loader (src/app/panel-thumbs.ts
// PanelThumbs) shows stored ones at once, has the missing ones made by the store worker in batches,
// owns their object URLs (one per shown image, unshown ones revoked).
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { closeDB } from '../../src/store/db';
import { createProject } from '../../src/store/projects';
import { addPanels, deletePanels, restorePanels, setPanelResult } from '../../src/store/panels';
import { getPanelThumbs, putPanelThumbs } from '../../src/store/panel-thumbs';
import type { ThumbRecord } from '../../src/store/schema';

// The store worker, as the loader sees it: makes a thumbnail for each id it is asked (null for
// an id marked undecodable) and stores it, as workers/store.worker.ts `panelThumbnails` does.
const batches: string[][] = [];
const broken = new Set<string>();
vi.mock('../../src/bridge/store', () => ({
  readPanelThumbnails: vi.fn(async (_signal: unknown, ids: string[]) => {
    batches.push(ids);
    const made = ids.filter((id) => !broken.has(id)).map((id) => thumb(id));
    await putPanelThumbs(made);
    return ids.map((id) => (broken.has(id) ? null : new Blob([`thumb ${id}`], { type: 'image/webp' })));
  }),
}));
const { PanelThumbs, BATCH } = await import('../../src/app/panel-thumbs');

function thumb(id: string): ThumbRecord {
  return { id, blob: new Blob([`thumb ${id}`], { type: 'image/webp' }), width: 10, height: 20, createdAt: 1 };
}

let live: Map<string, Blob>;
let n = 0;
beforeEach(async () => {
  await closeDB();
  globalThis.indexedDB = new IDBFactory();
  batches.length = 0;
  broken.clear();
  live = new Map();
  vi.spyOn(URL, 'createObjectURL').mockImplementation((b: Blob | MediaSource) => {
    const u = `blob:test/${n++}`;
    live.set(u, b as Blob);
    return u;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation((u: string) => {
    if (!live.delete(u)) throw new Error(`revoked twice or never made: ${u}`);
  });
});
afterEach(() => vi.restoreAllMocks());

/** k panels in a new project; answers the panels (their originalBlobId is the thumbnail key). */
async function panels(k: number) {
  const p = await createProject('P');
  const imgs = Array.from({ length: k }, (_, i) => ({
    bytes: new Uint8Array([i, 1, 2]).buffer,
    type: 'image/png',
    width: 10,
    height: 20,
    sourceName: `${i}.png`,
  }));
  return { project: p, panels: await addPanels(p.id, imgs) };
}

/** A lit host that records its controllers (so the test can disconnect it). */
function host() {
  const controllers: ReactiveController[] = [];
  const h = {
    addController: (c: ReactiveController) => void controllers.push(c),
    disconnect: () => controllers.forEach((c) => c.hostDisconnected?.()),
  };
  return h as unknown as ReactiveControllerHost & { disconnect(): void };
}

describe('thumbs store', () => {
  it('keeps a thumbnail only while its image is stored', async () => {
    const { panels: ps } = await panels(2);
    const kept = await putPanelThumbs([thumb(ps[0].originalBlobId), thumb('no-such-image')]);
    expect(kept.map((t) => t.id)).toEqual([ps[0].originalBlobId]);
    expect([...(await getPanelThumbs([ps[0].originalBlobId, 'no-such-image', ps[1].originalBlobId])).keys()]).toEqual([
      ps[0].originalBlobId,
    ]);
  });

  it('a deleted panel and a replaced result take their thumbnails with them', async () => {
    const { project, panels: ps } = await panels(2);
    const a = ps[0].originalBlobId;
    const b = ps[1].originalBlobId;
    const r1 = await setPanelResult(ps[1].id, new Uint8Array([9]).buffer, 'image/png');
    await putPanelThumbs([thumb(a), thumb(b), thumb(r1.resultBlobId!)]);
    const r2 = await setPanelResult(ps[1].id, new Uint8Array([8]).buffer, 'image/png');
    expect((await getPanelThumbs([r1.resultBlobId!])).size).toBe(0); // the old result's thumbnail went
    expect((await getPanelThumbs([b])).size).toBe(1); // the original's stays
    const deleted = await deletePanels(project.id, [ps[0].id]);
    expect((await getPanelThumbs([a])).size).toBe(0);
    await restorePanels(deleted); // undo: the image is back; its thumbnail is made again on show
    expect((await getPanelThumbs([a])).size).toBe(0);
    expect((await putPanelThumbs([thumb(a)])).length).toBe(1);
    expect(r2.resultBlobId).not.toBe(r1.resultBlobId);
  });
});

describe('PanelThumbs', () => {
  it('shows stored thumbnails without the worker, has the missing ones made, revokes unshown ones', async () => {
    const { panels: ps } = await panels(4);
    const ids = ps.map((p) => p.originalBlobId);
    await putPanelThumbs([thumb(ids[0]), thumb(ids[1])]);
    const h = host();
    const t = new PanelThumbs(h);
    const missing = await t.update(ids);
    expect(missing).toEqual(ids.slice(2));
    expect(batches).toEqual([]); // stored ones: no worker
    expect([...t.of(ids).keys()]).toEqual(ids.slice(0, 2));
    const shownNow: Map<string, string>[] = [];
    await t.more(
      missing,
      () => ids,
      async (m) => void shownNow.push(m),
    );
    expect(batches).toEqual([ids.slice(2)]);
    expect([...shownNow[0].keys()]).toEqual(ids);
    expect(await live.get(t.of([ids[3]]).get(ids[3])!)?.text()).toBe(`thumb ${ids[3]}`);
    // Made once: a second view of the same panels reads them all from the store.
    const again = new PanelThumbs(host());
    expect(await again.update(ids)).toEqual([]);
    expect(batches).toHaveLength(1);
    // No longer shown → revoked by prune (after the list is drawn), not before; the view gone → all revoked.
    const before = t.of(ids);
    expect(await t.update(ids.slice(1))).toEqual([]);
    expect(live.has(before.get(ids[0])!)).toBe(true);
    t.prune();
    expect(live.has(before.get(ids[0])!)).toBe(false);
    expect(t.size).toBe(3);
    h.disconnect();
    expect(t.size).toBe(0);
  });

  it('show: stored ones first, dropped ones revoked after they are drawn away, missing ones made', async () => {
    const { panels: ps } = await panels(3);
    const ids = ps.map((p) => p.originalBlobId);
    await putPanelThumbs([thumb(ids[0]), thumb(ids[1])]);
    const t = new PanelThumbs(host());
    const drawn: string[][] = [];
    const set = async (m: Map<string, string>) => void drawn.push([...m.keys()]);
    await t.show(() => ids.slice(0, 2), set);
    const old = t.of([ids[0]]).get(ids[0])!;
    const liveWhenDrawn: boolean[] = [];
    await t.show(
      () => ids.slice(1),
      async (m) => {
        liveWhenDrawn.push(live.has(old));
        await set(m);
      },
    );
    expect(liveWhenDrawn).toEqual([true, false]); // revoked only after the first draw without it
    expect(live.has(old)).toBe(false);
    expect(drawn).toEqual([ids.slice(0, 2), [ids[1]], ids.slice(1)]);
    expect(batches).toEqual([[ids[2]]]);
  });

  it('makes many in batches; a batch makes URLs only for what is shown by then; an undecodable image is left out', async () => {
    const { panels: ps } = await panels(BATCH + 8);
    const all = ps.map((p) => p.originalBlobId);
    broken.add(all[1]);
    const t = new PanelThumbs(host());
    const missing = await t.update(all);
    expect(missing).toEqual(all);
    let shown: string[] = all;
    const seen: number[] = [];
    await t.more(
      missing,
      () => shown,
      async (thumbs) => {
        seen.push(thumbs.size);
        shown = all.slice(0, 10); // the list changed after the first batch (another refresh)
        await t.update(shown);
        t.prune();
      },
    );
    expect(batches.map((b) => b.length)).toEqual([BATCH, 8]);
    expect(seen).toEqual([BATCH - 1, 9]);
    expect(t.size).toBe(9);
    expect(t.of(all).has(all[1])).toBe(false);
  });
});
