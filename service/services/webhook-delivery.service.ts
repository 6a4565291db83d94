import { decryptJson } from '../crypto';
import {
  ATTEMPT_HEADER,
  DELIVERY_HEADER,
  EVENT_HEADER,
  FINAL_DELIVERY_STATUSES,
  SIGNATURE_HEADER,
  retryDelayMs,
  signatureHeader,
  type RetrySchedule,
} from '../domain/webhooks';
import type { AttemptOutcome } from '../domain/retry';
import type { Db } from '../store/db';
import { getDeliveryTarget, recordAttempt } from '../store/webhook-deliveries.store';
import type { WebhookSender } from './webhook-sender';

/** No wait between two attempts is longer, whatever the schedule or a receiver's Retry-After says. */
export const MAX_RETRY_WAIT_MS = 3_600_000;

export interface WebhookDeliveryDeps {
  db: Db;
  secretKey: Buffer;
  sender: WebhookSender;
  /** Attempts before a delivery is marked failed (WEBHOOK_ATTEMPTS). */
  maxAttempts: number;
  /** First retry wait (WEBHOOK_BACKOFF_MS); doubles each attempt, up to an hour, less up to half of it. */
  backoffMs: number;
  now?: () => Date;
}

/** `skipped`: the subscription was deleted, or the delivery is delivered or failed already. */
export type { AttemptOutcome } from '../domain/retry';

export type WebhookDelivery = ReturnType<typeof createWebhookDeliveryService>;

/** A failed POST as a stable code: the receiver's HTTP status, or why no answer came (timeouts included). */
const failureCode = (result: { status: number | null; retryable: boolean }): string =>
  result.status !== null ? `http_${result.status}` : result.retryable ? 'network_error' : 'address_refused';

/**
 * One attempt of one delivery: signs the event's stored body with a fresh timestamp, POSTs it, and writes
 * the outcome to the delivery log. The delivery id (the ClientLens-Delivery header) is the row's id, fixed
 * when the event was recorded, so every attempt — also one replayed after a crash — carries the same id.
 * The attempt count lives in the database, so it survives a job recreated by the outbox dispatcher.
 */
export function createWebhookDeliveryService(deps: WebhookDeliveryDeps) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const schedule: RetrySchedule = { baseMs: deps.backoffMs, capMs: MAX_RETRY_WAIT_MS, jitter: 0.5 };

  async function attempt(deliveryId: string): Promise<AttemptOutcome> {
    const target = await getDeliveryTarget(db, deliveryId);
    if (!target || FINAL_DELIVERY_STATUSES.includes(target.status)) return { kind: 'skipped' };
    const attemptNo = target.attempts + 1;
    if (!target.active) {
      const message = 'Not sent: the subscription was deactivated before this delivery.';
      await recordAttempt(db, deliveryId, { status: 'failed', lastError: message, nextAttemptAt: null });
      return { kind: 'failed', message, code: 'subscription_inactive' };
    }
    const secret = decryptJson(deps.secretKey, target.sealedSecret, target.subscriptionId) as string;
    const timestamp = Math.floor(now().getTime() / 1000);
    const result = await deps.sender.post(
      target.url,
      {
        'Content-Type': 'application/json',
        'User-Agent': 'ClientLens-Webhooks',
        [EVENT_HEADER]: target.eventType,
        [DELIVERY_HEADER]: target.id,
        [ATTEMPT_HEADER]: String(attemptNo),
        [SIGNATURE_HEADER]: signatureHeader(secret, target.body, timestamp),
      },
      target.body,
    );
    const at = now();
    if (result.ok) {
      await recordAttempt(db, deliveryId, {
        status: 'delivered',
        attempts: attemptNo,
        lastStatus: result.status,
        lastError: null,
        nextAttemptAt: null,
        deliveredAt: at,
      });
      return { kind: 'delivered' };
    }
    if (!result.retryable || attemptNo >= deps.maxAttempts) {
      const message = result.retryable
        ? `${result.message} Gave up after ${attemptNo} attempts.`
        : `${result.message} Not retried: another attempt would not change the answer.`;
      await recordAttempt(db, deliveryId, {
        status: 'failed',
        attempts: attemptNo,
        lastStatus: result.status,
        lastError: message,
        nextAttemptAt: null,
      });
      return { kind: 'failed', message, code: failureCode(result) };
    }
    const delayMs = Math.min(result.retryAfterMs ?? retryDelayMs(attemptNo, schedule), MAX_RETRY_WAIT_MS);
    const message = `${result.message} Retrying automatically (attempt ${attemptNo} of ${deps.maxAttempts}).`;
    await recordAttempt(db, deliveryId, {
      status: 'retrying',
      attempts: attemptNo,
      lastStatus: result.status,
      lastError: message,
      nextAttemptAt: new Date(at.getTime() + delayMs),
    });
    return { kind: 'retry', delayMs, message, code: failureCode(result) };
  }

  /** Ends a delivery whose job gave up outside `attempt` (e.g. the database failed on every try). */
  async function giveUp(deliveryId: string, reason: string): Promise<void> {
    await recordAttempt(db, deliveryId, {
      status: 'failed',
      lastError: `Gave up: ${reason}`,
      nextAttemptAt: null,
    });
  }

  return { attempt, giveUp, schedule };
}
