/** Styles of <toon-references-view> (the view keeps state and rendering). */
import { css } from 'lit';
import { controlFont } from '../../app/control-font.styles';
import { fileButtonStyles } from '../../app/file-button.styles';

export const referencesViewStyles = [
  controlFont,
  fileButtonStyles,
  css`
  :host { display: block; max-width: 64rem; }
  h2 { margin: 0 0 .5rem; font-size: 1.5rem; }
  .zone { border: 2px dashed #9ca3af; border-radius: .5rem; padding: 1rem; margin: .75rem 0; }
  .zone.over { border-color: #4f46e5; background: #eef2ff; }
  .row { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .5rem 0; }
  input[type=search], input[type=text] { font: inherit; padding: .375rem .5rem; min-width: 18rem; }
  button { font: inherit; padding: .375rem .875rem; border-radius: .375rem; border: 1px solid #4f46e5;
    background: #4f46e5; color: #fff; cursor: pointer; }
  button.plain { background: #fff; color: #4f46e5; }
  button:focus-visible, input:focus-visible, select:focus-visible { outline: 2px solid #a5b4fc; outline-offset: 2px; }
  ol { list-style: none; padding: 0; display: grid; gap: .75rem; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); }
  h3.others { font-size: .95rem; font-weight: 600; color: #4b5563; margin: 1.25rem 0 .5rem; }
  li { border: 1px solid #e5e7eb; border-radius: .5rem; padding: .5rem; background: #fff; }
  img { width: 100%; height: 8rem; object-fit: contain; background: #f9fafb; }
  .meta { font-size: .8rem; color: #374151; margin: .25rem 0; overflow-wrap: anywhere; }
  .note { color: #92400e; }
  section.selected { border: 1px solid #c7d2fe; border-radius: .5rem; padding: .5rem .75rem; margin: .5rem 0; background: #f8faff; max-width: 22rem; }
  section.selected h3 { font-size: .95rem; margin: 0 0 .5rem; }
`,
];
