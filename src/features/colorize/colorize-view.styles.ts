import { css } from 'lit';
import { controlFont } from '../../app/control-font.styles';

export const colorizeViewStyles = [
  controlFont,
  css`
  :host { display: block; max-width: 1100px; margin: 0 auto; padding: 1rem; }
  h2 { font-size: 1.2rem; }
  h3 { font-size: 1rem; margin: 0.5rem 0; }
  button, select, input { font: inherit; }
  .zone { border: 2px dashed #888; border-radius: 8px; padding: 0.75rem; text-align: center; color: #333; }
  .zone.over { background: #eef3ff; border-color: #4a6cf7; }
  .zone small { display: block; color: #555; margin-top: 0.25rem; }
  .file-button { position: relative; }
  .file-button input { position: absolute; opacity: 0; width: 1px; height: 1px; }
  .file-button span { text-decoration: underline; cursor: pointer; }
  .file-button:focus-within span { outline: 3px solid #4a6cf7; }
  .layout { display: grid; grid-template-columns: 9rem minmax(0, 1fr) 16rem; gap: 1rem; margin-top: 1rem; align-items: start; }
  @media (max-width: 900px) { .layout { grid-template-columns: minmax(0, 1fr); } }
  ul.thumbs { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 0.4rem; max-height: 75vh; overflow: auto; }
  ul.thumbs button { display: block; width: 100%; padding: 2px; border: 2px solid transparent; background: #fff; border-radius: 4px; cursor: pointer; text-align: left; }
  ul.thumbs button[aria-current='true'] { border-color: #4a6cf7; }
  ul.thumbs img { display: block; width: 100%; max-height: 8rem; object-fit: contain; background: #eee; }
  ul.thumbs .tag { font-size: 0.75rem; color: #0a6b2b; }
  .toolbar { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin-bottom: 0.5rem; }
  .toolbar label { display: inline-flex; gap: 0.25rem; align-items: center; font-size: 0.9rem; }
  .status { font-size: 0.85rem; color: #444; margin-top: 0.4rem; }
  .tool-help { font-size: 0.85rem; color: #444; margin: 0.2rem 0 0.4rem; }
  .empty { color: #555; }
  .warn { font-size: 0.85rem; color: #7a4b00; background: #fff6e0; border-left: 3px solid #d99a00; padding: 0.3rem 0.5rem; margin: 0.3rem 0; }
  .recent { display: inline-flex; flex-wrap: wrap; gap: 2px; align-items: center; }
  .recent-swatch { width: 1.4rem; height: 1.4rem; padding: 1px; border: 1px solid #666; border-radius: 3px; background: #fff; cursor: pointer; }
  .recent-swatch[aria-pressed='true'] { outline: 2px solid #4a6cf7; outline-offset: 1px; }
  .recent-fill { display: block; width: 100%; height: 100%; border-radius: 2px; }
  output { min-width: 3.5rem; font-variant-numeric: tabular-nums; }
`,
];
