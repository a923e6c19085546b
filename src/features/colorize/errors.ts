/** User-facing text for colorize failures (translated); the rest of the app is unaffected by them. */
import { t } from '../../app/i18n';
import { ColorizeError } from '../../bridge/colorize';
import { storeErrorMessage } from '../../app/store-errors';

export function colorizeErrorMessage(e: unknown): string {
  const store = storeErrorMessage(e);
  if (store) return store;
  if (e instanceof ColorizeError) {
    // the size, in words and numbers of the UI's language (the worker's detail is English)
    if (e.code === 'too-large' && e.size) {
      const [w, h] = e.size;
      return t('colorize.err.too-large-size', { w, h, mp: Math.round((w * h) / 1e6), man: Math.round((w * h) / 1e4) });
    }
    return t(`colorize.err.${e.code}`, { detail: e.detail });
  }
  return t('colorize.err.other', { detail: e instanceof Error ? e.message : String(e) });
}
