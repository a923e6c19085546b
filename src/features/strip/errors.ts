/** Maps strip/store errors to the user's language. */
import { t } from '../../app/i18n';
import { StripError } from '../../bridge/image';
import { StorageFullError } from '../../store/db';

export function errorMessage(e: unknown, name = ''): string {
  if (e instanceof StripError) return t(`strip.error.${e.code}`, { name });
  if (e instanceof StorageFullError) return t('strip.error.storage-full');
  const message = e instanceof Error ? e.message : String(e);
  return t('strip.error.other', { message: name ? `${name}: ${message}` : message });
}
