/**
 * Image worker: every decode, gutter detection, split, encode, stitch, slice export and backup
 * (un)packing runs here, never on the main thread. Plain data in and out; bad input comes back
 * as `{ ok: false, code, detail }`; results' ArrayBuffers are transferred, not copied.
 */
import { expose, transfer } from 'comlink';
import * as pipeline from './image/pipeline';
import { packBackup, unpackBackup, type BackupContent } from '../src/features/backup/format';

const api = {
  inspect: (file: Blob) => pipeline.inspect(file),

  async split(file: Blob, cuts: number[], gutters: { top: number; bottom: number }[], onProgress?: pipeline.Progress) {
    const r = await pipeline.split(file, cuts, gutters, onProgress);
    return Array.isArray(r) ? transfer(r, r.map((x) => x.bytes)) : r;
  },

  async toPng(file: Blob) {
    const r = await pipeline.toPng(file);
    return 'code' in r ? r : transfer(r, [r.bytes]);
  },

  async stitch(files: Blob[]) {
    const r = await pipeline.stitch(files);
    return 'code' in r ? r : transfer(r, [r.bytes]);
  },

  async slicesZip(files: Blob[], onProgress?: pipeline.Progress) {
    const r = await pipeline.slicesZip(files, onProgress);
    return r.ok ? transfer(r, [r.zip.buffer]) : r;
  },

  async packBackup(content: BackupContent): Promise<Uint8Array> {
    const zip = await packBackup(content);
    return transfer(zip, [zip.buffer]);
  },

  async unpackBackup(file: Blob) {
    const r = await unpackBackup(new Uint8Array(await file.arrayBuffer()));
    return r.ok ? transfer(r, r.blobs.map((b) => b.bytes)) : r;
  },
};

export type ImageApi = typeof api;
expose(api);
