import { originAllowed } from '../../service/domain/host-origins';

/** What the host page sends the panel: a short-lived panel token (and optionally the user's language). */
export interface HostToken {
  token: string;
  locale?: string | undefined;
}

export const READY = 'clientlens:ready';
export const TOKEN = 'clientlens:token';

/**
 * The panel's side of the handshake: say `ready` to the parent window, then accept `clientlens:token`
 * messages only from the parent window and only from an allowed host origin. The token never travels in
 * the URL. The host may send a fresh token at any time (before the old one expires); `onToken` gets each.
 */
export function listenForHostToken(
  hosts: readonly string[],
  onToken: (token: HostToken) => void,
): () => void {
  const listener = (event: MessageEvent<unknown>) => {
    if (event.source !== window.parent || !originAllowed(event.origin, hosts)) return;
    const data = event.data as { type?: unknown; token?: unknown; locale?: unknown } | null;
    if (!data || data.type !== TOKEN || typeof data.token !== 'string' || !data.token) return;
    onToken({ token: data.token, locale: typeof data.locale === 'string' ? data.locale : undefined });
  };
  window.addEventListener('message', listener);
  // `ready` carries nothing secret; it goes to the parent only if the parent is an allowed origin.
  for (const origin of parentOrigins(hosts)) window.parent.postMessage({ type: READY }, origin);
  return () => window.removeEventListener('message', listener);
}

/** The parent's origin when the browser tells it (Chromium, Safari), else each exact allowed origin. */
function parentOrigins(hosts: readonly string[]): string[] {
  const ancestor = window.location.ancestorOrigins?.[0];
  if (ancestor) return originAllowed(ancestor, hosts) ? [ancestor] : [];
  return hosts.filter((host) => !host.includes('*'));
}

export const isFramed = (): boolean => window.parent !== window;

const hostsMeta = () => document.querySelector('meta[name="clientlens-hosts"]');

/** The service marks the page it serves; the copy PingCode Nexus hosts as an app resource is unmarked. */
export const servedByClientLens = (): boolean => hostsMeta()?.hasAttribute('data-served') ?? false;

/** The allowed host origins the service wrote into the page. */
export const hostOrigins = (): string[] =>
  (hostsMeta()?.getAttribute('content') ?? '').split(' ').filter(Boolean);
