import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for a PM tool that embeds the panel (Worktile or any host without Nexus): its page frames
 * `/plugin/`, waits for the panel's `clientlens:ready`, asks its own backend for a panel token (`/token`,
 * which calls `POST /api/v1/panel-tokens` with an API key the browser never sees) and posts it to the
 * panel's exact origin. The demo serves it; the browser tests drive it. `?locale=` sets the user's language.
 */
export interface PanelHost {
  origin: string;
  close(): Promise<void>;
}

export interface PanelHostOptions {
  /** The panel's address, known once ClientLens listens. */
  panelUrl: () => string;
  /** The host backend's call to ClientLens: a fresh panel token in the user's language. */
  mintToken: (locale: string) => Promise<string>;
  port?: number;
}

const page = (panel: URL, locale: string) => `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>Project board — ClientLens panel host</title>
<style>body{font:14px system-ui,sans-serif;margin:16px;background:#f4f5f7}iframe{width:100%;height:88vh;border:1px solid #ccd;border-radius:6px;background:#fff}</style>
</head><body>
<h1>Project board</h1>
<iframe id="panel" title="ClientLens" src="${panel.href}"></iframe>
<script>
  const panelOrigin = ${JSON.stringify(panel.origin)};
  const frame = document.getElementById('panel');
  window.addEventListener('message', async (event) => {
    if (event.origin !== panelOrigin || event.source !== frame.contentWindow) return;
    if (!event.data || event.data.type !== 'clientlens:ready') return;
    window.readySeen = (window.readySeen || 0) + 1;
    const { token } = await (await fetch('/token?locale=' + encodeURIComponent(${JSON.stringify(locale)}))).json();
    frame.contentWindow.postMessage({ type: 'clientlens:token', token, locale: ${JSON.stringify(locale)} }, panelOrigin);
  });
</script></body></html>`;

export async function startPanelHost(options: PanelHostOptions): Promise<PanelHost> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://host');
    const locale = (url.searchParams.get('locale') ?? 'en').replace(/[^A-Za-z-]/g, '').slice(0, 10) || 'en';
    if (url.pathname === '/token') {
      options.mintToken(locale).then(
        (token) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token })),
        () => res.writeHead(502, { 'content-type': 'application/json' }).end('{"error":"no token"}'),
      );
      return;
    }
    if (url.pathname !== '/') return void res.writeHead(404).end();
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(page(new URL(options.panelUrl()), locale));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
