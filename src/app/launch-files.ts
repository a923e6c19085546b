/**
 * Files opened with the installed app (manifest `file_handlers` → `window.launchQueue`).
 * The shell starts listening at boot and buffers files until a feature subscribes:
 *
 *   onLaunchFiles((files) => importFiles(files));   // e.g. the strip view's import
 *
 * Each launch delivers its File objects once, to every current subscriber; files that arrived
 * before any subscriber are handed to the first one.
 */
type Listener = (files: File[]) => void;

interface LaunchParams { files: readonly FileSystemFileHandle[] }
interface LaunchQueue { setConsumer(cb: (params: LaunchParams) => void): void }

const listeners = new Set<Listener>();
let pending: File[] = [];

export function onLaunchFiles(cb: Listener): () => void {
  listeners.add(cb);
  if (pending.length) {
    const files = pending;
    pending = [];
    cb(files);
  }
  return () => listeners.delete(cb);
}

function deliver(files: File[]): void {
  if (files.length === 0) return;
  if (listeners.size === 0) pending = [...pending, ...files];
  else for (const cb of listeners) cb(files);
}

export function startLaunchQueue(): void {
  const queue = (window as Window & { launchQueue?: LaunchQueue }).launchQueue;
  queue?.setConsumer(async (params) => {
    const files = await Promise.all(params.files.map((h) => h.getFile()));
    deliver(files);
  });
}
