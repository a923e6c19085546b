/**
 * Reads a model folder the user gave: files from `<input webkitdirectory>` (relative paths kept),
 * a `.zip`, or a drop (a folder — walked through `webkitGetAsEntry` — or a zip / loose files).
 * Returns path → bytes and a display name; validation is model-folder.ts's job.
 */
import { unzipSync } from 'fflate';

export interface PickedModel {
  name: string;
  files: Record<string, ArrayBuffer>;
}

async function addZip(out: Record<string, ArrayBuffer>, file: File): Promise<void> {
  const entries = unzipSync(new Uint8Array(await file.arrayBuffer()));
  for (const [p, b] of Object.entries(entries)) if (!p.endsWith('/')) out[p] = b.slice().buffer;
}

/** Files from an input (a folder picker gives webkitRelativePath "folder/sub/file"). */
export async function readPickedFiles(list: File[]): Promise<PickedModel> {
  const files: Record<string, ArrayBuffer> = {};
  let name = '';
  for (const f of list) {
    if (f.name.toLowerCase().endsWith('.zip')) {
      name ||= f.name.replace(/\.zip$/i, '');
      await addZip(files, f);
    } else {
      const rel = f.webkitRelativePath || f.name;
      if (rel.includes('/')) name ||= rel.split('/')[0];
      files[rel] = await f.arrayBuffer();
    }
  }
  return { name: name || 'CLIP', files };
}

function readEntries(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  return new Promise((resolve, reject) => {
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) return resolve(all);
        all.push(...batch);
        next();
      }, reject);
    next();
  });
}

async function walk(entry: FileSystemEntry, out: File[], paths: string[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej));
    out.push(file);
    paths.push(entry.fullPath.replace(/^\//, ''));
  } else if (entry.isDirectory) {
    for (const child of await readEntries(entry as FileSystemDirectoryEntry)) await walk(child, out, paths);
  }
}

/** A drop: folders are walked (paths kept), zips unpacked, loose files taken by name. */
export async function readDroppedModel(dt: DataTransfer): Promise<PickedModel> {
  const entries = [...dt.items].map((i) => i.webkitGetAsEntry?.() ?? null);
  if (entries.some((e) => e?.isDirectory)) {
    const files: File[] = [];
    const paths: string[] = [];
    for (const e of entries) if (e) await walk(e, files, paths);
    const out: Record<string, ArrayBuffer> = {};
    for (const [i, f] of files.entries()) out[paths[i]] = await f.arrayBuffer();
    const top = entries.find((e) => e?.isDirectory)?.name ?? 'CLIP';
    return { name: top, files: out };
  }
  return readPickedFiles([...dt.files]);
}
