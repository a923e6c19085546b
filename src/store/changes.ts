/**
 * Store changes between tabs: every store write module announces what it changed after its
 * transaction committed (`guardWrite(write, changes)` in db.ts does it), on a BroadcastChannel
 * shared by every tab (and worker) of the app's origin. Views of OTHER tabs listen and reload
 * their lists. By default a tab does not hear its own changes (the view that wrote already shows
 * them); a view that must follow writes made by OTHER views of its own page while it is on screen
 * (the Strip while a story draws panels in the background) listens with `here: true`, and is told
 * where each change came from.
 *
 * - A message is `{ tab, from, changes: [{ store, projectId?, key? }] }` (`from`: the writing
 *   context; `key`: the setting written). A context never hears its own messages. `tab` is one id per page; a worker
 *   that writes for its page adopts the page's id (`setChangeTab`), so the page ignores it too.
 * - Where BroadcastChannel is missing, announcing and listening do nothing (tabs then refresh
 *   when a view is shown again, as before).
 * - DOM-free: works in workers and in Node (tests).
 */
import type { StoreNames } from 'idb';
import type { ToonDB } from './schema';

export const CHANGES_CHANNEL = 'toonsmith.store-changes';

export type ChangedStore = StoreNames<ToonDB>;

export interface StoreChange {
  store: ChangedStore;
  /** The project the change belongs to, when the write knows it. */
  projectId?: string;
  /** For `settings`: the key written. */
  key?: string;
}

export interface ChangeMessage {
  tab: string;
  /** The JS context (page or worker) that wrote. */
  from: string;
  changes: StoreChange[];
}

/** Where a change was made: another tab, another context of this tab (page ↔ worker), this context. */
export type ChangeOrigin = 'other-tab' | 'same-tab' | 'here';
type Listener = (changes: StoreChange[], origin: ChangeOrigin) => void;
interface Subscription {
  cb: Listener;
  /** Also hear the same tab's other contexts (a worker that caches store data hears its page). */
  sameTab: boolean;
  /** Also hear this context's own writes (delivered in a microtask after `announce`). */
  here: boolean;
}

const randomId = (): string =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;

/** One end of the change channel (one per JS context; tests make several). */
export class ChangeChannel {
  private channel: BroadcastChannel | null | undefined;
  private readonly listeners = new Set<Subscription>();
  readonly from = randomId();

  constructor(
    public tab: string = randomId(),
    private readonly name = CHANGES_CHANNEL,
  ) {}

  private open(): BroadcastChannel | null {
    if (this.channel === undefined) {
      this.channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(this.name);
      this.channel?.addEventListener('message', (e: MessageEvent<ChangeMessage>) => this.receive(e.data));
    }
    return this.channel;
  }

  private receive(msg: ChangeMessage): void {
    if (!msg || typeof msg !== 'object' || msg.from === this.from || !Array.isArray(msg.changes)) return;
    const changes = msg.changes.filter((c) => c && typeof c.store === 'string');
    if (!changes.length) return;
    const origin: ChangeOrigin = msg.tab === this.tab ? 'same-tab' : 'other-tab';
    for (const s of [...this.listeners]) if (s.sameTab || origin === 'other-tab') s.cb(changes, origin);
  }

  /** Tells the other tabs what a committed write changed. */
  announce(changes: StoreChange | readonly StoreChange[]): void {
    const list = (Array.isArray(changes) ? changes : [changes]) as StoreChange[];
    if (!list.length) return;
    const own = [...this.listeners].filter((s) => s.here);
    if (own.length) queueMicrotask(() => own.forEach((s) => this.listeners.has(s) && s.cb([...list], 'here')));
    try {
      this.open()?.postMessage({ tab: this.tab, from: this.from, changes: list } satisfies ChangeMessage);
    } catch {
      /* a closed channel (context going away): nothing to tell */
    }
  }

  /**
   * Calls `cb` with the changes another tab made (with `sameTab`, also those of this tab's other
   * contexts, e.g. the page for its worker; with `here`, also this context's own writes); returns
   * the unsubscribe function.
   */
  listen(cb: Listener, { sameTab = false, here = false } = {}): () => void {
    this.open();
    const sub = { cb, sameTab, here };
    this.listeners.add(sub);
    return () => this.listeners.delete(sub);
  }

  close(): void {
    this.channel?.close();
    this.channel = undefined;
    this.listeners.clear();
  }
}

const here = new ChangeChannel();

/** This context's tab id (a page passes it to the workers that write for it). */
export function changeTab(): string {
  return here.tab;
}

/** A worker writing for a page: its changes carry the page's tab id, so the page ignores them. */
export function setChangeTab(tab: string): void {
  here.tab = tab;
}

export function announceChanges(changes: StoreChange | readonly StoreChange[]): void {
  here.announce(changes);
}

/**
 * Changes made in other tabs (not this one, not its workers); `sameTab`: this tab's other contexts
 * too; `here`: this context's own writes too (a view following other views of its page).
 */
export function onStoreChange(cb: Listener, opts: { sameTab?: boolean; here?: boolean } = {}): () => void {
  return here.listen(cb, opts);
}

/** True when `changes` touch one of `stores` (and, given a project, that project or no project). */
export function touches(changes: readonly StoreChange[], stores: readonly ChangedStore[], projectId?: string): boolean {
  return changes.some(
    (c) =>
      stores.includes(c.store) && (projectId === undefined || c.projectId === undefined || c.projectId === projectId),
  );
}
