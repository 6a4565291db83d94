import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { WebhookRejected, type WebhookEvent, type WebhookRequest } from '../connector';

/**
 * PingCode has no REST webhooks; changes are pushed by a Flow rule's 「发送HTTP请求」 action, whose body and
 * headers the admin writes, or by Nexus events (worktile-and-pingcode-events.md §3). Neither signs, so the
 * rule sends the connection's shared secret in a header it sets, `X-ClientLens-Secret`, compared in constant
 * time; a sender that can sign may send `X-Hub-Signature-256: sha256=<HMAC-SHA256 of the body>` instead.
 * The body is read as the Nexus event envelope `{event_type, payload: {data}}` or a plain work item, for the
 * project id only; anything else means "sync every project". No delivery id exists: the body's SHA-256 is
 * the dedupe key (a Flow rule firing twice for the same change sends the same body).
 */
export function verifyPingcodeWebhook(request: WebhookRequest): WebhookEvent {
  const { secret, rawBody, headers } = request;
  if (!secret) throw new WebhookRejected('no_secret', 'This connection has no webhook secret.');
  if (!signed(headers, rawBody, secret)) throw new WebhookRejected('signature', 'Bad or missing secret.');
  const body = parse(rawBody);
  const data = (body?.payload as { data?: Record<string, unknown> } | undefined)?.data ?? body;
  const project = data?.project as { id?: unknown } | undefined;
  return {
    deliveryId: createHash('sha256').update(rawBody).digest('hex'),
    event: typeof body?.event_type === 'string' ? body.event_type : 'flow',
    projectExternalIds: typeof project?.id === 'string' ? [project.id] : [],
  };
}

function signed(headers: WebhookRequest['headers'], rawBody: Buffer, secret: string): boolean {
  const shared = headers['x-clientlens-secret'];
  if (shared !== undefined) return equal(Buffer.from(shared), Buffer.from(secret));
  const signature = headers['x-hub-signature-256'];
  if (!signature?.startsWith('sha256=')) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return equal(Buffer.from(signature.slice(7), 'hex'), expected);
}

const equal = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);

function parse(rawBody: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(rawBody.toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
