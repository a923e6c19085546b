import { css } from 'lit';

export const exportDialogStyles = css`
  :host { display: contents; }
  dialog {
    width: min(960px, calc(100vw - 1rem));
    max-width: calc(100vw - 1rem);
    max-height: calc(100vh - 1rem);
    box-sizing: border-box;
    padding: 0.75rem 1rem;
    border: 1px solid #999;
    border-radius: 8px;
    overflow: auto;
  }
  dialog::backdrop { background: rgb(0 0 0 / 45%); }
  .head { display: flex; justify-content: space-between; align-items: center; gap: 0.5rem; }
  h2 { margin: 0; font-size: 1.15rem; }
  .x { border: none; background: none; font-size: 1.2rem; cursor: pointer; padding: 0.25rem 0.5rem; }
  .body { display: flex; gap: 1rem; align-items: flex-start; margin-top: 0.5rem; }
  .options { flex: 1 1 0; min-width: 0; }
  label { display: flex; flex-direction: column; font-size: 0.9rem; gap: 0.15rem; }
  .fields { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: 0.5rem; margin: 0.5rem 0; }
  input, select, button { font: inherit; }
  input, select { min-width: 0; }
  .rule { margin: 0.35rem 0; font-size: 0.85rem; color: #444; overflow-wrap: anywhere; }
  .status p { margin: 0.4rem 0; overflow-wrap: anywhere; }
  .notes { margin: 0.25rem 0; padding-left: 1.2rem; color: #8a4b00; font-size: 0.9rem; }
  .slices { margin: 0.25rem 0; padding-left: 1.6rem; font-size: 0.85rem; max-height: 10rem; overflow: auto; font-variant-numeric: tabular-nums; }
  .error { color: #b00020; }
  .preview {
    flex: 0 0 220px;
    height: min(65vh, 560px);
    overflow-y: auto;
    overflow-x: hidden;
    border: 1px solid #bbb;
    background: repeating-conic-gradient(#eee 0 25%, #fff 0 50%) 0 0 / 16px 16px;
  }
  .preview:focus-visible { outline: 3px solid var(--accent, #4a6cf7); }
  .frame { position: relative; }
  .frame img { display: block; width: 100%; height: auto; }
  .boundary { position: absolute; left: 0; right: 0; height: 0; border-top: 2px dashed #e53935; pointer-events: none; }
  .boundary span {
    position: absolute; right: 2px; top: 2px; background: #e53935; color: #fff;
    font-size: 0.7rem; padding: 0 0.3rem; border-radius: 3px;
  }
  .placeholder { color: #555; padding: 1rem; }
  .actions { display: flex; gap: 0.5rem; flex-wrap: wrap; margin-top: 0.75rem; }
  button.primary { background: var(--accent, #4a6cf7); color: #fff; border: none; border-radius: 4px; padding: 0.35rem 0.9rem; }
  button.primary:disabled { opacity: 0.5; }
  @media (max-width: 640px) {
    .body { flex-direction: column; align-items: stretch; }
    .preview { flex: none; width: 100%; height: 50vh; box-sizing: border-box; }
  }
`;
