import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './api-types';
import type { Harness } from './harness';

/** The integrator API as its document describes it: paths, parameters, bodies and answers are all typed. */
export type ApiClient = Client<paths>;
export type ApiSchemas = components['schemas'];

/**
 * An openapi-fetch client over the harness's real listening URL (global fetch, real HTTP), sending this
 * workspace's API key, another `key`, or none (`null`). Types come from test/support/api-types.ts, generated
 * from openapi/openapi.json, so a route or schema change that breaks integrators fails the typecheck.
 */
export function typedClient(
  h: Pick<Harness, 'runtime' | 'apiKey'>,
  key: string | null = h.apiKey,
): ApiClient {
  const baseUrl = h.runtime.url;
  if (!baseUrl) throw new Error('the harness serves no HTTP (RUN_MODE=worker): no URL for the typed client');
  return createClient<paths>({ baseUrl, headers: key === null ? {} : { authorization: `Bearer ${key}` } });
}

/** The data of a 2xx answer; anything else fails with the status and the problem the API answered. */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok || data === undefined)
    throw new Error(`expected a 2xx with a body, got ${response.status}: ${JSON.stringify(error)}`);
  return data;
}
