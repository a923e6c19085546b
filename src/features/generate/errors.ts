/** Turns the Generate feature's errors (some crossing from the worker by name) into UI text. */
import { t } from '../../app/i18n';
import { InitError } from './init-source';
import { ConfigProblem, FolderProblem, ZipProblem } from './model-state';
import type { BoundsProblem } from '../../../workers/diffusion/validate';
import { workerErrorOf } from '../../core/errors/worker-error';
import { StoryError } from './story-runner';
import { BoardError } from './story-board';

export function errorText(e: unknown): string {
  if (e instanceof StoryError || e instanceof BoardError) return t(e.key, e.params);
  if (e instanceof InitError) return t(e.key);
  if (e instanceof FolderProblem) return t('generate.error.missing', { files: e.missing.join(', ') });
  if (e instanceof ConfigProblem) return boundsText(e.problems);
  if (e instanceof ZipProblem) return t('generate.error.zip', { reason: e.text });
  const err = e as { name?: string; message?: string } | undefined;
  const coded = workerErrorOf(e);
  if (coded?.code === 'diffusion.config-bounds' && Array.isArray(coded.params.problems) && coded.params.problems.length)
    return boundsText(coded.params.problems as BoundsProblem[]);
  // The worker reads an imported folder from the store itself (workers/models/stored-model.ts).
  if (coded?.code === 'model.stored.missing') return t('generate.error.stored.missing');
  if (coded?.code === 'model.stored.file') return t('generate.error.stored.file', { file: String(coded.params.file) });
  if (err?.name === 'ModelFolderError' || err?.name === 'MissingFileError')
    return t('generate.error.folder', { reason: err.message ?? '' });
  if (err?.name === 'ImageDecodeError') return t('generate.error.decode');
  if (err?.name === 'StorageFullError') return t('generate.error.full');
  if (err?.name === 'GpuLostError') return t('generate.error.gpuLost', { reason: err.message ?? '' });
  return err?.message ?? String(e);
}

/** Config numbers out of bounds, one translated clause each ('model' = the value the loader resolved). */
function boundsText(problems: BoundsProblem[]): string {
  return problems
    .map((p) =>
      t('generate.error.bounds', {
        what: t(`generate.bound.${p.code}`),
        value: p.value,
        source: p.source,
        min: p.min,
        max: p.max,
      }),
    )
    .join('; ');
}
