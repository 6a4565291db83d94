import http from 'node:http';
import https from 'node:https';
import dns from 'node:dns';
import net from 'node:net';
import axios, { type AxiosResponse } from 'axios';
import ipaddr from 'ipaddr.js';
import type { z } from 'zod';

/**
 * The one way ClientLens talks to upstream tools: axios with a deadline, no redirects, https only and
 * private addresses refused (unless the operator allows them), a per-connection request budget, and every
 * failure turned into a ConnectorError that says whether retrying can help and how long to wait.
 */
export type ConnectorErrorCode =
  | 'auth_failed'
  | 'rate_limited'
  | 'upstream_unavailable'
  | 'timeout'
  | 'network_error'
  | 'bad_payload'
  | 'not_found'
  | 'bad_request'
  | 'redirect_refused'
  | 'address_refused';

export class ConnectorError extends Error {
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;

  constructor(
    readonly code: ConnectorErrorCode,
    message: string,
    options: { retryable: boolean; retryAfterMs?: number | undefined; status?: number | undefined },
  ) {
    super(message);
    this.name = 'ConnectorError';
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
  }
}

export interface RequestLimiter {
  /** Resolves when the connection may send one more request; throws `rate_limited` when the wait is long. */
  acquire(key: string, signal?: AbortSignal): Promise<void>;
}

export interface UpstreamHttpOptions {
  /** Names the tool in messages shown to the PM, e.g. "PingCode". */
  toolName: string;
  baseUrl: string;
  /** Allows http:// and private, loopback and link-local addresses (self-hosted tools on an intranet). */
  allowPrivate: boolean;
  timeoutMs: number;
  limiter?: RequestLimiter | undefined;
  limiterKey?: string | undefined;
  /** Reads the wait the tool asks for on a 429 (e.g. PingCode's `x-pc-retry-after`). */
  retryAfterMs?: ((headers: Record<string, string | undefined>) => number | undefined) | undefined;
}

export interface UpstreamResponse<T> {
  data: T;
  headers: Record<string, string | undefined>;
}

export interface UpstreamRequest<T> {
  method?: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  schema: z.ZodType<T>;
  signal?: AbortSignal | undefined;
}

const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;
/** The error code of a connection refused by the SSRF guard. */
export const ADDRESS_REFUSED = 'ECLIENTLENS_ADDRESS_REFUSED';

export class UpstreamHttp {
  private readonly client;

  constructor(private readonly options: UpstreamHttpOptions) {
    const lookup = guardedLookup(options.allowPrivate);
    this.client = axios.create({
      baseURL: options.baseUrl.replace(/\/+$/, ''),
      // A path is always appended to the checked base URL, never used as a URL of its own.
      allowAbsoluteUrls: false,
      maxRedirects: 0,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      httpAgent: new http.Agent({ keepAlive: true, lookup }),
      httpsAgent: new https.Agent({ keepAlive: true, lookup }),
      headers: { Accept: 'application/json', 'User-Agent': 'ClientLens' },
    });
  }

  async request<T>(req: UpstreamRequest<T>): Promise<T> {
    return (await this.requestWithHeaders(req)).data;
  }

  /** `request`, also returning the response headers (lower-case names), e.g. for paging by `link`. */
  async requestWithHeaders<T>(req: UpstreamRequest<T>): Promise<UpstreamResponse<T>> {
    checkUrl(this.options.baseUrl, this.options.allowPrivate);
    if (this.options.limiter) await this.options.limiter.acquire(this.options.limiterKey ?? '', req.signal);
    const deadline = AbortSignal.timeout(this.options.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, deadline]) : deadline;
    let response: AxiosResponse<string>;
    try {
      response = await this.client.request<string>({
        method: req.method ?? 'GET',
        url: req.path,
        params: req.query,
        data: req.body,
        headers: req.headers ?? {},
        signal,
      });
    } catch (error) {
      throw this.networkError(error, deadline.aborted);
    }
    return { data: this.parse(response, req.schema), headers: flatHeaders(response.headers) };
  }

  private parse<T>(response: AxiosResponse<string>, schema: z.ZodType<T>): T {
    const { status } = response;
    if (status >= 200 && status < 300) {
      let json: unknown;
      try {
        json = JSON.parse(response.data);
      } catch {
        throw this.error('bad_payload', 'answered with something that is not JSON', {
          retryable: true,
          status,
        });
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) {
        const where = parsed.error.issues[0]?.path.join('.') || 'the response';
        throw this.error('bad_payload', `answered in an unexpected shape (at ${where})`, {
          retryable: true,
          status,
        });
      }
      return parsed.data;
    }
    const headers = flatHeaders(response.headers);
    const upstreamMessage = readUpstreamMessage(response.data);
    const detail = upstreamMessage ? `: ${upstreamMessage}` : '';
    if (status === 429 || (status === 403 && isRateLimitRefusal(headers, upstreamMessage))) {
      const wait =
        this.options.retryAfterMs?.(headers) ?? retryAfterHeaderMs(headers) ?? DEFAULT_RATE_LIMIT_WAIT_MS;
      throw this.error('rate_limited', `asked us to slow down (HTTP ${status})`, {
        retryable: true,
        status,
        retryAfterMs: wait,
      });
    }
    if (status === 401 || status === 403)
      throw this.error('auth_failed', `refused the credentials (HTTP ${status}${detail})`, {
        retryable: false,
        status,
      });
    if (status === 404)
      throw this.error('not_found', `has no such resource (HTTP 404${detail})`, { retryable: false, status });
    if (status === 408) throw this.error('timeout', 'timed out (HTTP 408)', { retryable: true, status });
    if (status >= 500)
      throw this.error('upstream_unavailable', `is unavailable (HTTP ${status})`, {
        retryable: true,
        status,
        retryAfterMs: retryAfterHeaderMs(headers),
      });
    if (status >= 300 && status < 400)
      throw this.error('redirect_refused', `answered with a redirect (HTTP ${status}); check the base URL`, {
        retryable: false,
        status,
      });
    throw this.error('bad_request', `rejected the request (HTTP ${status}${detail})`, {
      retryable: false,
      status,
    });
  }

  private networkError(error: unknown, timedOut: boolean): ConnectorError {
    if (error instanceof ConnectorError) return error;
    const code = (error as { code?: string; cause?: { code?: string } }).code;
    const causeCode = (error as { cause?: { code?: string } }).cause?.code;
    if (code === ADDRESS_REFUSED || causeCode === ADDRESS_REFUSED)
      return this.error('address_refused', 'is at a private or loopback address, which is not allowed', {
        retryable: false,
      });
    if (timedOut || code === 'ECONNABORTED' || code === 'ETIMEDOUT')
      return this.error('timeout', `did not answer within ${Math.round(this.options.timeoutMs / 1000)} s`, {
        retryable: true,
      });
    if (axios.isCancel(error) || code === 'ERR_CANCELED')
      return this.error('network_error', 'request was cancelled', { retryable: true });
    const reason =
      code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'its host name does not resolve'
        : `could not be reached (${code ?? 'network error'})`;
    return this.error('network_error', reason, { retryable: true });
  }

  private error(
    code: ConnectorErrorCode,
    what: string,
    options: ConstructorParameters<typeof ConnectorError>[2],
  ): ConnectorError {
    return new ConnectorError(code, `${this.options.toolName} ${what}.`, options);
  }
}

/** Refuses non-https URLs and literal private addresses before any socket is opened. */
export function checkUrl(url: string, allowPrivate: boolean): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConnectorError('bad_request', `"${url}" is not a valid URL.`, { retryable: false });
  }
  const allowed = allowPrivate ? ['https:', 'http:'] : ['https:'];
  if (!allowed.includes(parsed.protocol))
    throw new ConnectorError(
      'address_refused',
      `Only https:// upstream URLs are allowed (got ${parsed.protocol}//).`,
      {
        retryable: false,
      },
    );
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (
    !allowPrivate &&
    (host === 'localhost' || host.endsWith('.localhost') || (net.isIP(host) && !isPublicAddress(host)))
  )
    throw new ConnectorError(
      'address_refused',
      `${host} is a private or loopback address, which is not allowed.`,
      {
        retryable: false,
      },
    );
}

export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === 'unicast';
}

/** DNS lookup that refuses private answers at connect time, so a name cannot be re-pointed after a check. */
export function guardedLookup(allowPrivate: boolean): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 4);
      const list = addresses;
      const refused = allowPrivate ? undefined : list.find((a) => !isPublicAddress(a.address));
      if (refused) {
        const error = Object.assign(new Error(`${hostname} resolves to a private address`), {
          code: ADDRESS_REFUSED,
        });
        return callback(error, '', 4);
      }
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      const first = list[0];
      if (!first)
        return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 4);
      return callback(null, first.address, first.family);
    });
  };
}

function flatHeaders(headers: AxiosResponse['headers']): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(headers as Record<string, unknown>))
    out[key.toLowerCase()] =
      typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : undefined;
  return out;
}

/**
 * A 403 that is a rate limit rather than a refusal: GitHub answers primary and secondary limits with 403 or
 * 429, with `retry-after`, `x-ratelimit-remaining: 0`, or a message that says so (docs.github.com,
 * "Rate limits for the REST API" → "Exceeding the rate limit").
 */
function isRateLimitRefusal(
  headers: Record<string, string | undefined>,
  message: string | undefined,
): boolean {
  return (
    headers['retry-after'] !== undefined ||
    headers['x-ratelimit-remaining']?.trim() === '0' ||
    /\brate limit\b/i.test(message ?? '')
  );
}

/** `Retry-After` as seconds or an HTTP date. */
export function retryAfterHeaderMs(
  headers: Record<string, string | undefined>,
  now = Date.now(),
): number | undefined {
  const value = headers['retry-after'];
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function readUpstreamMessage(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message.slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}

/** Upstream messages are echoed into errors; make sure no secret or token ever is (every connector). */
export function redactSecrets(error: unknown, ...secrets: string[]): unknown {
  if (!(error instanceof ConnectorError)) return error;
  const message = secrets.reduce(
    (text, secret) => (secret ? text.split(secret).join('[redacted]') : text),
    error.message,
  );
  if (message === error.message) return error;
  return new ConnectorError(error.code, message, {
    retryable: error.retryable,
    retryAfterMs: error.retryAfterMs,
    status: error.status,
  });
}
