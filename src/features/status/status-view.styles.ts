import { css } from 'lit';

export const statusStyles = css`
  :host { display: block; max-width: 56rem; }
  h2 { margin: 0 0 1rem; font-size: 1.5rem; }
  section { background: #fff; border: 1px solid #e5e7eb; border-radius: .5rem; padding: 1rem; margin-bottom: 1rem; }
  h3 { margin: 0 0 .75rem; font-size: 1.125rem; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
  dt { color: #4b5563; }
  dd { margin: 0; overflow-wrap: anywhere; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #e5e7eb; }
  td.num { text-align: right; font-variant-numeric: tabular-nums; }
  .warn { color: #92400e; }
  .ok { color: #166534; font-weight: 600; }
  .bad { color: #991b1b; font-weight: 600; }
  button { white-space: nowrap; flex-shrink: 0; font: inherit; padding: .375rem .875rem; border-radius: .375rem; border: 1px solid #4f46e5;
    background: #4f46e5; color: #fff; cursor: pointer; }
  button[disabled] { opacity: .6; cursor: default; }
  button:focus-visible { outline: 2px solid #a5b4fc; outline-offset: 2px; }
  .force { margin-top: .75rem; padding-top: .75rem; border-top: 1px solid #e5e7eb; }
  .force label { display: flex; gap: .5rem; align-items: center; font-weight: 600; }
  .force input { width: 1.125rem; height: 1.125rem; margin: 0; }
  .help { margin: .25rem 0 0; font-size: .875rem; color: #4b5563; }
  .row { display: flex; gap: .5rem; align-items: center; justify-content: space-between; }
  @media (max-width: 30rem) {
    dl { grid-template-columns: 1fr; gap: 0; }
    dd { margin-bottom: .5rem; }
  }
`;
