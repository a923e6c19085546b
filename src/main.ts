// Entry point: the app shell element, global error reporting, and the service worker.
import './app/app.component';
import { notify } from './app/notifier';
import { t } from './app/i18n';
import { isAbortError } from './app/progress';
import { registerServiceWorker } from './app/pwa';
import { startLaunchQueue } from './app/launch-files';
import { watchInstallPrompt } from './app/install';

// Anything that escapes a feature still reaches the user through the one notifier.
window.addEventListener('unhandledrejection', (e) => {
  if (isAbortError(e.reason)) return;
  const message = e.reason instanceof Error ? e.reason.message : String(e.reason);
  notify({ kind: 'error', message: t('app.unexpectedError', { message }) });
});
window.addEventListener('error', (e) => {
  if (!e.message) return;
  notify({ kind: 'error', message: t('app.unexpectedError', { message: e.message }) });
});

watchInstallPrompt();
registerServiceWorker();
startLaunchQueue();
