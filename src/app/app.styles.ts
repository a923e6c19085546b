import { css } from 'lit';

export const appStyles = css`
  :host { display: grid; grid-template-rows: auto auto 1fr; grid-template-columns: minmax(0, 1fr); min-height: 100vh; color: #111827;
    font-family: system-ui, 'Noto Sans KR', 'Apple SD Gothic Neo', 'Malgun Gothic', 'Toonsmith Hangul', sans-serif; }
  .skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem; z-index: 30; }
  .skip:focus { left: .5rem; }
  header { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; padding: .5rem 1rem;
    background: #111827; color: #fff; }
  h1 { font-size: 1.125rem; margin: 0; display: flex; align-items: center; gap: .5rem; }
  h1 img { width: 28px; height: 28px; }
  nav ul { display: flex; flex-wrap: wrap; gap: .25rem; list-style: none; margin: 0; padding: 0; }
  nav a { color: #e5e7eb; text-decoration: none; padding: .375rem .75rem; border-radius: .375rem; display: block; }
  nav a:hover { background: #374151; }
  nav a[aria-current='page'] { background: #4f46e5; color: #fff; }
  a:focus-visible, select:focus-visible, button:focus-visible { outline: 2px solid #a5b4fc; outline-offset: 2px; }
  .offline { margin-left: auto; padding: .125rem .5rem; border-radius: .375rem; background: #fef3c7;
    color: #78350f; font-size: .875rem; }
  .install { margin-left: auto; }
  .offline + .install, .offline + .lang, .install + .lang { margin-left: 0; }
  .lang { margin-left: auto; display: flex; align-items: center; gap: .5rem; }
  select { font: inherit; padding: .125rem .25rem; }
  main { padding: 1rem; min-width: 0; box-sizing: border-box; }
  /* A view's own ':host { display: block }' would beat the UA's [hidden] rule: the shell's wins. */
  main > [hidden] { display: none !important; }
  toon-progress { position: sticky; top: 0; z-index: 20; }
  .install { font: inherit; padding: .25rem .75rem; border-radius: .375rem; border: 1px solid #a5b4fc;
    background: #4f46e5; color: #fff; cursor: pointer; }
  @media (max-width: 480px) {
    header { padding: .5rem; gap: .25rem .5rem; }
    nav a { padding: .25rem .5rem; }
    main { padding: .5rem; }
  }
  /* Room under the content for the notices (toon-notifier publishes their height), so nothing stays under them. */
  main { padding-bottom: calc(1rem + var(--toon-notices-h, 0px)); }
  main:focus { outline: none; }
  .empty, .loading { color: #4b5563; }
`;
