/**
 * Collects a model folder the user gave: files from `<input webkitdirectory>` (relative paths
 * kept), a `.zip`, or a drop (a folder — walked through `webkitGetAsEntry` — or a zip / loose
 * files). Returns File handles with their paths and a display name; the bytes are read (zips
 * unpacked), checked (workers/models/clip-folder.ts) and staged in the store worker (workers/store/model-files.ts),
 * never on the page.
 */
import type { ModelEntry } from '../../bridge/store';

export interface PickedModel {
  name: string;
  entries: ModelEntry[];
}

/** Files from an input (a folder picker gives webkitRelativePath "folder/sub/file"). */
export async function readPickedFiles(list: File[]): Promise<PickedModel> {
  const entries: ModelEntry[] = [];
  let name = '';
  for (const f of list) {
    if (f.name.toLowerCase().endsWith('.zip')) {
      name ||= f.name.replace(/\.zip$/i, '');
      entries.push({ path: f.name, file: f, zip: true });
    } else {
      const rel = f.webkitRelativePath || f.name;
      if (rel.includes('/')) name ||= rel.split('/')[0];
      entries.push({ path: rel, file: f });
    }
  }
  return { name: name || 'CLIP', entries };
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
    const top = entries.find((e) => e?.isDirectory)?.name ?? 'CLIP';
    return { name: top, entries: files.map((file, i) => ({ path: paths[i], file })) };
  }
  return readPickedFiles([...dt.files]);
}
