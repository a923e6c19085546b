/** Lit reactive controller: re-renders its host when the locale changes. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { onLocaleChange } from './i18n';

export class LocaleController implements ReactiveController {
  private off: (() => void) | undefined;
  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }
  hostConnected(): void {
    this.off = onLocaleChange(() => this.host.requestUpdate());
  }
  hostDisconnected(): void {
    this.off?.();
    this.off = undefined;
  }
}
