import { css } from 'lit';

/**
 * Form controls take the page's font family (app.styles.ts) instead of the browser's control font,
 * so their Korean text falls back to the shipped Hangul face (public/app.css) like the rest of the
 * page on a machine without a Korean system font. Size stays the control's own.
 */
export const controlFont = css`
  button, input, select, textarea { font-family: inherit; }
`;
