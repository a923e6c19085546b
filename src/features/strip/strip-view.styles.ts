import { css } from 'lit';

export const stripViewStyles = css`
  :host { display: block; max-width: 960px; margin: 0 auto; padding: 1rem; }
  h2 { font-size: 1.2rem; }
  .project { display: flex; gap: 0.5rem; align-items: end; flex-wrap: wrap; margin-bottom: 1rem; }
  .project label { display: flex; flex-direction: column; font-size: 0.9rem; }
  .bar { display: flex; gap: 0.5rem; flex-wrap: wrap; margin: 1rem 0; align-items: center; }
  button, select, input { font: inherit; }
  .file-button { position: relative; }
  .file-button input { position: absolute; opacity: 0; width: 1px; height: 1px; }
  .file-button span { display: inline-block; padding: 1px 6px; border: 1px solid #767676; border-radius: 3px; background: #efefef; cursor: pointer; }
  .file-button:focus-within span { outline: 3px solid var(--accent, #4a6cf7); }
  .empty { color: #555; }
  .undo { background: #fff8e1; border: 1px solid #f0c36d; padding: 0.4rem 0.75rem; border-radius: 6px; }
`;
