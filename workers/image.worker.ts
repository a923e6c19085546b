/**
 * Image worker: every decode, gutter detection, split, encode, stitch, slice export and backup
 * (un)packing runs here, never on the main thread. Plain data in and out; bad input comes back
 * as `{ ok: false, code, detail }`; results' ArrayBuffers are transferred, not copied.
 */
import { expose, transfer } from 'comlink';
import './runtime/errors'; // the one error protocol: codes + params cross comlink
import * as pipeline from './image/pipeline';
import { buildExport, type ExportItem } from './image/strip-export';
import type { ExportOptions } from '../src/core/strip/presets';
import type { StripGap } from '../src/core/strip/layout';
import type { BackupContent } from '../src/core/backup/format';
import type { BlobRecord } from '../src/store/schema';
import { packChecked, unpackChecked } from './image/backup';
import { thumbnail } from './image/thumbnail';

const api = {
  inspect: (file: Blob) => pipeline.inspect(file),

  async split(file: Blob, cuts: number[], gutters: { top: number; bottom: number }[], onProgress?: pipeline.Progress) {
    const r = await pipeline.split(file, cuts, gutters, onProgress);
    return Array.isArray(r)
      ? transfer(
          r,
          r.map((x) => x.bytes),
        )
      : r;
  },

  async toPng(file: Blob) {
    const r = await pipeline.toPng(file);
    return 'code' in r ? r : transfer(r, [r.bytes]);
  },

  async stitch(files: Blob[], gaps?: { gapBefore?: StripGap; gapAfter?: StripGap }[]) {
    const r = await pipeline.stitch(files, gaps);
    return 'code' in r ? r : transfer(r, [r.bytes]);
  },

  async stripExport(items: ExportItem[], options: ExportOptions, onProgress?: pipeline.Progress) {
    const r = await buildExport(items, options, onProgress);
    return r.ok ? transfer(r, [r.zip.buffer, r.preview.bytes]) : r;
  },

  /** Reference thumbnails (workers/image/thumbnail.ts), one result per file, in order. */
  async thumbnails(files: Blob[], side?: number) {
    const out = [];
    for (const f of files) out.push(await thumbnail(f, side));
    return transfer(
      out,
      out.flatMap((r) => ('bytes' in r ? [r.bytes] : [])),
    );
  },

  async packBackup(content: BackupContent<BlobRecord>) {
    const r = await packChecked(content);
    return r.ok ? transfer(r, [r.zip.buffer]) : r;
  },

  async unpackBackup(file: Blob) {
    const r = await unpackChecked(file);
    return r.ok ? transfer(r, [...r.blobs.map((b) => b.bytes), ...(r.library?.vectors.map((v) => v.data) ?? [])]) : r;
  },
};

export type ImageApi = typeof api;
expose(api);
