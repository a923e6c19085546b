import { css } from 'lit';

export const cutEditorStyles = css`
  :host { display: block; border: 2px solid var(--accent, #4a6cf7); border-radius: 8px; padding: 1rem; margin: 1rem 0; }
  h2 { margin: 0 0 0.5rem; font-size: 1.1rem; }
  .layout { display: flex; gap: 1rem; align-items: flex-start; flex-wrap: wrap; }
  .layout > * { min-width: 0; max-width: 100%; }
  .view.full { flex: 1 1 100%; }
  .zoom { display: flex; gap: 0.25rem; margin-bottom: 0.25rem; }
  .zoom button[aria-pressed='true'] { background: var(--accent, #4a6cf7); color: #fff; border: 1px solid var(--accent, #4a6cf7); border-radius: 3px; }
  .preview { max-height: 70vh; overflow: auto; border: 1px solid #ccc; cursor: crosshair; box-sizing: border-box; }
  .fit .preview { width: 180px; overflow-x: hidden; }
  .full .preview { width: 100%; }
  .frame { position: relative; }
  .fit .frame { width: 160px; }
  .full .frame { width: max-content; }
  .frame img { display: block; }
  .fit .frame img { width: 160px; }
  .full .frame img { width: auto; max-width: none; }
  .line { position: absolute; left: 0; right: 0; height: 0; border-top: 2px dashed #e53935; pointer-events: none; }
  ol { margin: 0; padding-left: 1.5rem; }
  li { margin: 0.25rem 0; }
  input[type='number'] { width: 7ch; }
  .row { display: flex; gap: 0.25rem; align-items: center; flex-wrap: wrap; }
  .actions { margin-top: 0.75rem; display: flex; gap: 0.5rem; flex-wrap: wrap; }
  button { font: inherit; }
  button.primary { background: var(--accent, #4a6cf7); color: #fff; border: none; border-radius: 4px; padding: 0.3rem 0.8rem; }
`;
