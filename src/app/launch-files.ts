/**
 * Files opened with the installed app (manifest `file_handlers` → `window.launchQueue`).
 * The shell starts listening at boot and buffers files until a feature subscribes:
 *
 *   onLaunchFiles((files) => importFiles(files));   // e.g. the strip view's import
 *
 * Each launch delivers its File objects once, to every current subscriber; files that arrived
 * before any subscriber are handed to the first one.
 *
 * Early drops: until a feature subscribes (cold start: the view's code and the project are still
 * loading), image files dropped anywhere on the page are queued the same way instead of being
 * lost (or opened by the browser in place of the app). Once a subscriber exists, a drop that no
 * drop zone took is only kept from replacing the app (a zone calls preventDefault on its drop).
 */
type Listener = (files: File[]) => void;

interface LaunchParams {
  files: readonly FileSystemFileHandle[];
}
interface LaunchQueue {
  setConsumer(cb: (params: LaunchParams) => void): void;
}

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

const IMAGE = /^image\/(png|jpeg|webp)$|\.(png|jpe?g|webp)$/i;

function carriesFiles(e: DragEvent): boolean {
  return !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');
}

/** Queues image files dropped before any feature listens (see the top). */
export function queueEarlyDrops(target: Pick<Window, 'addEventListener'> = window): void {
  target.addEventListener('dragover', (e: DragEvent) => {
    if (!e.defaultPrevented && carriesFiles(e)) e.preventDefault();
  });
  target.addEventListener('drop', (e: DragEvent) => {
    if (e.defaultPrevented || !carriesFiles(e)) return;
    e.preventDefault();
    if (listeners.size > 0) return;
    deliver([...(e.dataTransfer?.files ?? [])].filter((f) => IMAGE.test(f.type) || IMAGE.test(f.name)));
  });
}

export function startLaunchQueue(): void {
  queueEarlyDrops();
  const queue = (window as Window & { launchQueue?: LaunchQueue }).launchQueue;
  queue?.setConsumer(async (params) => {
    const files = await Promise.all(params.files.map((h) => h.getFile()));
    deliver(files);
  });
}
