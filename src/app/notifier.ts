/**
 * The one notifier: every user-facing error, warning and info message goes through `notify()`.
 * <toon-notifier> (notifier.component.ts) renders the list in an aria-live region; errors use
 * role="alert".
 *
 * - A message is a translated string or, better, a function that translates it
 *   (`message: () => t('key', params)`): a function is called again on every render, so the
 *   notice follows a language switch. A plain string stays as it was written.
 * - The same message again (same kind, same text, no action) is merged into the notice already
 *   shown: its `count` goes up, it moves to the newest place and its timeout starts again.
 * - Info/success notices disappear after `timeoutMs` (default 6 s); errors stay until dismissed.
 * - At most `MAX_KEPT` notices are kept (the newest); the component shows the newest
 *   `MAX_SHOWN` and folds the rest behind an "earlier messages" button.
 * - An optional action (e.g. "Reload") is rendered as a button; notices with an action are never
 *   merged (each action is its own closure).
 */
export type NoticeKind = 'error' | 'info' | 'success';

/** A translated string, or a function that translates it in the current locale. */
export type NoticeText = string | (() => string);

export interface NoticeAction {
  label: NoticeText;
  run: () => void;
}

export interface NoticeInput {
  kind: NoticeKind;
  message: NoticeText;
  action?: NoticeAction;
  /** 0 = stays until dismissed. Defaults: errors 0, others 6000 ms. */
  timeoutMs?: number;
}

export interface Notice extends NoticeInput {
  id: number;
  at: number;
  /** How many times this message was notified (merged repeats). */
  count: number;
}

/** Notices kept (the newest); older ones are dropped. */
export const MAX_KEPT = 8;
/** Notices on screen at once (the newest); the rest are folded. */
export const MAX_SHOWN = 3;

let nextId = 1;
let notices: Notice[] = [];
const timers = new Map<number, ReturnType<typeof setTimeout>>();
const listeners = new Set<(list: readonly Notice[]) => void>();

function emit(): void {
  for (const cb of listeners) cb(notices);
}

/** The text of a message in the current locale. */
export function textOf(text: NoticeText): string {
  return typeof text === 'function' ? text() : text;
}

function arm(notice: Notice): void {
  clearTimeout(timers.get(notice.id));
  timers.delete(notice.id);
  const timeout = notice.timeoutMs ?? (notice.kind === 'error' ? 0 : 6000);
  if (timeout > 0)
    timers.set(
      notice.id,
      setTimeout(() => dismiss(notice.id), timeout),
    );
}

export function notify(input: NoticeInput): number {
  const text = textOf(input.message);
  const same = input.action
    ? undefined
    : notices.find((n) => n.kind === input.kind && !n.action && textOf(n.message) === text);
  const notice: Notice = same
    ? { ...same, ...input, count: same.count + 1, at: Date.now() }
    : { ...input, id: nextId++, at: Date.now(), count: 1 };
  const kept = [...notices.filter((n) => n.id !== notice.id), notice];
  for (const old of kept.slice(0, -MAX_KEPT)) {
    clearTimeout(timers.get(old.id));
    timers.delete(old.id);
  }
  notices = kept.slice(-MAX_KEPT);
  arm(notice);
  emit();
  return notice.id;
}

/** Reports a caught error; an Error's message is shown as is (translate before throwing). */
export function notifyError(error: unknown, fallbackMessage?: string): number {
  const message = error instanceof Error && error.message ? error.message : (fallbackMessage ?? String(error));
  return notify({ kind: 'error', message });
}

export function dismiss(id: number): void {
  clearTimeout(timers.get(id));
  timers.delete(id);
  const before = notices.length;
  notices = notices.filter((n) => n.id !== id);
  if (notices.length !== before) emit();
}

/** Dismisses every notice (the "Close all" button). */
export function dismissAll(): void {
  for (const id of timers.values()) clearTimeout(id);
  timers.clear();
  if (!notices.length) return;
  notices = [];
  emit();
}

export function getNotices(): readonly Notice[] {
  return notices;
}

export function onNotices(cb: (list: readonly Notice[]) => void): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}
