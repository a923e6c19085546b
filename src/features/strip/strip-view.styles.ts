import { css } from 'lit';
import { fileButtonStyles } from '../../app/file-button.styles';
import { controlFont } from '../../app/control-font.styles';

export const stripViewStyles = [
  controlFont,
  fileButtonStyles,
  css`
  :host { display: block; max-width: 960px; margin: 0 auto; padding: 1rem; }
  h2 { font-size: 1.2rem; }
  .project { display: flex; gap: 0.5rem; align-items: end; flex-wrap: wrap; margin-bottom: 1rem; }
  .project label { display: flex; flex-direction: column; font-size: 0.9rem; }
  .bar { display: flex; gap: 0.5rem; flex-wrap: wrap; margin: 1rem 0; align-items: center; }
  button, select, input { font: inherit; }
  .empty { color: #555; }
  .undo { background: #fff8e1; border: 1px solid #f0c36d; padding: 0.4rem 0.75rem; border-radius: 6px; }
`,
];
