/**
 * The one notifier: every user-facing error, warning and info message goes through `notify()`.
 * <toon-notifier> (notifier.component.ts) renders the list in an aria-live region; errors use
 * role="alert". Messages are already translated strings (call t() first).
 *
 * Info/success notices disappear after `timeoutMs` (default 6 s); errors stay until dismissed.
 * An optional action (e.g. "Reload") is rendered as a button.
 */
export type NoticeKind = 'error' | 'info' | 'success';

export interface NoticeAction {
  label: string;
  run: () => void;
}

export interface NoticeInput {
  kind: NoticeKind;
  message: string;
  action?: NoticeAction;
  /** 0 = stays until dismissed. Defaults: errors 0, others 6000 ms. */
  timeoutMs?: number;
}

export interface Notice extends NoticeInput {
  id: number;
  at: number;
}

let nextId = 1;
let notices: Notice[] = [];
const listeners = new Set<(list: readonly Notice[]) => void>();

function emit(): void {
  for (const cb of listeners) cb(notices);
}

export function notify(input: NoticeInput): number {
  const notice: Notice = { ...input, id: nextId++, at: Date.now() };
  notices = [...notices, notice].slice(-8);
  emit();
  const timeout = input.timeoutMs ?? (input.kind === 'error' ? 0 : 6000);
  if (timeout > 0) setTimeout(() => dismiss(notice.id), timeout);
  return notice.id;
}

/** Reports a caught error; an Error's message is shown as is (translate before throwing). */
export function notifyError(error: unknown, fallbackMessage?: string): number {
  const message = error instanceof Error && error.message ? error.message : (fallbackMessage ?? String(error));
  return notify({ kind: 'error', message });
}

export function dismiss(id: number): void {
  const before = notices.length;
  notices = notices.filter((n) => n.id !== id);
  if (notices.length !== before) emit();
}

export function getNotices(): readonly Notice[] {
  return notices;
}

export function onNotices(cb: (list: readonly Notice[]) => void): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}
