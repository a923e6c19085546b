/** Store changes between tabs (src/store/changes.ts): BroadcastChannel messages, own-tab filtering, guardWrite announcing. */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChangeChannel, changeTab, touches, type StoreChange } from '../../src/store/changes';
import { closeDB, guardWrite, MissingRecordError } from '../../src/store/db';
import { addPanels, deletePanels, listPanels, movePanel } from '../../src/store/panels';
import { createProject } from '../../src/store/projects';
import { setSetting } from '../../src/store/settings';

const open: ChangeChannel[] = [];
function tabEnd(tab?: string, name?: string): ChangeChannel {
  const c = new ChangeChannel(tab, name);
  open.push(c);
  return c;
}

/** Collects what `c` hears; `next()` resolves with the next batch. */
function recorder(c: ChangeChannel, opts?: { sameTab?: boolean }) {
  const got: StoreChange[][] = [];
  let wake: (() => void) | undefined;
  c.listen((ch) => {
    if (ch.some((x) => x.projectId === SETTLE)) return; // settle()'s marker
    got.push(ch);
    wake?.();
  }, opts);
  return {
    got,
    next: (): Promise<StoreChange[]> =>
      new Promise((resolve) => {
        const n = got.length;
        if (got.length > n) return resolve(got[n]);
        wake = () => got.length > n && resolve(got[n]);
      }),
  };
}

const SETTLE = '__settle__';
/** Waits until a marker posted now has gone through the channel (messages posted before it arrive first). */
async function settle(name: string): Promise<void> {
  const a = tabEnd('settle-a', name);
  const b = tabEnd('settle-b', name);
  const arrived = new Promise<void>((resolve) => b.listen(() => resolve()));
  a.announce({ store: 'blobs', projectId: SETTLE });
  await arrived;
}

beforeEach(async () => {
  await closeDB();
  globalThis.indexedDB = new IDBFactory();
});
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

describe('change channel', () => {
  it('delivers a tab’s changes to other tabs, never back to the same tab', async () => {
    const name = `t-${Math.random()}`;
    const a = tabEnd('tab-a', name);
    const b = tabEnd('tab-b', name);
    const aWorker = tabEnd('tab-a', name); // a worker of tab A (adopted A's tab id)
    const heardA = recorder(a);
    const heardB = recorder(b);
    const heardWorker = recorder(aWorker, { sameTab: true });
    const next = heardB.next();
    a.announce({ store: 'panels', projectId: 'p1' });
    expect(await next).toEqual([{ store: 'panels', projectId: 'p1' }]);
    // The worker of tab A writes: tab B hears it, tab A's page does not (its views already show it).
    const fromWorker = heardB.next();
    aWorker.announce([{ store: 'references' }]);
    expect(await fromWorker).toEqual([{ store: 'references' }]);
    await settle(name);
    expect(heardA.got).toEqual([]);
    // A cache in tab A's worker hears its own page (sameTab) but not itself.
    expect(heardWorker.got).toEqual([[{ store: 'panels', projectId: 'p1' }]]);
  });

  it('with `here`, a context also hears its own writes, told apart by their origin', async () => {
    const name = `t-${Math.random()}`;
    const a = tabEnd('tab-a', name);
    const b = tabEnd('tab-b', name);
    const aWorker = tabEnd('tab-a', name);
    const heard: [StoreChange[], string][] = [];
    a.listen((ch, origin) => void (ch.some((x) => x.projectId === SETTLE) || heard.push([ch, origin])), {
      here: true,
    });
    const plain = recorder(a); // the default: nothing from this context
    a.announce({ store: 'panels', projectId: 'p1' });
    b.announce({ store: 'projects' });
    aWorker.announce({ store: 'references' }); // same tab, another context: not heard without sameTab
    await settle(name);
    expect(heard).toEqual([
      [[{ store: 'panels', projectId: 'p1' }], 'here'],
      [[{ store: 'projects' }], 'other-tab'],
    ]);
    expect(plain.got).toEqual([[{ store: 'projects' }]]);
  });

  it('ignores malformed messages and unsubscribes', async () => {
    const name = `t-${Math.random()}`;
    const b = tabEnd('tab-b', name);
    const heard = recorder(b);
    const raw = new BroadcastChannel(name);
    raw.postMessage(null);
    raw.postMessage({ tab: 'x', from: 'y', changes: 'no' });
    raw.postMessage({ tab: 'x', from: 'y', changes: [{ nope: 1 }] });
    raw.close();
    await settle(name);
    expect(heard.got).toEqual([]);
    const stop = b.listen(() => heard.got.push([{ store: 'hints' }]));
    stop();
    tabEnd('tab-c', name).announce({ store: 'panels' });
    await settle(name);
    expect(heard.got).toEqual([[{ store: 'panels' }]]);
  });

  it('touches() matches stores and the project (a change without a project matches every project)', () => {
    expect(touches([{ store: 'panels', projectId: 'p1' }], ['panels'], 'p1')).toBe(true);
    expect(touches([{ store: 'panels', projectId: 'p2' }], ['panels'], 'p1')).toBe(false);
    expect(touches([{ store: 'panels' }], ['panels'], 'p1')).toBe(true);
    expect(touches([{ store: 'hints' }], ['panels', 'projects'])).toBe(false);
  });
});

describe('store writes announce their changes to other tabs', () => {
  it('after the transaction committed, with the project; a failed write announces nothing', async () => {
    const other = tabEnd('another-tab');
    expect(changeTab()).not.toBe('another-tab');
    const heard = recorder(other);
    let next = heard.next();
    const project = await createProject('Mine');
    expect(await next).toEqual([{ store: 'projects', projectId: project.id }]);
    next = heard.next();
    const [p] = await addPanels(project.id, [
      { bytes: new ArrayBuffer(4), type: 'image/png', width: 1, height: 1, sourceName: 'a.png' },
    ]);
    expect(await next).toEqual([{ store: 'panels', projectId: project.id }]);
    expect((await listPanels(project.id)).map((x) => x.id)).toEqual([p.id]);
    next = heard.next();
    await setSetting('refs.tagLabels', ['cat']);
    expect(await next).toEqual([{ store: 'settings', key: 'refs.tagLabels' }]);

    // A failed write: nothing is announced.
    const before = heard.got.length;
    await expect(
      guardWrite(
        async () => {
          throw new Error('boom');
        },
        { store: 'panels' },
      ),
    ).rejects.toThrow('boom');
    await expect(movePanel(project.id, 'gone', 0)).rejects.toBeInstanceOf(MissingRecordError);
    await settle('toonsmith.store-changes');
    expect(heard.got.length).toBe(before);
  });

  it('a stale delete (panel already deleted in another tab) is refused as MissingRecordError, not "deleted"', async () => {
    const project = await createProject('P');
    const [p] = await addPanels(project.id, [
      { bytes: new ArrayBuffer(4), type: 'image/png', width: 1, height: 1, sourceName: 'a.png' },
    ]);
    await deletePanels(project.id, [p.id]);
    const err = await deletePanels(project.id, [p.id]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingRecordError);
    expect((err as MissingRecordError).kind).toBe('panel');
  });
});
