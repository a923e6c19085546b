/** The Status view's "Offline use" section: the network now, the service worker, what it saved. */
import { html } from 'lit';
import { t } from '../../app/i18n';
import type { OfflineInfo } from '../../app/offline';

/** One line a person can act on: ready, nearly (reload once), or not possible in this browser. */
function verdict(info: OfflineInfo): { key: string; ok: boolean } {
  if (!info.supported) return { key: 'status.offline.unsupported', ok: false };
  const allSaved = info.shell && info.models.saved === info.models.total;
  if (allSaved && info.controlled) return { key: 'status.offline.ready', ok: true };
  if (allSaved) return { key: 'status.offline.reloadOnce', ok: false };
  return { key: 'status.offline.saving', ok: false };
}

export function renderOffline(info: OfflineInfo | undefined, online: boolean) {
  if (!info) return html`<p role="status">${t('app.loadingView')}</p>`;
  const v = verdict(info);
  return html`<p data-testid="offline-verdict" data-ready=${String(v.ok)} class=${v.ok ? 'ok' : 'warn'}>${t(v.key)}</p>
    <dl data-testid="offline">
      <dt>${t('status.offline.network')}</dt>
      <dd data-testid="offline-network" data-online=${String(online)}>
        ${online ? t('status.offline.online') : t('status.offline.offline')}
      </dd>
      <dt>${t('status.offline.worker')}</dt>
      <dd data-testid="offline-worker" data-controlled=${String(info.controlled)}>
        ${info.controlled ? t('status.yes') : info.supported ? t('status.offline.notYet') : t('status.no')}
      </dd>
      <dt>${t('status.offline.app')}</dt>
      <dd data-testid="offline-shell" data-saved=${String(info.shell)}>${info.shell ? t('status.yes') : t('status.no')}</dd>
      <dt>${t('status.offline.models')}</dt>
      <dd data-testid="offline-models" data-saved=${info.models.saved} data-total=${info.models.total}>
        ${t('status.offline.modelsSaved', { saved: info.models.saved, total: info.models.total })}
      </dd>
    </dl>`;
}
