/** Turns the Generate feature's errors (some crossing from the worker by name) into UI text. */
import { t } from '../../app/i18n';
import { InitError } from './init-source';
import { FolderProblem } from './model-state';
import { StoryError } from './story-runner';

export function errorText(e: unknown): string {
  if (e instanceof StoryError) return t(e.key, e.params);
  if (e instanceof InitError) return t(e.key);
  if (e instanceof FolderProblem) return t('generate.error.missing', { files: e.missing.join(', ') });
  const err = e as { name?: string; message?: string } | undefined;
  if (err?.name === 'ModelFolderError' || err?.name === 'MissingFileError') return t('generate.error.folder', { reason: err.message ?? '' });
  if (err?.name === 'ImageDecodeError') return t('generate.error.decode');
  if (err?.name === 'StorageFullError') return t('generate.error.full');
  if (err?.name === 'GpuLostError') return t('generate.error.gpuLost', { reason: err.message ?? '' });
  return err?.message ?? String(e);
}
