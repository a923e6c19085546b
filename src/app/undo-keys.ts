/**
 * Ctrl/⌘+Z undoes and Ctrl/⌘+Shift+Z redoes in a view (Colorize's hints, Strip's cut editor,
 * Generate's storyboard), listened for on the window so it works wherever the focus is on the
 * page (a click on a picture leaves it on the page), except while the view is hidden or the key
 * goes to a text-editing field, whose own text undo it is.
 *
 * Text-editing targets: <textarea>, contenteditable elements and <input>s whose type edits text
 * (text, search, url, tel, email, password, number and the date/time kinds), unless read-only.
 * Checkboxes, radios, range sliders, colour pickers, buttons and <select>s have no text undo of
 * their own, so the view's undo works right after one was used (a person changes the gap slider
 * or a checkbox, then presses Ctrl+Z).
 */

/** What the key handler reads of an element (a DOM element fits; tests pass plain objects). */
export interface KeyTarget {
  readonly tagName?: string;
  readonly type?: string;
  readonly readOnly?: boolean;
  readonly isContentEditable?: boolean;
}

const TEXT_INPUT_TYPES = new Set([
  'text',
  'search',
  'url',
  'tel',
  'email',
  'password',
  'number',
  'date',
  'datetime-local',
  'month',
  'time',
  'week',
]);

/** Whether a key press at `target` edits text (and so belongs to the field's own undo). */
export function isTextEditing(target: KeyTarget | null | undefined): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName?.toUpperCase();
  if (tag === 'TEXTAREA') return !target.readOnly;
  if (tag !== 'INPUT') return false;
  // An <input> without a (known) type is a text field.
  const type = (target.type ?? 'text').toLowerCase() || 'text';
  return TEXT_INPUT_TYPES.has(type) && !target.readOnly;
}

/** The keyboard event fields the handler uses. */
type UndoKeyEvent = Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'shiftKey' | 'key' | 'preventDefault' | 'composedPath'>;

export function undoKeys(host: { readonly hidden: boolean; undo(): void; redo(): void }): (e: UndoKeyEvent) => void {
  return (e) => {
    if (host.hidden || !(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 'z') return;
    if (isTextEditing(e.composedPath()[0] as KeyTarget | undefined)) return;
    e.preventDefault();
    if (e.shiftKey) host.redo();
    else host.undo();
  };
}
