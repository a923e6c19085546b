/**
 * Bench entry (bundled by import-split.bench.mjs into dist/__bench/, loaded into the built app's
 * page): the same import+split code in the image worker vs on the main thread, with the main
 * thread's blocking measured by a PerformanceObserver on long tasks; and IndexedDB write/read
 * of 200 panels through the real store modules.
 */
import { inspectImage, splitImage } from '../../src/bridge/image';
import { inspect, split, type Inspected } from '../../workers/image/pipeline';
import { addPanels, listPanels, type NewPanelImage } from '../../src/store/panels';
import { createProject } from '../../src/store/projects';
import { getBlobs } from '../../src/store/blobs';
import { currentBlobId } from '../../src/store/panels';

export interface Blocking {
  wallMs: number;
  longestTaskMs: number;
  blockedMs: number;
  longTasks: number;
  panels: number;
}

/** An 800×h PNG strip with `n` framed panels separated by 120-row white gutters. */
export async function makeStrip(height: number, n: number): Promise<Blob> {
  const c = new OffscreenCanvas(800, height);
  const g = c.getContext('2d')!;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, 800, height);
  const step = height / n;
  for (let i = 0; i < n; i++) {
    const top = Math.round(i * step + 60);
    const bottom = Math.round((i + 1) * step - 60);
    const grad = g.createLinearGradient(0, top, 800, bottom);
    grad.addColorStop(0, `hsl(${i * 47} 70% 60%)`);
    grad.addColorStop(1, '#222');
    g.fillStyle = grad;
    g.fillRect(30, top, 740, bottom - top);
    g.strokeStyle = '#000';
    g.lineWidth = 6;
    g.strokeRect(33, top + 3, 734, bottom - top - 6);
  }
  return c.convertToBlob({ type: 'image/png' });
}

async function measure(run: () => Promise<number>): Promise<Blocking> {
  const tasks: PerformanceEntry[] = [];
  const obs = new PerformanceObserver((list) => tasks.push(...list.getEntries()));
  obs.observe({ type: 'longtask', buffered: false });
  await new Promise((r) => setTimeout(r, 50));
  const t0 = performance.now();
  const panels = await run();
  const wallMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 100)); // let the observer deliver
  obs.disconnect();
  const inside = tasks.filter((t) => t.startTime + t.duration >= t0 && t.startTime <= t0 + wallMs);
  return {
    wallMs,
    longestTaskMs: Math.max(0, ...inside.map((t) => t.duration)),
    blockedMs: inside.reduce((s, t) => s + Math.max(0, t.duration - 50), 0),
    longTasks: inside.length,
    panels,
  };
}

export function importSplitInWorker(file: Blob): Promise<Blocking> {
  return measure(async () => {
    const info = await inspectImage(undefined, file);
    const parts = await splitImage(undefined, file, info.gutters?.cuts ?? [], info.gutters?.gutters ?? []);
    return parts.length;
  });
}

export function importSplitOnMain(file: Blob): Promise<Blocking> {
  return measure(async () => {
    const info = (await inspect(file)) as Inspected;
    const parts = await split(file, info.gutters?.cuts ?? [], info.gutters?.gutters ?? []);
    if (!Array.isArray(parts)) throw new Error(parts.detail);
    return parts.length;
  });
}

/** Writes 200 panels (256 KiB each) one transaction per panel, then in one batch, and reads them back. */
export async function idbPanels(n = 200, size = 256 * 1024): Promise<Record<string, number>> {
  const make = (i: number): NewPanelImage => {
    const bytes = new Uint8Array(size);
    crypto.getRandomValues(bytes.subarray(0, 65536));
    bytes[0] = i & 255;
    return { bytes: bytes.buffer, type: 'image/png', width: 800, height: 1280, sourceName: `p${i}.png` };
  };
  const a = await createProject('bench one-by-one');
  let t = performance.now();
  for (let i = 0; i < n; i++) await addPanels(a.id, [make(i)]);
  const writeEachMs = performance.now() - t;
  const b = await createProject('bench batch');
  const images = Array.from({ length: n }, (_, i) => make(i));
  t = performance.now();
  await addPanels(b.id, images);
  const writeBatchMs = performance.now() - t;
  t = performance.now();
  const panels = await listPanels(b.id);
  const blobs = await getBlobs(panels.map(currentBlobId));
  const readMs = performance.now() - t;
  if (blobs.length !== n || blobs.some((x) => x.blob.size !== size)) throw new Error('read back mismatch');
  return { writeEachMs, writeBatchMs, readMs, mb: (n * size) / 1048576 };
}
