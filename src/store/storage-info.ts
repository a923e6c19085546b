/**
 * Browser storage status for the Status page: whether storage is persistent (asked once via
 * `navigator.storage.persist()`), and the usage/quota estimate. Headless browsers answer
 * `persisted: false`; browsers without the API give `supported: false`.
 */

export interface StorageInfo {
  supported: boolean;
  persisted: boolean;
  usage: number | null;
  quota: number | null;
}

/** Asks the browser to keep our data under storage pressure; returns whether it is persistent. */
export async function requestPersistence(): Promise<boolean> {
  const s = globalThis.navigator?.storage;
  if (!s?.persist) return false;
  try {
    if (await s.persisted()) return true;
    return await s.persist();
  } catch {
    return false;
  }
}

export async function getStorageInfo(): Promise<StorageInfo> {
  const s = globalThis.navigator?.storage;
  if (!s?.estimate) return { supported: false, persisted: false, usage: null, quota: null };
  const [persisted, est] = await Promise.all([s.persisted ? s.persisted().catch(() => false) : false, s.estimate()]);
  return { supported: true, persisted, usage: est.usage ?? null, quota: est.quota ?? null };
}
