/** Shared by the backup unit tests: real (sniffable, decodable) images and store snapshots. */
import { zlibSync } from 'fflate';
import { crc32 } from '../../src/core/strip/crc32';
import { getDB } from '../../src/store/db';
import { sha256Hex, type BackupContent } from '../../src/core/backup/format';
import { collectProject } from '../../src/store/backup';
import { jpegBytes } from './jpeg-fixture';

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, data.length);
  out.set(
    [...type].map((c) => c.charCodeAt(0)),
    4,
  );
  out.set(data, 8);
  dv.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

/** A real RGBA PNG of w×h whose pixels depend on `seed` (so every seed gives other bytes). */
export function png(seed: number, w = 6, h = 4): ArrayBuffer {
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, w);
  dv.setUint32(4, h);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const stride = 1 + w * 4;
  const raw = new Uint8Array(h * stride);
  for (let y = 0; y < h; y++) {
    for (let i = 1; i < stride; i++) raw[y * stride + i] = (seed * 37 + y * 11 + i * 5) & 255;
  }
  const parts = [
    new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlibSync(raw)),
    chunk('IEND', new Uint8Array()),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out.buffer;
}

/** Structurally whole baseline JPEG markers (SOI, APP0, SOF0 w×h, SOS, data, EOI). */
export function jpeg(w: number, h: number): ArrayBuffer {
  return jpegBytes(w, h).buffer as ArrayBuffer;
}

const STORES = [
  'projects',
  'panels',
  'blobs',
  'settings',
  'hints',
  'palettes',
  'references',
  'vectorChunks',
  'models',
  'stories',
  'storyboards',
  'characters',
] as const;

/** Every record of every store, binary fields as SHA-256 hex, sorted by key: for byte-identity checks. */
export async function snapshot(): Promise<Record<string, unknown[]>> {
  const db = await getDB();
  const out: Record<string, unknown[]> = {};
  for (const s of STORES) {
    const recs = await db.getAll(s);
    out[s] = await Promise.all(
      recs.map(async (r) => {
        const copy: Record<string, unknown> = { ...(r as object) };
        for (const [k, v] of Object.entries(copy))
          if (v instanceof ArrayBuffer) copy[k] = `sha256:${await sha256Hex(v)}`;
          else if (v instanceof Blob) copy[k] = `blob ${v.type} sha256:${await sha256Hex(await v.arrayBuffer())}`;
        return copy;
      }),
    );
  }
  return out;
}

/**
 * `collectProject` with each image read into bytes, as the image worker does before packing
 * (workers/image/backup.ts; these tests call the core `packBackup` directly).
 */
export async function collectBytes(projectId: string): Promise<BackupContent> {
  const c = await collectProject(projectId);
  return {
    ...c,
    blobs: await Promise.all(c.blobs.map(async ({ blob, ...b }) => ({ ...b, bytes: await blob.arrayBuffer() }))),
  };
}
