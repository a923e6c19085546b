/**
 * <toon-notifier>: renders notify() messages in a polite aria-live region; errors are role="alert".
 * @csspart notice - one message
 */
import { LitElement, html, css } from 'lit';
import { getNotices, onNotices, dismiss, type Notice } from './notifier';
import { t } from './i18n';
import { LocaleController } from './locale-controller';

export class ToonNotifier extends LitElement {
  static override properties = { notices: { state: true } };
  static override styles = css`
    :host { position: fixed; inset: auto 1rem 1rem auto; z-index: 20; display: grid; gap: .5rem;
      max-width: min(28rem, calc(100vw - 2rem)); }
    .notice { display: flex; gap: .75rem; align-items: start; padding: .75rem 1rem; border-radius: .5rem;
      background: #1f2937; color: #fff; box-shadow: 0 4px 16px #0004; }
    .notice.error { background: #991b1b; }
    .notice.success { background: #166534; }
    .msg { flex: 1; white-space: pre-wrap; }
    button { font: inherit; background: transparent; color: inherit; border: 1px solid #fff8;
      border-radius: .25rem; padding: .125rem .5rem; cursor: pointer; }
    button:focus-visible { outline: 2px solid #fff; outline-offset: 2px; }
  `;

  notices: readonly Notice[] = getNotices();
  private off: (() => void) | undefined;
  private readonly locale = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    this.off = onNotices((list) => (this.notices = list));
  }
  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.off?.();
  }

  override render() {
    void this.locale;
    return html`<div role="region" aria-label=${t('app.notifications')} aria-live="polite">
      ${this.notices.map(
        (n) => html`<div class="notice ${n.kind}" part="notice" data-kind=${n.kind}
          role=${n.kind === 'error' ? 'alert' : 'status'}>
          <span class="msg">${n.message}</span>
          ${
            n.action
              ? html`<button @click=${() => {
                  n.action?.run();
                  dismiss(n.id);
                }}>${n.action.label}</button>`
              : null
          }
          <button aria-label=${t('app.dismiss')} title=${t('app.dismiss')} @click=${() => dismiss(n.id)}>×</button>
        </div>`,
      )}
    </div>`;
  }
}
customElements.define('toon-notifier', ToonNotifier);

declare global {
  interface HTMLElementTagNameMap {
    'toon-notifier': ToonNotifier;
  }
}
