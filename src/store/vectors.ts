/**
 * Vector chunks store: a model's reference vectors as contiguous Float32 chunks
 * (VectorChunkRecord: rows × dim floats + the reference id per row), never a record per number.
 *
 * - `openIndex(modelId, dim)` loads a model's chunks into an in-memory VectorIndex; chunks with a
 *   different vector size are refused (DimensionMismatchError) and left untouched.
 * - Writes go through references.ts (which changes a reference and its chunk in one transaction)
 *   or `clearModelVectors` here.
 */
import { VectorIndex, type ChunkData } from '../core/vectors';
import { getDB, guardWrite } from './db';
import type { VectorChunkRecord } from './schema';

export class DimensionMismatchError extends Error {
  constructor(
    readonly modelId: string,
    readonly stored: number,
    readonly wanted: number,
  ) {
    super(`Stored vectors of ${modelId} have size ${stored}, the model gives ${wanted}`);
    this.name = 'DimensionMismatchError';
  }
}

export function toRecord(modelId: string, c: ChunkData): VectorChunkRecord {
  return { id: c.id, modelId, dim: c.dim, rows: c.rows, data: c.data, ids: c.ids };
}

export async function loadChunks(modelId: string): Promise<VectorChunkRecord[]> {
  const recs = await (await getDB()).getAllFromIndex('vectorChunks', 'modelId', modelId);
  return recs.sort((a, b) => a.id - b.id);
}

/** Stored vector size of a model ('undefined' when it has no vectors). */
export async function storedDim(modelId: string): Promise<number | undefined> {
  const recs = await loadChunks(modelId);
  return recs.find((r) => r.rows > 0)?.dim;
}

/** Next free chunk key over all models (chunk ids are global keys). */
export async function nextChunkId(): Promise<number> {
  const db = await getDB();
  const cursor = await db.transaction('vectorChunks').store.openCursor(null, 'prev');
  return cursor ? cursor.key + 1 : 1;
}

export async function openIndex(modelId: string, dim: number, chunkRows = 1024): Promise<VectorIndex> {
  const recs = await loadChunks(modelId);
  const bad = recs.find((r) => r.dim !== dim);
  if (bad) throw new DimensionMismatchError(modelId, bad.dim, dim);
  return new VectorIndex(dim, { chunkRows, firstChunkId: await nextChunkId(), chunks: recs });
}

/** Removes every vector chunk of a model (e.g. after re-embedding with another model). */
export async function clearModelVectors(modelId: string): Promise<void> {
  const db = await getDB();
  await guardWrite(
    async (track) => {
      const tx = track(db.transaction('vectorChunks', 'readwrite'));
      for (const key of await tx.store.index('modelId').getAllKeys(modelId)) await tx.store.delete(key);
      await tx.done;
    },
    { store: 'vectorChunks' },
  );
}

/** Bytes the stored vectors of a model take (data only), and their row count. */
export async function vectorBytes(modelId: string): Promise<{ bytes: number; rows: number; live: number }> {
  const recs = await loadChunks(modelId);
  return {
    bytes: recs.reduce((s, r) => s + r.data.byteLength, 0),
    rows: recs.reduce((s, r) => s + r.rows, 0),
    live: recs.reduce((s, r) => s + r.ids.filter(Boolean).length, 0),
  };
}
