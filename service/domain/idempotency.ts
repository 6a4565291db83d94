import { createHash } from 'node:crypto';

/** Longest key accepted, as Stripe does; a UUID (36) is what clients should send. */
export const IDEMPOTENCY_KEY_MAX = 255;

/** How long a finished request's answer is replayed for its key (published in the OpenAPI document). */
export const IDEMPOTENCY_TTL_HOURS = 24;

/**
 * The key of an `Idempotency-Key` header, or null when the header is not a valid key. The IETF draft
 * (draft-ietf-httpapi-idempotency-key-header §2.1) makes it a Structured Field string (`"8e03…"`, RFC 8941
 * §3.3.3: printable ASCII, `\"` and `\\` escaped); Stripe and most clients send the bare value. Both are
 * accepted, and mean the same key. Sent as two fields (an array) is invalid: the draft forbids it.
 */
export function parseIdempotencyKey(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  const value = header.trim();
  const key = value.startsWith('"') ? unquoteSfString(value) : value;
  if (key === null || key.length < 1 || key.length > IDEMPOTENCY_KEY_MAX) return null;
  return /^[\x20-\x7e]+$/.test(key) ? key : null;
}

function unquoteSfString(value: string): string | null {
  let out = '';
  for (let i = 1; i < value.length; i++) {
    const char = value[i]!;
    if (char === '"') return i === value.length - 1 ? out : null;
    if (char === '\\') {
      const next = value[++i];
      if (next !== '"' && next !== '\\') return null;
      out += next;
    } else out += char;
  }
  return null; // no closing quote
}

/**
 * What makes a retry "the same request": method, path and body. The body is the parsed JSON in a canonical
 * form (keys sorted at every level), so a client that re-serializes it in another key order or spacing is
 * still retrying, while any changed value is a different request (the draft's "checksum of the entire
 * request payload", §2.4).
 */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()} ${url}\n${canonicalJson(body)}`)
    .digest('base64url');
}

export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
