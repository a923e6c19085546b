/**
 * Long work with visible progress and a Cancel button.
 *
 *   const result = await runTask(t('strip.importing'), async (signal, report) => {
 *     report(0.5, '3 / 6');              // fraction 0..1 (undefined = indeterminate), detail text
 *     return bridge.run(signal, api => api.work(...));
 *   });
 *
 * - Cancel aborts `signal`; the task's promise then rejects with an AbortError (name 'AbortError').
 * - Errors other than cancellation are shown by the notifier (unless `notifyErrors: false`) and
 *   re-thrown, so callers may also react. Cancellation shows an info notice "Cancelled".
 * - <toon-progress> (progress.component.ts) renders every running task (role="progressbar").
 */
import { notify } from './notifier';
import { t } from './i18n';
import { storeErrorMessage } from './store-errors';

export type Report = (fraction: number | undefined, detail?: string) => void;

/** A task's name: a function (`() => t('key')`) is read again when the language changes. */
export type TaskLabel = string | (() => string);

export function labelText(label: TaskLabel): string {
  return typeof label === 'function' ? label() : label;
}

export interface TaskState {
  id: number;
  label: TaskLabel;
  fraction: number | undefined;
  detail: string;
  cancel: () => void;
}

export interface RunTaskOptions {
  /** Show errors with the notifier (default true). */
  notifyErrors?: boolean;
  /** Outer signal (e.g. a view being closed) that also cancels the task. */
  signal?: AbortSignal;
}

let nextId = 1;
let tasks: TaskState[] = [];
const listeners = new Set<(list: readonly TaskState[]) => void>();

function emit(): void {
  for (const cb of listeners) cb(tasks);
}

export function isAbortError(e: unknown): boolean {
  return (
    (e instanceof Error || (typeof DOMException !== 'undefined' && e instanceof DOMException)) &&
    (e as Error).name === 'AbortError'
  );
}

export async function runTask<T>(
  label: TaskLabel,
  fn: (signal: AbortSignal, report: Report) => Promise<T>,
  opts: RunTaskOptions = {},
): Promise<T> {
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort();
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (opts.signal?.aborted) controller.abort();
  const id = nextId++;
  const state: TaskState = {
    id,
    label,
    fraction: undefined,
    detail: '',
    cancel: () => controller.abort(),
  };
  tasks = [...tasks, state];
  emit();
  const report: Report = (fraction, detail) => {
    const f = fraction === undefined ? undefined : Math.min(1, Math.max(0, fraction));
    tasks = tasks.map((s) => (s.id === id ? { ...s, fraction: f, detail: detail ?? s.detail } : s));
    emit();
  };
  try {
    const abortPromise = new Promise<never>((_, reject) => {
      const fail = () => reject(new DOMException(t('app.cancelled'), 'AbortError'));
      if (controller.signal.aborted) fail();
      controller.signal.addEventListener('abort', fail, { once: true });
    });
    // Resolve as soon as the user cancels, even if `fn` ignores the signal.
    return await Promise.race([fn(controller.signal, report), abortPromise]);
  } catch (e) {
    if (isAbortError(e) || controller.signal.aborted) {
      notify({ kind: 'info', message: t('app.cancelledTask', { label: labelText(label) }) });
      throw e instanceof Error || e instanceof DOMException ? e : new DOMException(t('app.cancelled'), 'AbortError');
    }
    if (opts.notifyErrors !== false) {
      const msg = storeErrorMessage(e) ?? (e instanceof Error ? e.message : String(e));
      notify({ kind: 'error', message: t('app.taskFailed', { label: labelText(label), message: msg }) });
    }
    throw e;
  } finally {
    opts.signal?.removeEventListener('abort', onOuterAbort);
    tasks = tasks.filter((s) => s.id !== id);
    emit();
  }
}

export function getTasks(): readonly TaskState[] {
  return tasks;
}

export function onTasks(cb: (list: readonly TaskState[]) => void): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}
