import { css } from 'lit';

/**
 * Form controls take the page's font family (app.styles.ts) instead of the browser's control font,
 * so their Korean text falls back to the shipped Hangul face (public/app.css) like the rest of the
 * page on a machine without a Korean system font. Size stays the control's own.
 * A disabled button looks disabled (faded, no pointer) whatever colours the view gives buttons:
 * `button:disabled` outranks a view's plain `button { … cursor: pointer }`.
 */
export const controlFont = css`
  button, input, select, textarea { font-family: inherit; }
  button:disabled { opacity: 0.55; cursor: default; }
`;
