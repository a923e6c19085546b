/**
 * Service worker registration (workbox-window). The SW is workers/sw/sw.ts, built by
 * vite-plugin-pwa (injectManifest, see vite.config.ts): it precaches the shell, ORT's wasm and the
 * shipped models, and adds the CSP, frame protection and COOP/COEP to every response it serves, so
 * from the second load on the app is cross-origin isolated (WASM threads) even on a static host.
 *
 * - First install: "Ready to work offline." once (remembered in localStorage).
 * - A new build waiting: "An update is available." with a Reload action that activates it
 *   (skipWaiting message) and reloads when the new SW takes control.
 * Does nothing in the dev server or where service workers are unavailable.
 */
import { Workbox } from 'workbox-window';
import { notify } from './notifier';
import { t } from './i18n';

const READY_KEY = 'toonsmith.offlineReadyShown';

export interface PwaState {
  workbox: Workbox | undefined;
}

export function registerServiceWorker(): PwaState {
  if (import.meta.env.DEV || !('serviceWorker' in navigator)) return { workbox: undefined };
  const wb = new Workbox(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL });

  wb.addEventListener('installed', (event) => {
    if (event.isUpdate) return;
    let shown = false;
    try {
      shown = localStorage.getItem(READY_KEY) === '1';
      localStorage.setItem(READY_KEY, '1');
    } catch {
      /* ignore */
    }
    if (!shown) notify({ kind: 'success', message: t('app.offlineReady') });
  });

  wb.addEventListener('waiting', () => {
    notify({
      kind: 'info',
      message: t('app.updateAvailable'),
      timeoutMs: 0,
      action: {
        label: t('app.reload'),
        run: () => {
          wb.addEventListener('controlling', () => location.reload());
          wb.messageSkipWaiting();
        },
      },
    });
  });

  wb.register().catch((e: unknown) =>
    notify({ kind: 'error', message: t('app.swFailed', { message: e instanceof Error ? e.message : String(e) }) }),
  );
  return { workbox: wb };
}
