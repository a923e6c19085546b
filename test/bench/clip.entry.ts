/** Bench entry (bundled into dist/__bench/clip.js): CLIP embedding speed and exact search speed. */
import { VectorIndex, TopK } from '../../src/core/vectors';
import { wrap } from 'comlink';
import type { ClipApi } from '../../workers/clip.worker';

/** Runs the app's own built CLIP worker (its URL is passed in) through comlink. */
export async function embedBench(workerUrl: string, device: 'wasm' | 'webgpu', images: Uint8Array[], texts: string[]) {
  const worker = new Worker(workerUrl, { type: 'module' });
  const api = wrap<ClipApi>(worker);
  try {
    const t0 = performance.now();
    const info = await api.load({ kind: 'shipped', id: 'clip/toon-clip', name: 'Toon-CLIP' }, device);
    const loadMs = performance.now() - t0;
    const blobs = images.map((b) => new Blob([b as BlobPart], { type: 'image/png' }));
    await api.embedImages(blobs.slice(0, 2)); // warm-up (kernels / shaders)
    await api.embedTexts(texts.slice(0, 2));
    const t1 = performance.now();
    await api.embedImages(blobs);
    const imageMs = (performance.now() - t1) / blobs.length;
    const t2 = performance.now();
    for (const t of texts) await api.embedTexts([t]); // one query at a time, as in search
    const textMs = (performance.now() - t2) / texts.length;
    const t3 = performance.now();
    await api.embedTexts(texts);
    const textBatchMs = (performance.now() - t3) / texts.length;
    return { device: info.device, note: info.deviceNote, loadMs, imageMs, textMs, textBatchMs };
  } finally {
    worker.terminate();
  }
}

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32 - 0.5;
}

export function searchBench(n: number, dim = 128, k = 10, reps = 5) {
  const r = lcg(n);
  const index = new VectorIndex(dim);
  const flat = new Float32Array(n * dim); // the plain-JS baseline's one big array
  const v = new Float32Array(dim);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++) v[j] = r();
    index.upsert(`r${i}`, v);
    flat.set(index.get(`r${i}`)!, i * dim);
  }
  const q = Float32Array.from({ length: dim }, r);
  let qn = 0;
  for (const x of q) qn += x * x;
  for (let j = 0; j < dim; j++) q[j] /= Math.sqrt(qn);
  const time = (fn: () => unknown) => {
    const ts: number[] = [];
    let out: unknown;
    for (let i = 0; i < reps; i++) {
      const t = performance.now();
      out = fn();
      ts.push(performance.now() - t);
    }
    ts.sort((a, b) => a - b);
    return { ms: ts[Math.floor(ts.length / 2)], out };
  };
  const fast = time(() => index.search(q, k));
  // Plain loop: one accumulator, scores of every row, then a full sort of all rows.
  const plain = time(() => {
    const scores = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      const o = i * dim;
      for (let j = 0; j < dim; j++) s += flat[o + j] * q[j];
      scores[i] = s;
    }
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
    return order.slice(0, k).map((i) => `r${i}`);
  });
  // Plain loop + heap (isolates the dot-product loop from the selection).
  const plainHeap = time(() => {
    const top = new TopK(k);
    for (let i = 0; i < n; i++) {
      let s = 0;
      const o = i * dim;
      for (let j = 0; j < dim; j++) s += flat[o + j] * q[j];
      top.push(`r${i}`, s);
    }
    return top.result().map((h) => h.id);
  });
  const ids = (fast.out as { id: string }[]).map((h) => h.id);
  const same = JSON.stringify(ids) === JSON.stringify(plain.out);
  const chunks = index.allChunks();
  const bytes = chunks.reduce((s, c) => s + c.data.byteLength + c.ids.reduce((a, id) => a + id.length * 2, 0), 0);
  return {
    n,
    indexMs: fast.ms,
    plainSortMs: plain.ms,
    plainHeapMs: plainHeap.ms,
    same,
    bytesPerVector: bytes / n,
    floatBytesPerVector: dim * 4,
  };
}

/**
 * Bytes per stored vector as IndexedDB reports it: n random 128-d vectors written as the app's
 * VectorChunkRecords (src/store/vectors toRecord: 1024 rows per chunk) into a scratch database;
 * navigator.storage.estimate() before and after (Chromium counts the LevelDB/blob files).
 */
export async function storedBytesBench(n: number, dim = 128) {
  const { toRecord } = await import('../../src/store/vectors');
  const r = lcg(7 + n);
  const index = new VectorIndex(dim);
  const v = new Float32Array(dim);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++) v[j] = r();
    index.upsert(crypto.randomUUID(), v);
  }
  const name = `bench-vectors-${n}`;
  const open = () =>
    new Promise<IDBDatabase>((res, rej) => {
      const q = indexedDB.open(name, 1);
      q.onupgradeneeded = () => q.result.createObjectStore('vectorChunks', { keyPath: 'id' });
      q.onsuccess = () => res(q.result);
      q.onerror = () => rej(q.error);
    });
  const usage = async () => (await navigator.storage.estimate()).usage ?? 0;
  const before = await usage();
  const db = await open();
  await new Promise<void>((res, rej) => {
    const tx = db.transaction('vectorChunks', 'readwrite');
    for (const c of index.allChunks()) tx.objectStore('vectorChunks').put(toRecord('bench', c));
    tx.oncomplete = () => res();
    tx.onerror = () => rej(tx.error);
  });
  db.close();
  await new Promise((res) => setTimeout(res, 500));
  const after = await usage();
  await new Promise((res) => {
    const d = indexedDB.deleteDatabase(name);
    d.onsuccess = d.onerror = d.onblocked = res;
  });
  return { n, bytesPerVector: (after - before) / n, ids: 'uuid (36 chars)' };
}
