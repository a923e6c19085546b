import { css } from 'lit';

/** Form rules shared by the Generate view and its story mode (labels, text areas, number inputs, buttons). */
export const formStyles = css`
  label { display: block; margin: .5rem 0 .25rem; font-weight: 600; }
  textarea { width: 100%; font: inherit; box-sizing: border-box; }
  select, input { max-width: 100%; box-sizing: border-box; }
  .row { display: flex; gap: 1rem; flex-wrap: wrap; align-items: end; }
  .hint { display: block; color: #555; font-size: .85rem; margin: .25rem 0 .5rem; }
  input[type='number'] { width: 6rem; font: inherit; }
  button { font: inherit; padding: .375rem .875rem; border-radius: .375rem; border: 1px solid #4f46e5;
    background: #4f46e5; color: #fff; cursor: pointer; }
  button[disabled] { opacity: .6; cursor: default; }
  nav.jump { display: flex; gap: .5rem; flex-wrap: wrap; margin: .25rem 0 .5rem; }
  nav.jump button { background: #fff; color: #3730a3; }
  button:focus-visible, textarea:focus-visible, input:focus-visible { outline: 2px solid #a5b4fc; outline-offset: 2px; }
`;
