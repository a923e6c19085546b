/** The References view's one way to turn an error into a translated message (ko/en). */
import { hasMessage, t } from '../../app/i18n';
import { workerErrorOf } from '../../core/errors/worker-error';
import { storeErrorMessage } from '../../app/store-errors';
import { LibraryError } from './library';

export function refsErrorMessage(e: unknown): string {
  if (e instanceof LibraryError) return t(e.key, e.params);
  const store = storeErrorMessage(e);
  if (store) return store;
  // The CLIP worker's errors arrive as codes (workers/runtime/errors.ts), never parsed from text.
  const coded = workerErrorOf(e);
  if (coded) {
    const p = coded.params as { file?: string; name?: string; tower?: string; got?: number; want?: number };
    if (coded.code === 'clip.dim')
      return t(`refs.error.dim.${p.tower === 'vision' ? 'vision' : 'text'}`, { got: p.got ?? 0, want: p.want ?? 0 });
    const key = `refs.error.${coded.code.replace(/^clip\./, '')}`;
    if (hasMessage(key)) return t(key, { file: p.file ?? '', name: p.name ?? '' });
  }
  return e instanceof Error ? e.message : String(e);
}
