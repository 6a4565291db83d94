import { render } from 'preact';
import { bearerSend, createApi, nexusSend } from './api';
import { App } from './app';
import { hostOrigins, isFramed, listenForHostToken, servedByClientLens } from './handshake';
import { panelI18n, panelLocale } from './i18n';

/**
 * Start. Served by ClientLens (any host): "waiting" until the host page hands over a token (handshake.ts),
 * then the app; a fresh token from the host replaces the old one in place. Hosted by PingCode Nexus (the
 * same bundle as an app resource): calls go through the Nexus bridge, which authenticates them itself.
 */
const root = document.getElementById('app')!;
const i18n = panelI18n(panelLocale(undefined));
document.documentElement.lang = i18n.locale;

if (!servedByClientLens()) {
  const { view } = await import('@pc-nexus/bridge');
  const context = await view.getContext().catch(() => undefined);
  render(<App api={createApi(nexusSend)} hostLocale={context?.user?.locale} />, root);
} else if (!isFramed()) render(<p class="notice">{i18n.t('auth.notFramed')}</p>, root);
else {
  render(
    <p class="notice" role="status">
      {i18n.t('auth.waiting')}
    </p>,
    root,
  );
  let token = '';
  const api = createApi(bearerSend(() => token));
  listenForHostToken(hostOrigins(), (host) => {
    const first = !token;
    token = host.token;
    if (first) render(<App api={api} hostLocale={host.locale} />, root);
  });
}
