/**
 * Install prompt: Chromium fires `beforeinstallprompt` when the app can be installed. We keep the
 * event (so the browser's mini-infobar does not take over) and let the shell show an "Install app"
 * button; `promptInstall()` shows the browser's own dialog. `appinstalled` hides the button.
 * Browsers without the event (Firefox, Safari) never show the button: they install from their menu.
 */
interface InstallPromptEvent extends Event {
  prompt(): Promise<void>;
  readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

let deferred: InstallPromptEvent | undefined;
const listeners = new Set<(available: boolean) => void>();

function emit(): void {
  for (const l of listeners) l(deferred !== undefined);
}

/** Starts listening (call once, early: the event can fire before the shell renders). */
export function watchInstallPrompt(): void {
  window.addEventListener('beforeinstallprompt', (e) => {
    e.preventDefault();
    deferred = e as InstallPromptEvent;
    emit();
  });
  window.addEventListener('appinstalled', () => {
    deferred = undefined;
    emit();
  });
}

export function canInstall(): boolean {
  return deferred !== undefined;
}

/** Calls `fn` whenever install becomes (un)available; returns the unsubscribe function. */
export function onInstallAvailable(fn: (available: boolean) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Shows the browser's install dialog; resolves with the user's choice. */
export async function promptInstall(): Promise<'accepted' | 'dismissed' | 'unavailable'> {
  const ev = deferred;
  if (!ev) return 'unavailable';
  deferred = undefined;
  emit();
  await ev.prompt();
  return (await ev.userChoice).outcome;
}
