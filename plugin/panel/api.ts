/** A failed panel call: the service's problem `detail` (plain words) and its stable `code`. */
export class PanelApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
export type Api = <T>(method: Method, path: string, body?: unknown) => Promise<T>;

/** One HTTP exchange with `/plugin/api<path>`, however the host lets the panel reach ClientLens. */
export type Send = (
  path: string,
  init: { method: Method; headers: Record<string, string>; body?: string },
) => Promise<Response>;

/** Any host: the host's panel token as a bearer header (never a cookie, never the URL), same origin. */
export const bearerSend =
  (token: () => string): Send =>
  (path, init) =>
    fetch(`/plugin/api${path}`, {
      ...init,
      headers: { ...init.headers, authorization: `Bearer ${token()}` },
    });

/**
 * PingCode Nexus: the panel runs on PingCode's origin and reaches ClientLens through the app's remote
 * (`remote.invoke`); Nexus adds its invocation token (NIT), which the panel never sees. The bridge is
 * loaded only there.
 */
export const nexusSend: Send = async (path, init) => {
  const { remote } = await import('@pc-nexus/bridge');
  return remote.invoke({ path: `/plugin/api${path}`, ...init });
};

/** JSON calls over a `Send`: problem+json answers become `PanelApiError`s with the service's words. */
export function createApi(send: Send): Api {
  return async <T>(method: Method, path: string, body?: unknown): Promise<T> => {
    let response: Response;
    try {
      response = await send(path, {
        method,
        headers: body !== undefined ? { 'content-type': 'application/json' } : {},
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      throw new PanelApiError(0, 'network', '');
    }
    const type = response.headers.get('content-type') ?? '';
    if (!response.ok) {
      const problem = type.includes('json')
        ? ((await response.json()) as { code?: string; detail?: string })
        : { detail: await response.text() };
      throw new PanelApiError(
        response.status,
        problem.code ?? 'error',
        problem.detail ?? response.statusText,
      );
    }
    if (response.status === 204) return undefined as T;
    return (type.includes('json') ? await response.json() : await response.text()) as T;
  };
}
