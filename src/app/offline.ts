/**
 * Whether Toonsmith can run with the network off, as a person would ask it: is the computer
 * online now, does the service worker (workers/sw/sw.ts) serve this page, and has it saved the
 * app and the shipped model files in its precache (`workbox-precache-v2-<scope>`, keys may carry
 * a `__WB_REVISION__` parameter, so they are matched without their query). Read-only: nothing is
 * fetched or cached here.
 */
export interface OfflineInfo {
  /** Service workers exist in this browser (not in some private windows). */
  supported: boolean;
  /** A service worker serves this page (from the second load on). */
  controlled: boolean;
  /** The app itself (index.html) is saved. */
  shell: boolean;
  /** Shipped model files saved, of those listed in models/manifest.json. */
  models: { saved: number; total: number };
}

import { precacheName } from '../../workers/sw/precache';

/** What is saved for offline use; `modelPaths` are paths under models/ (the manifest's). */
export async function offlineInfo(modelPaths: readonly string[]): Promise<OfflineInfo> {
  const supported = typeof navigator !== 'undefined' && 'serviceWorker' in navigator;
  const controlled = supported && !!navigator.serviceWorker.controller;
  const none: OfflineInfo = { supported, controlled, shell: false, models: { saved: 0, total: modelPaths.length } };
  if (typeof caches === 'undefined') return none;
  const base = new URL(import.meta.env.BASE_URL, location.href);
  const name = (await caches.keys()).find((k) => k === precacheName(base.href));
  if (!name) return none;
  const cache = await caches.open(name);
  const has = async (rel: string) => !!(await cache.match(new URL(rel, base).href, { ignoreSearch: true }));
  const saved = await Promise.all(modelPaths.map((p) => has(`models/${p}`)));
  return {
    supported,
    controlled,
    shell: await has('index.html'),
    models: { saved: saved.filter(Boolean).length, total: modelPaths.length },
  };
}

/** Calls `onChange` with navigator.onLine now and on every change; returns the unsubscribe. */
export function watchOnline(onChange: (online: boolean) => void): () => void {
  const on = () => onChange(true);
  const off = () => onChange(false);
  window.addEventListener('online', on);
  window.addEventListener('offline', off);
  onChange(navigator.onLine);
  return () => {
    window.removeEventListener('online', on);
    window.removeEventListener('offline', off);
  };
}
