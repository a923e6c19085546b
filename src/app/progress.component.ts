/**
 * <toon-progress>: one row per running runTask() — label, progress bar, detail, Cancel.
 */
import { LitElement, html, css } from 'lit';
import { getTasks, labelText, onTasks, type TaskState } from './progress';
import { t } from './i18n';
import { LocaleController } from './locale-controller';

export class ToonProgress extends LitElement {
  static override properties = { tasks: { state: true } };
  static override styles = css`
    :host { display: block; }
    :host([hidden]) { display: none; }
    .task { display: grid; grid-template-columns: 1fr auto; gap: .25rem .75rem; align-items: center;
      padding: .5rem 1rem; background: #eef2ff; border-bottom: 1px solid #c7d2fe; }
    .label { font-weight: 600; }
    .detail { color: #374151; font-size: .875rem; grid-column: 1; }
    progress { width: 100%; grid-column: 1; height: .75rem; }
    button { grid-row: 1 / span 3; grid-column: 2; font: inherit; padding: .25rem .75rem; cursor: pointer; }
    button:focus-visible { outline: 2px solid #4338ca; outline-offset: 2px; }
  `;

  tasks: readonly TaskState[] = getTasks();
  private off: (() => void) | undefined;
  private readonly locale = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    this.off = onTasks((list) => (this.tasks = list));
  }
  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.off?.();
  }

  override render() {
    void this.locale;
    this.hidden = this.tasks.length === 0;
    return html`<section aria-label=${t('app.tasks')}>
      ${this.tasks.map(
        (task) => html`<div class="task" data-task=${task.id}>
          <span class="label" id="task-${task.id}">${labelText(task.label)}</span>
          ${
            task.fraction === undefined
              ? html`<progress aria-labelledby="task-${task.id}"></progress>`
              : html`<progress aria-labelledby="task-${task.id}" max="1" .value=${task.fraction}></progress>`
          }
          <span class="detail" aria-live="polite">${task.detail}</span>
          <button @click=${task.cancel}>${t('app.cancel')}</button>
        </div>`,
      )}
    </section>`;
  }
}
customElements.define('toon-progress', ToonProgress);

declare global {
  interface HTMLElementTagNameMap {
    'toon-progress': ToonProgress;
  }
}
