/** Reads /models/manifest.json as built by vite.config.ts (sizes filled in at build time). */
export interface ShippedModelFile {
  path: string;
  bytes: number;
}
export interface ShippedModel {
  id: string;
  kind: string;
  name: string;
  description?: string;
  files: ShippedModelFile[];
  bytes: number;
}

export async function loadShippedModels(signal?: AbortSignal): Promise<ShippedModel[]> {
  const res = await fetch(`${import.meta.env.BASE_URL}models/manifest.json`, { signal });
  if (!res.ok) throw new Error(`models/manifest.json: HTTP ${res.status}`);
  const json = (await res.json()) as { models?: ShippedModel[] };
  return json.models ?? [];
}

export function formatBytes(n: number | null | undefined, locale: string): string {
  if (n == null) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toLocaleString(locale, { maximumFractionDigits: u === 0 ? 0 : 1 })} ${units[u]}`;
}
