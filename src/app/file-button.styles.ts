import { css } from 'lit';

/**
 * A file picker as a button in the page's language: the native input (whose "Choose Files / No file
 * chosen" Chromium writes in the browser's language, not the app's) is kept for keyboard and
 * assistive tech but visually hidden; `span.face` is what a person sees and clicks (inside the
 * label, so a click opens the picker). Focus shows on the face. Markup:
 * `<label class="file-button">Label <span class="face">${t('app.chooseFiles')}</span><input type="file" …/></label>`.
 */
export const fileButtonStyles = css`
  .file-button { position: relative; display: inline-flex; align-items: center; gap: 0.35em; }
  .file-button input[type='file'] { position: absolute; opacity: 0; width: 1px; height: 1px; overflow: hidden; }
  .file-button .face { display: inline-block; padding: 1px 8px; border: 1px solid #767676; border-radius: 3px;
    background: #efefef; color: #111827; cursor: pointer; }
  .file-button:focus-within .face { outline: 3px solid var(--accent, #4a6cf7); }
  .file-button:has(input:disabled) .face { opacity: 0.55; cursor: default; }
  .file-button .chosen { color: #4b5563; }
`;
