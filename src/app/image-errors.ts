/**
 * Image input failures in the user's language, for every feature that takes pictures in (Strip,
 * Colorize, backups): the image worker's typed `StripError` codes (src/bridge/image.ts) and store
 * failures (store-errors.ts), so a refused file reads the same wherever it was dropped. The
 * limits stated here are those of src/core/strip/limits.ts (`{min}` is `LIMITS.minSide`).
 */
import { StripError } from '../bridge/image';
import { registerMessages, t } from './i18n';
import { storeErrorMessage } from './store-errors';
import { LIMITS } from '../core/strip/limits';

registerMessages({
  en: {
    'image.error.empty': '{name}: the file is empty (0 bytes).',
    'image.error.not-image': '{name}: not a PNG, JPEG or WebP image.',
    'image.error.corrupt': '{name}: the image is damaged or incomplete and cannot be read.',
    'image.error.too-large':
      '{name}: the image is too large (limits: 100 MB, 16,384 px wide, 32,000 px tall, 120 megapixels).',
    'image.error.too-small':
      '{name}: the image is too small to be a panel (each side must be at least {min} px). It was not imported.',
    'image.error.backup-foreign': '{name}: this is not a Toonsmith backup. Nothing was changed.',
    'image.error.backup-damaged': '{name}: this backup is damaged and cannot be imported. Nothing was changed.',
    'image.error.backup-version': '{name}: this backup was made by a newer Toonsmith. Nothing was changed.',
    'image.error.backup-bad-image':
      '{name}: this backup holds a file that is not a valid PNG, JPEG or WebP image within the limits (16,384 px wide, 32,000 px tall, 120 megapixels), so it was not restored. Nothing was changed.',
    'image.error.backup-too-large':
      '{name}: this backup is larger than Toonsmith restores (at most 65,535 files, 100 MB per image, 2 GB in all), so nothing was unpacked. Nothing was changed.',
    'image.error.storage-full':
      'Storage is full: nothing was saved. Free some space (delete panels or projects) and try again.',
    'image.error.other': 'Something went wrong: {message}',
    'image.repeated':
      '{names}: a panel with the same file name and size is already in this project. It was added again; delete the copy if that was a mistake.',
  },
  ko: {
    'image.error.empty': '{name}: 빈 파일입니다(0바이트).',
    'image.error.not-image': '{name}: PNG, JPEG, WebP 이미지가 아닙니다.',
    'image.error.corrupt': '{name}: 이미지가 손상되었거나 불완전해서 읽을 수 없습니다.',
    'image.error.too-large': '{name}: 이미지가 너무 큽니다(한도: 100MB, 가로 16,384px, 세로 32,000px, 1억 2천만 화소).',
    'image.error.too-small':
      '{name}: 이미지가 너무 작아 컷으로 쓸 수 없습니다(가로·세로 모두 {min}px 이상이어야 합니다). 가져오지 않았습니다.',
    'image.error.backup-foreign': '{name}: Toonsmith 백업 파일이 아닙니다. 아무것도 바뀌지 않았습니다.',
    'image.error.backup-damaged': '{name}: 백업 파일이 손상되어 가져올 수 없습니다. 아무것도 바뀌지 않았습니다.',
    'image.error.backup-version': '{name}: 더 새로운 버전의 Toonsmith로 만든 백업입니다. 아무것도 바뀌지 않았습니다.',
    'image.error.backup-bad-image':
      '{name}: 백업에 올바른 PNG, JPEG, WebP 이미지가 아니거나 한도(가로 16,384px, 세로 32,000px, 1억 2천만 화소)를 넘는 파일이 있어 복원하지 않았습니다. 아무것도 바뀌지 않았습니다.',
    'image.error.backup-too-large':
      '{name}: 백업이 Toonsmith가 복원할 수 있는 크기(파일 65,535개, 이미지당 100MB, 전체 2GB)를 넘어 풀지 않았습니다. 아무것도 바뀌지 않았습니다.',
    'image.error.storage-full':
      '저장 공간이 가득 찼습니다. 아무것도 저장되지 않았습니다. 컷이나 프로젝트를 지워 공간을 확보한 뒤 다시 시도하세요.',
    'image.error.other': '문제가 발생했습니다: {message}',
    'image.repeated':
      '{names}: 파일 이름과 크기가 같은 컷이 이미 이 프로젝트에 있습니다. 한 번 더 추가했으니, 실수였다면 복사본을 지우세요.',
  },
});

/** The notice for files added again (`ImportOutcome.repeated`, src/services/panel-import.ts). */
export function repeatedMessage(names: readonly string[]): string {
  return t('image.repeated', { names: names.join(', ') });
}

/** `e` as a translated sentence naming the file (`name`) it is about. */
export function imageErrorMessage(e: unknown, name = ''): string {
  if (e instanceof StripError) return t(`image.error.${e.code}`, { name, min: LIMITS.minSide });
  const store = storeErrorMessage(e);
  if (store) return store;
  const message = e instanceof Error ? e.message : String(e);
  return t('image.error.other', { message: name ? `${name}: ${message}` : message });
}
