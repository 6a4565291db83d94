import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SyncKind, SyncStatus } from './model';
import type { UpdateContent } from './update';

/** Outbound webhook events. README "Outbound webhooks" documents each payload. */
export const WEBHOOK_EVENTS = [
  'sync.completed',
  'sync.failed',
  'update.published',
  'feedback.created',
  'feedback.answered',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'queued', 'retrying', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];
/** A delivery in one of these states is never sent again. */
export const FINAL_DELIVERY_STATUSES: readonly WebhookDeliveryStatus[] = ['delivered', 'failed'];

export interface SyncRunEventData {
  run: {
    id: string;
    connectionId: string;
    projectId: string;
    kind: SyncKind;
    status: SyncStatus;
    counts: { fetched: number; upserted: number; deleted: number };
    error: { code: string; message: string } | null;
    startedAt: string | null;
    finishedAt: string | null;
  };
}

export interface FeedbackEventData {
  feedback: {
    id: string;
    projectId: string;
    kind: 'comment' | 'question' | 'approval' | 'change_request' | 'rating';
    status: 'open' | 'answered' | 'closed';
    body: string | null;
    rating: number | null;
    milestoneId: string | null;
    authorName: string | null;
    reply: string | null;
    createdAt: string;
    answeredAt: string | null;
  };
}

/** The `data` of each event type: what `recordEvent` takes and what receivers get. */
export interface WebhookEventData {
  'sync.completed': SyncRunEventData;
  'sync.failed': SyncRunEventData;
  'update.published': {
    update: { id: string; projectId: string; content: UpdateContent; publishedAt: string };
  };
  'feedback.created': FeedbackEventData;
  'feedback.answered': FeedbackEventData;
}

export const SIGNATURE_HEADER = 'ClientLens-Signature';
export const EVENT_HEADER = 'ClientLens-Event';
export const DELIVERY_HEADER = 'ClientLens-Delivery';
export const ATTEMPT_HEADER = 'ClientLens-Attempt';
/** How far a receiver should let a signature's timestamp be from its own clock. */
export const REPLAY_WINDOW_SECONDS = 300;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, keyed with the subscription secret (UTF-8). */
export function signatureHeader(secret: string, rawBody: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${hmacHex(secret, `${unixSeconds}.${rawBody}`)}`;
}

/** What a receiver does (README shows the same steps): constant-time compare, then the replay window. */
export function verifySignature(
  secret: string,
  rawBody: string,
  header: string | undefined,
  nowSeconds: number,
  toleranceSeconds = REPLAY_WINDOW_SECONDS,
): boolean {
  const parts = new Map(
    (header ?? '').split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const t = Number(parts.get('t'));
  const given = Buffer.from(parts.get('v1') ?? '', 'hex');
  const expected = Buffer.from(hmacHex(secret, `${parts.get('t')}.${rawBody}`), 'hex');
  if (!Number.isInteger(t) || given.length !== expected.length || !timingSafeEqual(given, expected))
    return false;
  return Math.abs(nowSeconds - t) <= toleranceSeconds;
}

const hmacHex = (secret: string, message: string): string =>
  createHmac('sha256', secret).update(message, 'utf8').digest('hex');

// The retry schedule is shared with channel deliveries (domain/retry.ts).
export { retryDelayMs, type RetrySchedule } from './retry';
