import { UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { retryDelayMs } from '../domain/webhooks';
import type { WebhookDelivery } from '../services/webhook-delivery.service';
import type { QueuePayloads } from './queues';

/** A failed attempt that should be retried after `delayMs` (the job's custom backoff reads it). */
export class WebhookRetryError extends Error {
  override name = 'WebhookRetryError';
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
  }
}

export interface WebhookWorkerDeps {
  connection: Redis;
  prefix: string;
  concurrency: number;
  delivery: WebhookDelivery;
  logger: Logger;
}

/**
 * Delivers outbound webhooks: one job per delivery (job id = delivery id), one HTTP attempt per job attempt.
 * Retries use BullMQ's attempts with a custom backoff — exponential with jitter, or the receiver's
 * Retry-After — and stop early (UnrecoverableError) on answers another attempt cannot change.
 */
export function createWebhookWorker(
  deps: WebhookWorkerDeps,
): Worker<QueuePayloads['webhooks'], void, 'webhooks'> {
  const { delivery, logger } = deps;
  const worker = new Worker<QueuePayloads['webhooks'], void, 'webhooks'>(
    'webhooks',
    async (job) => {
      const outcome = await delivery.attempt(job.data.deliveryId);
      if (outcome.kind === 'retry') throw new WebhookRetryError(outcome.message, outcome.delayMs);
      if (outcome.kind === 'failed') throw new UnrecoverableError(outcome.message);
    },
    {
      connection: deps.connection,
      prefix: deps.prefix,
      concurrency: deps.concurrency,
      autorun: false,
      settings: {
        backoffStrategy: (attemptsMade, _type, error) =>
          error instanceof WebhookRetryError ? error.delayMs : retryDelayMs(attemptsMade, delivery.schedule),
      },
    },
  );
  const lastLogged = new Map<string, number>();
  worker.on('error', (error) => {
    const now = Date.now();
    if (now - (lastLogged.get(error.message) ?? 0) < 60_000) return;
    lastLogged.set(error.message, now);
    logger.error({ err: error }, 'webhook worker error');
  });
  worker.on('failed', (job, error) => {
    if (!job) return;
    const { deliveryId } = job.data;
    if (error instanceof WebhookRetryError) {
      logger.info({ deliveryId, attempt: job.attemptsMade }, 'webhook delivery failed; will retry');
      return;
    }
    if (error instanceof UnrecoverableError || error.name === 'UnrecoverableError') {
      logger.warn({ deliveryId }, 'webhook delivery failed');
      return;
    }
    // Not an HTTP outcome (e.g. the database was away); once BullMQ gives up (finishedOn), the log says so too.
    logger.error({ err: error, deliveryId }, 'webhook delivery error');
    if (job.finishedOn) void delivery.giveUp(deliveryId, error.message).catch(() => undefined);
  });
  return worker;
}
