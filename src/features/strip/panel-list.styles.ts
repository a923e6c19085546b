import { css } from 'lit';

export const panelListStyles = css`
  :host { display: block; }
  ol { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 0.5rem; }
  li { display: flex; gap: 0.75rem; align-items: center; padding: 0.5rem; border: 1px solid #ddd; border-radius: 6px; background: #fff; }
  li:focus { outline: 3px solid var(--accent, #4a6cf7); outline-offset: 2px; }
  li.dragging { opacity: 0.5; }
  img { width: 96px; max-height: 160px; object-fit: contain; object-position: top; background: #f4f4f4; flex: none; }
  .meta { flex: 1; min-width: 0; overflow-wrap: anywhere; }
  .num { font-weight: bold; margin-right: 0.5rem; }
  .buttons { display: flex; gap: 0.25rem; flex-wrap: wrap; }
  button { font: inherit; }
  .hint { color: #555; font-size: 0.9rem; }
`;
