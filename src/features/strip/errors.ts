/** Maps strip/store errors to the user's language. */
import { t } from '../../app/i18n';
import { StripError } from '../../bridge/image';
import { storeErrorMessage } from '../../app/store-errors';

export function errorMessage(e: unknown, name = ''): string {
  if (e instanceof StripError) return t(`strip.error.${e.code}`, { name });
  const store = storeErrorMessage(e);
  if (store) return store;
  const message = e instanceof Error ? e.message : String(e);
  return t('strip.error.other', { message: name ? `${name}: ${message}` : message });
}
