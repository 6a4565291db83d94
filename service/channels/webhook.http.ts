import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosResponse } from 'axios';
import {
  ADDRESS_REFUSED,
  ConnectorError,
  checkUrl,
  guardedLookup,
  retryAfterHeaderMs,
} from '../connectors/http';
import { ChannelError, type ChannelErrorCode } from './channel-error';

/**
 * One JSON POST to a chat webhook, with the rules and the SSRF guard of `connectors/http.ts` (its
 * `checkUrl` on the literal URL, its `guardedLookup` on every DNS answer): a deadline, no redirects, https
 * only and no private, loopback or link-local address unless the operator allows them. Unlike
 * `services/webhook-sender.ts` (status only), the answer body is read: chat vendors report refusals in it.
 * The body is sent exactly as the channel measured it against the vendor's size limit. Non-2xx answers
 * are classified here; what a 2xx body means (WeCom/DingTalk `errcode`, Feishu `code`) is each channel's.
 */
export interface WebhookResponse {
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
}

export interface PostOptions {
  /** Names the vendor in error messages, e.g. "DingTalk". */
  vendor: string;
  allowPrivate: boolean;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/** A 429 without `Retry-After`, or a vendor rate-limit code without a documented wait. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;
/** Answers are a few bytes (`ok`, `{"errcode":0}`); a large one is not a webhook's. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/** Refuses a URL that is not https or names a private address literally, before anything is built. */
export function guardWebhookUrl(url: string, allowPrivate: boolean, vendor: string): void {
  try {
    checkUrl(url, allowPrivate);
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    throw new ChannelError(
      error.code === 'address_refused' ? 'address_refused' : 'invalid_config',
      `${vendor} webhook URL refused: ${error.message}`,
    );
  }
}

// No keep-alive: a delivery is one request every few minutes at most, and idle sockets would outlive it.
// `guardedLookup` refuses a name that resolves to a private address at connect time (DNS rebinding).
const AGENTS = {
  publicOnly: {
    httpAgent: new http.Agent({ lookup: guardedLookup(false) }),
    httpsAgent: new https.Agent({ lookup: guardedLookup(false) }),
  },
  privateAllowed: {
    httpAgent: new http.Agent({ lookup: guardedLookup(true) }),
    httpsAgent: new https.Agent({ lookup: guardedLookup(true) }),
  },
};

export async function postJson(url: string, body: string, options: PostOptions): Promise<WebhookResponse> {
  guardWebhookUrl(url, options.allowPrivate, options.vendor);
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  let response: AxiosResponse<unknown>;
  try {
    response = await axios.post<unknown>(url, body, {
      ...(options.allowPrivate ? AGENTS.privateAllowed : AGENTS.publicOnly),
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        Accept: 'application/json, text/plain',
        'User-Agent': 'ClientLens',
      },
      maxRedirects: 0,
      maxContentLength: MAX_RESPONSE_BYTES,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      signal,
    });
  } catch (error) {
    throw networkError(error, deadline.aborted, options);
  }
  return {
    status: response.status,
    headers: flatHeaders(response.headers),
    body: typeof response.data === 'string' ? response.data : '',
  };
}

function networkError(error: unknown, timedOut: boolean, options: PostOptions): ChannelError {
  if (error instanceof ChannelError) return error;
  const code = (error as { code?: string }).code;
  const causeCode = (error as { cause?: { code?: string } }).cause?.code;
  const { vendor } = options;
  if (code === ADDRESS_REFUSED || causeCode === ADDRESS_REFUSED)
    return new ChannelError(
      'address_refused',
      `${vendor} webhook host resolves to a private or loopback address, which is not allowed.`,
    );
  if (timedOut || code === 'ECONNABORTED' || code === 'ETIMEDOUT')
    return new ChannelError(
      'timeout',
      `${vendor} did not answer within ${Math.round(options.timeoutMs / 1000)} s.`,
    );
  if (axios.isCancel(error) || code === 'ERR_CANCELED')
    return new ChannelError('network_error', `The request to ${vendor} was cancelled.`);
  const reason =
    code === 'ENOTFOUND' || code === 'EAI_AGAIN'
      ? 'its host name does not resolve'
      : `could not be reached (${causeCode ?? code ?? 'network error'})`;
  return new ChannelError('network_error', `${vendor} ${reason}.`);
}

/**
 * A non-2xx answer as an error, or undefined for 2xx. `detail` is the vendor's own word for it
 * (Slack's `channel_not_found`, a JSON `errmsg`), shown in the message.
 */
export function statusError(
  vendor: string,
  response: WebhookResponse,
  detail = responseDetail(response.body),
): ChannelError | undefined {
  const { status, headers } = response;
  if (status >= 200 && status < 300) return undefined;
  const said = detail ? `: ${detail}` : '';
  const error = (code: ChannelErrorCode, what: string, retryAfterMs?: number) =>
    new ChannelError(code, `${vendor} ${what} (HTTP ${status}${said}).`, {
      status,
      retryAfterMs,
      vendorCode: detail,
    });
  if (status === 429)
    return error(
      'rate_limited',
      'asked us to slow down',
      retryAfterHeaderMs(headers) ?? DEFAULT_RATE_LIMIT_WAIT_MS,
    );
  if (status === 408) return error('timeout', 'timed out');
  if (status >= 500) return error('unavailable', 'is unavailable', retryAfterHeaderMs(headers));
  if (status === 401 || status === 403) return error('auth_failed', 'refused the webhook');
  if (status === 404 || status === 410) return error('webhook_not_found', 'does not know this webhook');
  if (status === 413) return error('too_large', 'found the message too large');
  if (status >= 300 && status < 400)
    return error('rejected', 'answered with a redirect; check the webhook URL');
  return error('rejected', 'rejected the message');
}

/** The vendor's error text in an answer body: a JSON `errmsg`/`msg`/`message`, or a short plain text. */
export function responseDetail(body: string): string | undefined {
  const text = body.trim();
  if (!text) return undefined;
  try {
    const json = JSON.parse(text) as Record<string, unknown> | null;
    const nested = json?.error as { message?: unknown } | undefined;
    for (const value of [json?.errmsg, json?.msg, json?.message, json?.StatusMessage, nested?.message])
      if (typeof value === 'string' && value) return value.slice(0, 200);
    return undefined;
  } catch {
    // Plain text such as Slack's `invalid_payload`; an HTML error page says nothing useful.
    return text.length <= 200 && !text.startsWith('<') ? text : undefined;
  }
}

/** A JSON body as an object, or undefined when it is not one. */
export function jsonBody(body: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function flatHeaders(headers: AxiosResponse['headers']): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(headers as Record<string, unknown>))
    out[key.toLowerCase()] =
      typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : undefined;
  return out;
}

/** What a vendor's non-zero `errcode`/`code` means; a code with no rule is a refusal for good. */
export interface VendorCodeRule {
  code: ChannelErrorCode;
  retryAfterMs?: number;
  /** What the PM should check, appended to the message. */
  hint?: string;
}

/**
 * For vendors that answer every refusal with a code in a JSON body, often with HTTP 200 (WeCom and
 * DingTalk `errcode`, Feishu `code`): 0 is success, anything else a failure classified by `rules`; a 2xx
 * body without a code is unreadable, and a non-2xx one without a known code falls back to its status.
 */
export function codeResponseError(
  vendor: string,
  response: WebhookResponse,
  readCode: (json: Record<string, unknown>) => { code: unknown; message: unknown },
  rules: Readonly<Record<number, VendorCodeRule>>,
): ChannelError | undefined {
  const json = jsonBody(response.body);
  const read = json ? readCode(json) : undefined;
  const vendorCode = typeof read?.code === 'number' ? read.code : undefined;
  const ok = response.status >= 200 && response.status < 300;
  if (ok && vendorCode === 0) return undefined;
  if (vendorCode === undefined || vendorCode === 0 || (!ok && !rules[vendorCode]))
    return (
      statusError(vendor, response) ??
      new ChannelError('bad_response', `${vendor} answered HTTP ${response.status} without a result code.`, {
        status: response.status,
      })
    );
  const rule = rules[vendorCode] ?? { code: 'rejected' };
  const said = typeof read?.message === 'string' && read.message ? `: ${read.message.slice(0, 200)}` : '';
  const hint = rule.hint ? ` ${rule.hint}` : '';
  return new ChannelError(rule.code, `${vendor} refused the message (code ${vendorCode}${said}).${hint}`, {
    status: response.status,
    vendorCode,
    retryAfterMs: rule.retryAfterMs,
  });
}
