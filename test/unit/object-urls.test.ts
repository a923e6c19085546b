// The shared object-URL owner (src/app/object-urls.ts): replaced, unshown and disconnected URLs are revoked.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ObjectUrls } from '../../src/app/object-urls';

let live: Set<string>;
let n = 0;
beforeEach(() => {
  live = new Set();
  vi.spyOn(URL, 'createObjectURL').mockImplementation(() => {
    const u = `blob:test/${n++}`;
    live.add(u);
    return u;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation((u: string) => {
    if (!live.delete(u)) throw new Error(`revoked twice or never made: ${u}`);
  });
});
afterEach(() => vi.restoreAllMocks());

describe('ObjectUrls', () => {
  it('set replaces and revokes the old URL of a key; keep revokes what is not shown', () => {
    const urls = new ObjectUrls();
    const a = urls.set('a', new Blob(['1']));
    const b = urls.set('b', new Blob(['2']));
    expect(urls.get('a')).toBe(a);
    const a2 = urls.set('a', new Blob(['3']));
    expect(a2).not.toBe(a);
    expect(live).toEqual(new Set([a2, b]));
    urls.keep(['b']);
    expect(live).toEqual(new Set([b]));
    expect(urls.has('a')).toBe(false);
    expect(urls.size).toBe(1);
  });

  it('a recolor loop (new blob id each time, keep the shown ones) holds a constant number of URLs', () => {
    const urls = new ObjectUrls();
    urls.set('original', new Blob(['o']));
    for (let i = 0; i < 20; i++) {
      urls.set(`result-${i}`, new Blob([String(i)]));
      urls.keep(['original', `result-${i}`]);
      expect(live.size).toBe(2);
    }
  });

  it('trim revokes the oldest beyond the cache size, never a protected one', () => {
    const urls = new ObjectUrls();
    for (const k of ['a', 'b', 'c', 'd']) urls.set(k, new Blob([k]));
    urls.trim(2, new Set(['a']));
    expect(['a', 'b', 'c', 'd'].filter((k) => urls.has(k))).toEqual(['a', 'd']);
    expect(live.size).toBe(2);
  });

  it('registers with its host and revokes everything when the host disconnects', () => {
    const controllers: ReactiveController[] = [];
    const host = { addController: (c: ReactiveController) => controllers.push(c) } as unknown as ReactiveControllerHost;
    const urls = new ObjectUrls(host);
    urls.set('a', new Blob(['1']));
    urls.set('b', new Blob(['2']));
    expect(controllers).toEqual([urls]);
    controllers[0].hostDisconnected?.();
    expect(live.size).toBe(0);
    expect(urls.size).toBe(0);
  });
});
