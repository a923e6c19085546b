/**
 * <toon-app>: the shell — header with nav (one link per route) and language switch, the progress
 * area, the active view, and the notifier. Views are created once (after their `load()`), kept
 * alive and hidden when another view is active, so their state survives navigation.
 */
import { LitElement, html, type PropertyValues } from 'lit';
import { appStyles } from './app.styles';
import { routes, routeIdFromHash, defaultRoute, findRoute, hrefFor, VIEW_SHOWN, type RouteDef } from './routes';
import { t, getLocale, setLocale, LOCALES, type Locale } from './i18n';
import { LocaleController } from './locale-controller';
import { notify } from './notifier';
import { canInstall, onInstallAvailable, promptInstall } from './install';
import { isChunkLoadError, offerReload } from './chunk-reload';
import './messages';
import './notifier.component';
import './progress.component';
import { controlFont } from './control-font.styles';
import { hangulReady } from './hangul-font';
import { watchOnline } from './offline';

export class ToonApp extends LitElement {
  static override properties = {
    active: { state: true },
    loading: { state: true },
    installable: { state: true },
    online: { state: true },
  };
  static override styles = [controlFont, appStyles];

  active: string | undefined = undefined;
  loading = false;
  installable = canInstall();
  online = true;
  private offInstall: (() => void) | undefined;
  private offOnline: (() => void) | undefined;
  private readonly views = new Map<string, HTMLElement>();
  private readonly locale = new LocaleController(this);
  private readonly onHash = () => void this.navigate(this.routeFromLocation(), true);

  /** False until the Hangul face is ready when the page starts in Korean (hangul-font.ts). */
  private fontReady = getLocale() !== 'ko';

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.fontReady) void hangulReady().then(() => this.fontLoaded());
    window.addEventListener('hashchange', this.onHash);
    this.offInstall = onInstallAvailable((a) => (this.installable = a));
    this.offOnline = watchOnline((on) => (this.online = on));
    void this.navigate(this.routeFromLocation(), false);
  }
  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHash);
    this.offInstall?.();
    this.offOnline?.();
  }

  private async install(): Promise<void> {
    if ((await promptInstall()) === 'accepted') notify({ kind: 'success', message: t('app.installed') });
  }

  private routeFromLocation(): RouteDef | undefined {
    const id = routeIdFromHash(location.hash);
    return id ? findRoute(id) : defaultRoute();
  }

  private async navigate(route: RouteDef | undefined, focus: boolean): Promise<void> {
    if (!route) return;
    this.active = route.id;
    if (!this.views.has(route.id)) {
      this.loading = true;
      try {
        await route.load();
        if (!customElements.get(route.tag)) throw new Error(`<${route.tag}> is not defined`);
        const el = document.createElement(route.tag);
        el.dataset.route = route.id;
        this.views.set(route.id, el);
      } catch (e) {
        // An old tab after an update asks for chunks that are gone: offer a reload, not a 404 text.
        if (isChunkLoadError(e)) offerReload();
        else
          notify({
            kind: 'error',
            message: t('app.viewFailed', { message: e instanceof Error ? e.message : String(e) }),
          });
      } finally {
        this.loading = false;
      }
    }
    await this.updateComplete;
    this.showActive();
    if (focus && this.active === route.id) await this.focusView(route.id);
  }

  /**
   * Moves focus into the active view: its first heading (made focusable with tabindex -1), so a
   * screen reader announces where the user landed and Tab continues inside the view.
   */
  private async focusView(id: string): Promise<void> {
    const el = this.views.get(id);
    const main = this.renderRoot.querySelector<HTMLElement>('main');
    if (!el) return main?.focus();
    const pending = (el as Partial<{ updateComplete: Promise<unknown> }>).updateComplete;
    if (pending) await pending;
    const heading = (el.shadowRoot ?? el).querySelector<HTMLElement>('h2, h1');
    if (!heading) return main?.focus();
    if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
    heading.focus();
  }

  /**
   * Puts every created view into <main>, showing only the active one. Inactive views get both
   * `hidden` and `inert`: the shell's stylesheet makes `[hidden]` win over a view's own
   * `:host { display: block }`, and `inert` keeps their controls out of the tab order even if a
   * view styles itself visible.
   */
  private showActive(): void {
    const main = this.renderRoot.querySelector('main');
    if (!main) return;
    for (const [id, el] of this.views) {
      if (el.parentNode !== main) main.append(el);
      const inactive = id !== this.active;
      const wasActive = el.dataset.active === 'true';
      el.hidden = inactive;
      el.inert = inactive;
      el.dataset.active = String(!inactive);
      // Views are kept alive: tell the one coming back that other views may have changed the store.
      if (!inactive && !wasActive) el.dispatchEvent(new CustomEvent(VIEW_SHOWN));
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.showActive();
  }

  private async fontLoaded(): Promise<void> {
    this.fontReady = true;
    this.requestUpdate();
    await this.updateComplete;
    this.showActive(); // a view loaded meanwhile goes into the now rendered <main>
  }

  protected override shouldUpdate(changed: PropertyValues): boolean {
    return this.fontReady && super.shouldUpdate(changed);
  }

  private async onLocale(e: Event): Promise<void> {
    const locale = (e.target as HTMLSelectElement).value as Locale;
    if (locale === 'ko') await hangulReady();
    setLocale(locale);
  }

  override render() {
    void this.locale;
    const current = getLocale();
    return html`
      <a class="skip" href="#main" @click=${(e: Event) => {
        e.preventDefault();
        this.renderRoot.querySelector<HTMLElement>('main')?.focus();
      }}>${t('app.skip')}</a>
      <header>
        <h1><img src="/icons/icon.svg" alt="" />${t('app.title')}</h1>
        <nav aria-label=${t('app.nav')}>
          <ul>
            ${routes.map(
              (r) => html`<li><a href=${hrefFor(r.id)} data-route=${r.id}
                aria-current=${r.id === this.active ? 'page' : 'false'}>${t(r.labelKey)}</a></li>`,
            )}
          </ul>
        </nav>
        ${
          this.online
            ? null
            : html`<span class="offline" role="status" data-testid="offline-badge" title=${t('app.offlineTitle')}>${t('app.offline')}</span>`
        }
        ${
          this.installable
            ? html`<button class="install" data-testid="install" @click=${() => void this.install()}>${t('app.install')}</button>`
            : null
        }
        <label class="lang">${t('app.language')}
          <select @change=${(e: Event) => void this.onLocale(e)} data-testid="locale">
            ${LOCALES.map((l) => html`<option value=${l} ?selected=${l === current}>${t(`app.lang.${l}`)}</option>`)}
          </select>
        </label>
      </header>
      <toon-progress></toon-progress>
      <main id="main" tabindex="-1">
        ${routes.length === 0 ? html`<p class="empty">${t('app.noViews')}</p>` : null}
        ${this.loading ? html`<p class="loading" role="status">${t('app.loadingView')}</p>` : null}
      </main>
      <toon-notifier></toon-notifier>
    `;
  }
}
customElements.define('toon-app', ToonApp);

declare global {
  interface HTMLElementTagNameMap {
    'toon-app': ToonApp;
  }
}
