/**
 * Colorize's Ctrl+Z / Ctrl+Shift+Z (src/app/undo-keys.ts): ignored only while a
 * text-editing field has the key; a checkbox, radio, range slider, colour picker, button or select
 * leaves the view's undo working.
 */
import { describe, it, expect } from 'vitest';
import { isTextEditing, undoKeys, type KeyTarget } from '../../src/app/undo-keys';

const input = (type?: string, readOnly = false): KeyTarget => ({ tagName: 'INPUT', type, readOnly });

function press(
  target: KeyTarget | undefined,
  mods: { ctrl?: boolean; meta?: boolean; shift?: boolean; key?: string },
  hidden = false,
) {
  const calls: string[] = [];
  let prevented = false;
  const handler = undoKeys({ hidden, undo: () => calls.push('undo'), redo: () => calls.push('redo') });
  handler({
    ctrlKey: !!mods.ctrl,
    metaKey: !!mods.meta,
    shiftKey: !!mods.shift,
    key: mods.key ?? 'z',
    preventDefault: () => (prevented = true),
    composedPath: () => (target ? [target as unknown as EventTarget] : []),
  });
  return { calls, prevented };
}

describe('isTextEditing', () => {
  it('is true for text-like inputs, textarea and contenteditable', () => {
    for (const type of ['text', 'search', 'url', 'tel', 'email', 'password', 'number', 'date', 'time', 'TEXT'])
      expect(isTextEditing(input(type)), type).toBe(true);
    expect(isTextEditing(input(undefined)), 'input without a type').toBe(true);
    expect(isTextEditing(input(''))).toBe(true);
    expect(isTextEditing({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTextEditing({ tagName: 'DIV', isContentEditable: true })).toBe(true);
  });

  it('is false for checkbox, radio, range, color, file, buttons, select and plain elements', () => {
    for (const type of ['checkbox', 'radio', 'range', 'color', 'file', 'button', 'submit', 'reset'])
      expect(isTextEditing(input(type)), type).toBe(false);
    for (const tagName of ['SELECT', 'BUTTON', 'CANVAS', 'DIV', 'BODY'])
      expect(isTextEditing({ tagName }), tagName).toBe(false);
    expect(isTextEditing(undefined)).toBe(false);
    expect(isTextEditing(null)).toBe(false);
  });

  it('is false for read-only text fields (no text undo there)', () => {
    expect(isTextEditing(input('text', true))).toBe(false);
    expect(isTextEditing({ tagName: 'TEXTAREA', readOnly: true })).toBe(false);
  });
});

describe('undoKeys', () => {
  it('undoes after the gap slider or a checkbox had the key, and redoes with Shift', () => {
    expect(press(input('range'), { ctrl: true })).toEqual({ calls: ['undo'], prevented: true });
    expect(press(input('checkbox'), { meta: true })).toEqual({ calls: ['undo'], prevented: true });
    expect(press(input('radio'), { ctrl: true, shift: true, key: 'Z' })).toEqual({ calls: ['redo'], prevented: true });
    expect(press({ tagName: 'BUTTON' }, { ctrl: true })).toEqual({ calls: ['undo'], prevented: true });
    expect(press({ tagName: 'SELECT' }, { ctrl: true })).toEqual({ calls: ['undo'], prevented: true });
    expect(press(undefined, { ctrl: true })).toEqual({ calls: ['undo'], prevented: true });
  });

  it("leaves a text field's own undo alone", () => {
    expect(press(input('text'), { ctrl: true })).toEqual({ calls: [], prevented: false });
    expect(press(input('number'), { ctrl: true, shift: true })).toEqual({ calls: [], prevented: false });
    expect(press({ tagName: 'TEXTAREA' }, { meta: true })).toEqual({ calls: [], prevented: false });
    expect(press({ tagName: 'P', isContentEditable: true }, { ctrl: true })).toEqual({ calls: [], prevented: false });
  });

  it('does nothing without Ctrl/⌘, for other keys, or while the view is hidden', () => {
    expect(press(input('range'), {})).toEqual({ calls: [], prevented: false });
    expect(press(input('range'), { ctrl: true, key: 'y' })).toEqual({ calls: [], prevented: false });
    expect(press(input('range'), { ctrl: true }, true)).toEqual({ calls: [], prevented: false });
  });
});
