/**
 * Store failures in the user's language, for every feature: a full quota (`StorageFullError`)
 * and a record that is gone (`MissingRecordError`: deleted in another tab or window). Feature
 * error mappers call `storeErrorMessage(e)` first; the task runner and the global handlers use it
 * too, so no store failure reaches the user as an English message or a raw id.
 * Errors are recognised by name as well as by class (they may cross a worker boundary).
 */
import { registerMessages, t } from './i18n';

registerMessages({
  en: {
    'store.full':
      'Storage is full: nothing was saved. Free some space (delete panels, projects, references or imported models) and try again.',
    'store.missing.panel':
      'That panel is no longer in this project (it was changed in another tab or window). The list is now up to date.',
    'store.missing.project': 'That project no longer exists (it was changed in another tab or window).',
    'store.missing.reference':
      'That reference is no longer in the library (it was changed in another tab or window). The list is now up to date.',
    'store.missing.model': 'That model is no longer stored (it was changed in another tab or window).',
    'store.missing.palette': 'That palette no longer exists (it was changed in another tab or window).',
  },
  ko: {
    'store.full':
      '저장 공간이 가득 찼습니다. 아무것도 저장되지 않았습니다. 컷, 프로젝트, 참고 자료나 가져온 모델을 지워 공간을 확보한 뒤 다시 시도하세요.',
    'store.missing.panel':
      '이 컷은 더 이상 프로젝트에 없습니다(다른 탭이나 창에서 바뀌었습니다). 목록을 최신 상태로 고쳤습니다.',
    'store.missing.project': '이 프로젝트는 더 이상 없습니다(다른 탭이나 창에서 바뀌었습니다).',
    'store.missing.reference':
      '이 참고 자료는 더 이상 라이브러리에 없습니다(다른 탭이나 창에서 바뀌었습니다). 목록을 최신 상태로 고쳤습니다.',
    'store.missing.model': '이 모델은 더 이상 저장되어 있지 않습니다(다른 탭이나 창에서 바뀌었습니다).',
    'store.missing.palette': '이 팔레트는 더 이상 없습니다(다른 탭이나 창에서 바뀌었습니다).',
  },
});

const KINDS = new Set(['panel', 'project', 'reference', 'model', 'palette']);

function named(e: unknown, name: string): e is Error & Record<string, unknown> {
  return !!e && typeof e === 'object' && (e as { name?: unknown }).name === name;
}

/** Quota errors anywhere in a cause chain (a DOMException named QuotaExceededError, or ours). */
export function isStorageFull(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 4) return false;
  if (named(e, 'StorageFullError') || named(e, 'QuotaExceededError')) return true;
  return isStorageFull((e as { cause?: unknown }).cause, depth + 1);
}

/** The translated message for a store failure, or undefined when `e` is something else. */
export function storeErrorMessage(e: unknown): string | undefined {
  if (isStorageFull(e)) return t('store.full');
  if (named(e, 'MissingRecordError')) {
    // `kind` does not survive a worker boundary; the message ("No reference …") still names it.
    const kind = (e as { kind?: unknown }).kind ?? /^No (\w+) /.exec(String(e.message))?.[1];
    return t(`store.missing.${typeof kind === 'string' && KINDS.has(kind) ? kind : 'panel'}`);
  }
  return undefined;
}

/** True for a write about a record that is gone (the view should reload its list). */
export function isMissingRecord(e: unknown): boolean {
  return named(e, 'MissingRecordError');
}
