/**
 * One owner for a component's object URLs (a lit ReactiveController): `set` makes the URL of a
 * Blob under a key (revoking the one it replaces), `keep` revokes every URL whose key is no longer
 * shown, and the host's disconnect revokes them all. Key by what identifies the picture's content
 * (a stored blob's id: its bytes never change), so a new result gets a new URL and the old one is
 * released — the colorize view leaked one URL per recolor before (issue 15).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class ObjectUrls implements ReactiveController {
  private readonly urls = new Map<string, string>();

  constructor(host?: ReactiveControllerHost) {
    host?.addController(this);
  }

  hostDisconnected(): void {
    this.clear();
  }

  get(key: string): string | undefined {
    return this.urls.get(key);
  }

  has(key: string): boolean {
    return this.urls.has(key);
  }

  /** How many URLs are live (for tests and the view's data attributes). */
  get size(): number {
    return this.urls.size;
  }

  /** The object URL of `blob` under `key`; a URL already under `key` is revoked. */
  set(key: string, blob: Blob): string {
    const old = this.urls.get(key);
    if (old) URL.revokeObjectURL(old);
    const url = URL.createObjectURL(blob);
    this.urls.set(key, url);
    return url;
  }

  /** Revokes every URL whose key is not in `keys`. */
  keep(keys: Iterable<string>): void {
    const wanted = new Set(keys);
    for (const [k, u] of this.urls) {
      if (!wanted.has(k)) {
        URL.revokeObjectURL(u);
        this.urls.delete(k);
      }
    }
  }

  /** Revokes the oldest URLs (first set) beyond `max`, never one whose key is in `protect`. */
  trim(max: number, protect: ReadonlySet<string>): void {
    for (const [k, u] of this.urls) {
      if (this.urls.size <= max) break;
      if (protect.has(k)) continue;
      URL.revokeObjectURL(u);
      this.urls.delete(k);
    }
  }

  clear(): void {
    for (const u of this.urls.values()) URL.revokeObjectURL(u);
    this.urls.clear();
  }
}
