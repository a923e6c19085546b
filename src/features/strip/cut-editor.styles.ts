import { css } from 'lit';

export const cutEditorStyles = css`
  :host { display: block; border: 2px solid var(--accent, #4a6cf7); border-radius: 8px; padding: 1rem; margin: 1rem 0; }
  h2 { margin: 0 0 0.5rem; font-size: 1.1rem; }
  .layout { display: flex; gap: 1rem; align-items: flex-start; flex-wrap: wrap; }
  .preview { position: relative; width: 160px; max-height: 70vh; overflow-y: auto; border: 1px solid #ccc; cursor: crosshair; }
  .preview img { display: block; width: 160px; }
  .line { position: absolute; left: 0; right: 0; height: 0; border-top: 2px dashed #e53935; pointer-events: none; }
  ol { margin: 0; padding-left: 1.5rem; }
  li { margin: 0.25rem 0; }
  input[type='number'] { width: 7ch; }
  .row { display: flex; gap: 0.25rem; align-items: center; flex-wrap: wrap; }
  .actions { margin-top: 0.75rem; display: flex; gap: 0.5rem; flex-wrap: wrap; }
  button { font: inherit; }
  button.primary { background: var(--accent, #4a6cf7); color: #fff; border: none; border-radius: 4px; padding: 0.3rem 0.8rem; }
`;
