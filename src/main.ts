// Entry point: the app shell element, global error reporting, and the service worker.
import './app/app.component';
import { notify } from './app/notifier';
import { t } from './app/i18n';
import { isAbortError } from './app/progress';
import { registerServiceWorker } from './app/pwa';
import { startLaunchQueue } from './app/launch-files';
import { storeErrorMessage } from './app/store-errors';
import { watchChunkErrors } from './app/chunk-reload';
import { watchInstallPrompt } from './app/install';
import { cleanStagedModels } from './store/models';

// Anything that escapes a feature still reaches the user through the one notifier.
window.addEventListener('unhandledrejection', (e) => {
  if (isAbortError(e.reason)) return;
  // A store failure (full quota, a record gone in another tab) has its own translated message.
  const store = storeErrorMessage(e.reason);
  if (store) return void notify({ kind: 'error', message: store });
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
watchChunkErrors();
// A model import that never finished (tab closed or killed) leaves a staged record: delete it.
void cleanStagedModels().catch(() => undefined);
