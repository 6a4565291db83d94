/**
 * Every delivery failure, as data: a stable code, whether a queue should try again, and how long to wait
 * when the vendor said so. Whether a code is worth retrying is decided here once, so every channel agrees.
 */
export type ChannelErrorCode =
  /** The channel config or the message does not validate. */
  | 'invalid_config'
  /** Email asked for, but no SMTP transport was given. */
  | 'not_configured'
  /** Not https, or a private/loopback address while private addresses are not allowed. */
  | 'address_refused'
  /** The webhook no longer exists (revoked key, removed robot, archived channel). */
  | 'webhook_not_found'
  /** HTTP 401/403, or SMTP login refused. */
  | 'auth_failed'
  /** The robot's own security settings refused the message: signature, keyword or IP allowlist. */
  | 'security_refused'
  /** The vendor refused this message for good (4xx, a non-zero code, SMTP 5xx): retrying cannot help. */
  | 'rejected'
  /** The message is over the vendor's size limit even after truncation. */
  | 'too_large'
  /** Over the vendor's rate limit (429 or a vendor code): retry after `retryAfterMs`. */
  | 'rate_limited'
  /** The vendor is down or busy (5xx, SMTP 4xx). */
  | 'unavailable'
  | 'timeout'
  /** Connection refused or reset, DNS failure, TLS failure. */
  | 'network_error'
  /** A 2xx answer we could not read: whether it was posted is unknown. */
  | 'bad_response';

const RETRYABLE: ReadonlySet<ChannelErrorCode> = new Set([
  'rate_limited',
  'unavailable',
  'timeout',
  'network_error',
  // Retried like the HTTP layer's `bad_payload`; DingTalk's `msgUuid` and email's Message-ID let the
  // receiving side drop a duplicate when the first attempt did get through.
  'bad_response',
]);

export function isRetryableCode(code: ChannelErrorCode): boolean {
  return RETRYABLE.has(code);
}

export interface ChannelErrorOptions {
  retryAfterMs?: number | undefined;
  /** HTTP status, or the SMTP reply code. */
  status?: number | undefined;
  /** The vendor's own code (`errcode`, `code`, Slack's error string). */
  vendorCode?: number | string | undefined;
  /** Email only: the recipients worth retrying; the others got the message or failed for good. */
  pendingRecipients?: string[] | undefined;
}

export class ChannelError extends Error {
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;
  readonly vendorCode: number | string | undefined;
  readonly pendingRecipients: string[] | undefined;

  constructor(
    readonly code: ChannelErrorCode,
    message: string,
    options: ChannelErrorOptions = {},
  ) {
    super(message);
    this.name = 'ChannelError';
    this.retryable = isRetryableCode(code);
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
    this.vendorCode = options.vendorCode;
    this.pendingRecipients = options.pendingRecipients;
  }
}
