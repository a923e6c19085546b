/**
 * Old code after an update: a tab opened before a new build was activated still asks for the
 * previous build's lazy chunks, which the new service worker and the server no longer have
 * (404). Such a failed lazy import is recognised here and answered with one translated notice
 * with a Reload action (the reload gets the new build), instead of a raw "Failed to fetch
 * dynamically imported module …".
 *
 * - `isChunkLoadError(e)`: Chromium, Firefox and Safari wordings of a failed `import()`, and
 *   Vite's preload failure.
 * - `offerReload()`: shows the notice once per page.
 * - `watchChunkErrors()`: also catches Vite's `vite:preloadError` (lazy imports anywhere).
 */
import { registerMessages, t } from './i18n';
import { notify } from './notifier';

registerMessages({
  en: {
    'app.staleBuild':
      'Toonsmith was updated while this tab was open: part of the app could not be loaded. Reload to use the new version (your work is saved).',
  },
  ko: {
    'app.staleBuild':
      '이 탭이 열려 있는 동안 Toonsmith가 업데이트되어 앱 일부를 불러오지 못했습니다. 새로고침하면 새 버전을 씁니다(작업은 저장되어 있습니다).',
  },
});

const CHUNK_FAILURE =
  /Failed to fetch dynamically imported module|error loading dynamically imported module|Importing a module script failed|Unable to preload CSS|Failed to load module script/i;

export function isChunkLoadError(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const { message, name } = e as { message?: unknown; name?: unknown };
  return (typeof message === 'string' && CHUNK_FAILURE.test(message)) || name === 'ChunkLoadError';
}

let offered = false;

/** One notice with a Reload action (further failures on this page add nothing). */
export function offerReload(reload: () => void = () => location.reload()): void {
  if (offered) return;
  offered = true;
  notify({
    kind: 'error',
    message: t('app.staleBuild'),
    timeoutMs: 0,
    action: { label: t('app.reload'), run: reload },
  });
}

/** Offers the reload for a lazy import that failed anywhere (Vite's preload helper reports it). */
export function watchChunkErrors(target: Pick<Window, 'addEventListener'> = window): void {
  target.addEventListener('vite:preloadError', () => offerReload());
}
