import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import axios from 'axios';
import {
  ADDRESS_REFUSED,
  ConnectorError,
  checkUrl,
  guardedLookup,
  retryAfterHeaderMs,
} from '../connectors/http';

export type SendResult =
  | { ok: true; status: number }
  | {
      ok: false;
      status: number | null;
      /** Whether another attempt can help (5xx, 408, 429, timeouts, connection failures). */
      retryable: boolean;
      /** The receiver's `Retry-After`, when it sent one with a 429 or 503. */
      retryAfterMs: number | undefined;
      /** In plain words, for the delivery log. */
      message: string;
    };

export interface WebhookSenderOptions {
  /** Allows http:// and private, loopback and link-local receivers (ALLOW_PRIVATE_UPSTREAMS). */
  allowPrivate: boolean;
  timeoutMs: number;
}

export type WebhookSender = ReturnType<typeof createWebhookSender>;

/**
 * POSTs one signed body to a receiver through the SSRF guard of connectors/http.ts (https only, private
 * addresses refused on the literal and on every DNS answer), with a deadline and no redirects. The
 * receiver's body is never read: only its status counts.
 */
export function createWebhookSender(options: WebhookSenderOptions) {
  const lookup = guardedLookup(options.allowPrivate);
  const client = axios.create({
    maxRedirects: 0,
    responseType: 'stream',
    validateStatus: () => true,
    httpAgent: new http.Agent({ keepAlive: true, lookup }),
    httpsAgent: new https.Agent({ keepAlive: true, lookup }),
  });
  const seconds = Math.round(options.timeoutMs / 1000);

  async function post(url: string, headers: Record<string, string>, body: string): Promise<SendResult> {
    try {
      checkUrl(url, options.allowPrivate);
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      return failure(null, false, `The receiver URL is refused: ${error.message}`);
    }
    const deadline = AbortSignal.timeout(options.timeoutMs);
    try {
      const response = await client.post<Readable>(url, body, { headers, signal: deadline });
      response.data.destroy();
      const retryAfter = retryAfterHeaderMs(flat(response.headers));
      return classifyStatus(response.status, retryAfter);
    } catch (error) {
      return classifyNetworkError(error, deadline.aborted);
    }
  }

  function classifyNetworkError(error: unknown, timedOut: boolean): SendResult {
    const code =
      (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code ?? undefined;
    if (code === ADDRESS_REFUSED)
      return failure(
        null,
        false,
        'The receiver resolves to a private or loopback address, which is refused.',
      );
    if (timedOut || code === 'ECONNABORTED' || code === 'ETIMEDOUT')
      return failure(null, true, `The receiver did not answer within ${seconds} s.`);
    if (code === 'ECONNREFUSED')
      return failure(null, true, 'Could not connect to the receiver (connection refused).');
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
      return failure(null, true, "The receiver's host name does not resolve.");
    if (code === 'ECONNRESET')
      return failure(null, true, 'The receiver closed the connection before answering.');
    return failure(null, true, `Could not reach the receiver (${code ?? 'network error'}).`);
  }

  return { post };
}

export function classifyStatus(status: number, retryAfterMs?: number): SendResult {
  if (status >= 200 && status < 300) return { ok: true, status };
  if (status === 429)
    return failure(status, true, 'The receiver asked us to slow down (HTTP 429).', retryAfterMs);
  if (status >= 500)
    return failure(
      status,
      true,
      `The receiver answered HTTP ${status}.`,
      status === 503 ? retryAfterMs : undefined,
    );
  if (status === 408) return failure(status, true, 'The receiver timed out (HTTP 408).');
  if (status >= 300 && status < 400)
    return failure(
      status,
      false,
      `The receiver answered with a redirect (HTTP ${status}); redirects are not followed, so set the final URL.`,
    );
  return failure(status, false, `The receiver refused the delivery (HTTP ${status}).`);
}

function failure(
  status: number | null,
  retryable: boolean,
  message: string,
  retryAfterMs?: number,
): SendResult {
  return { ok: false, status, retryable, retryAfterMs, message };
}

function flat(headers: Record<string, unknown>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(headers))
    out[key.toLowerCase()] = typeof value === 'string' ? value : undefined;
  return out;
}
