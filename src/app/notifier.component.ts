/**
 * <toon-notifier>: renders notify() messages in a polite aria-live region; errors are role="alert".
 *
 * - Shows the newest MAX_SHOWN notices; older ones are folded behind "Show N earlier"
 *   (aria-expanded). "Close all" from two notices on. Merged repeats show their count (×N).
 * - Every notice has a close button; Escape inside a notice closes it (focus moves to the next
 *   notice's close button, or back to where it was before it entered the notices).
 * - Texts are rendered in the current locale (LocaleController; messages given as functions
 *   re-translate).
 * - The stack never blocks the page for good: the host lets clicks through outside the notices,
 *   and its height is published as `--toon-notices-h` on <html> (the shell pads <main> by it), so
 *   anything under the notices can be scrolled above them.
 * @csspart notice - one message
 */
import { LitElement, html, css } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { getNotices, onNotices, dismiss, dismissAll, textOf, MAX_SHOWN, type Notice } from './notifier';
import { t } from './i18n';
import { LocaleController } from './locale-controller';

export class ToonNotifier extends LitElement {
  static override properties = { notices: { state: true }, expanded: { state: true } };
  static override styles = css`
    :host { position: fixed; inset: auto 1rem 1rem auto; z-index: 20; display: grid; gap: .5rem;
      max-width: min(28rem, calc(100vw - 2rem)); pointer-events: none; }
    [role='region'] { display: grid; gap: .5rem; }
    .notice, .bar { pointer-events: auto; }
    .notice { display: flex; gap: .75rem; align-items: start; padding: .625rem .75rem .625rem 1rem; border-radius: .5rem;
      background: #1f2937; color: #fff; box-shadow: 0 4px 16px #0004; }
    .notice.error { background: #991b1b; }
    .notice.success { background: #166534; }
    .msg { flex: 1; white-space: pre-wrap; overflow-wrap: anywhere; }
    .count { font-weight: 600; padding: 0 .375rem; border-radius: 1rem; background: #fff3; white-space: nowrap; }
    .bar { display: flex; justify-content: flex-end; gap: .5rem; }
    .bar button { background: #1f2937; border-color: #1f2937; color: #fff; box-shadow: 0 2px 8px #0004; }
    button { font: inherit; background: transparent; color: inherit; border: 1px solid #fff8;
      border-radius: .25rem; padding: .125rem .5rem; cursor: pointer; }
    button:focus-visible { outline: 2px solid #fff; outline-offset: 2px; }
    .bar button:focus-visible { outline-color: #4f46e5; }
    @media (max-width: 480px) { :host { inset: auto .5rem .5rem .5rem; max-width: none; } }
  `;

  notices: readonly Notice[] = getNotices();
  expanded = false;
  private off: (() => void) | undefined;
  private readonly locale = new LocaleController(this);
  private readonly sizes = new ResizeObserver(() => this.publishHeight());
  /** The last element focused outside the notices (focus goes back there when the last one closes by keyboard). */
  private returnTo: HTMLElement | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.off = onNotices((list) => {
      this.notices = list;
      if (list.length <= MAX_SHOWN) this.expanded = false;
    });
    this.sizes.observe(this);
    document.addEventListener('focusin', this.onFocusIn, true);
  }
  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.off?.();
    this.sizes.disconnect();
    document.removeEventListener('focusin', this.onFocusIn, true);
    document.documentElement.style.removeProperty('--toon-notices-h');
  }

  private publishHeight(): void {
    const h = this.notices.length ? Math.ceil(this.getBoundingClientRect().height) : 0;
    document.documentElement.style.setProperty('--toon-notices-h', `${h}px`);
  }

  private readonly onFocusIn = (e: FocusEvent) => {
    const path = e.composedPath();
    if (!path.includes(this) && path[0] instanceof HTMLElement) this.returnTo = path[0];
  };

  private async close(n: Notice, byKeyboard: boolean): Promise<void> {
    const shown = this.shown();
    const at = shown.findIndex((s) => s.id === n.id);
    dismiss(n.id);
    if (!byKeyboard) return;
    await this.updateComplete;
    const closes = [...(this.shadowRoot?.querySelectorAll<HTMLButtonElement>('.notice .close') ?? [])];
    const next = closes[Math.min(at, closes.length - 1)];
    if (next) next.focus();
    else if (this.returnTo?.isConnected) this.returnTo.focus();
  }

  private onKey(e: KeyboardEvent, n: Notice): void {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    void this.close(n, true);
  }

  private shown(): readonly Notice[] {
    return this.expanded ? this.notices : this.notices.slice(-MAX_SHOWN);
  }

  override render() {
    void this.locale;
    const folded = this.notices.length - MAX_SHOWN;
    return html`<div role="region" aria-label=${t('app.notifications')} aria-live="polite">
      ${
        this.notices.length > 1
          ? html`<div class="bar" data-testid="notices-bar">
              ${
                folded > 0
                  ? html`<button data-testid="notices-earlier" aria-expanded=${String(this.expanded)}
                      @click=${() => (this.expanded = !this.expanded)}>${
                        this.expanded ? t('app.noticesFold') : t('app.noticesEarlier', { n: folded })
                      }</button>`
                  : null
              }
              <button data-testid="notices-close-all" @click=${() => dismissAll()}>${t('app.dismissAll')}</button>
            </div>`
          : null
      }
      ${repeat(
        this.shown(),
        (n) => n.id,
        (n) => html`<div class="notice ${n.kind}" part="notice" data-kind=${n.kind} data-count=${n.count}
          role=${n.kind === 'error' ? 'alert' : 'status'} @keydown=${(e: KeyboardEvent) => this.onKey(e, n)}>
          <span class="msg">${textOf(n.message)}</span>
          ${
            n.count > 1
              ? html`<span class="count" data-testid="notice-count">${t('app.noticeCount', { n: n.count })}</span>`
              : null
          }
          ${
            n.action
              ? html`<button @click=${() => {
                  n.action?.run();
                  dismiss(n.id);
                }}>${textOf(n.action.label)}</button>`
              : null
          }
          <button class="close" aria-label=${t('app.dismiss')} title=${t('app.dismissHint')}
            @click=${(e: MouseEvent) => void this.close(n, e.detail === 0)}>×</button>
        </div>`,
      )}
    </div>`;
  }

  override updated(): void {
    this.publishHeight();
  }
}
customElements.define('toon-notifier', ToonNotifier);

declare global {
  interface HTMLElementTagNameMap {
    'toon-notifier': ToonNotifier;
  }
}
