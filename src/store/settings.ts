/**
 * Settings store: small key → value records (current project, UI choices).
 * Saved immediately on every change; `getSetting` returns the fallback when unset.
 */
import { getDB, guardWrite } from './db';

export async function getSetting<T>(key: string, fallback: T): Promise<T> {
  const rec = await (await getDB()).get('settings', key);
  return rec === undefined ? fallback : (rec.value as T);
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  const db = await getDB();
  await guardWrite(() => db.put('settings', { key, value }), { store: 'settings', key });
}
