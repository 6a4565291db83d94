import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { WebhookDelivery } from '../services/webhook-delivery.service';
import { createDeliveryWorker } from './delivery-worker';
import type { Metrics } from '../metrics';
import type { QueuePayloads } from './queues';

/** A failed attempt that should be retried after `delayMs` (the job's custom backoff reads it). */
export { RetryLaterError as WebhookRetryError } from './delivery-worker';

export interface WebhookWorkerDeps {
  connection: Redis;
  prefix: string;
  concurrency: number;
  delivery: WebhookDelivery;
  logger: Logger;
  metrics: Pick<Metrics, 'deliveryFailed'>;
}

/**
 * Delivers outbound webhooks: one job per delivery (job id = delivery id), one HTTP attempt per job attempt.
 * Retries use BullMQ's attempts with a custom backoff — exponential with jitter, or the receiver's
 * Retry-After — and stop early (UnrecoverableError) on answers another attempt cannot change. The worker is
 * `jobs/delivery-worker.ts`, shared with channel deliveries.
 */
export function createWebhookWorker(
  deps: WebhookWorkerDeps,
): Worker<QueuePayloads['webhooks'], void, 'webhooks'> {
  return createDeliveryWorker('webhooks', { ...deps, label: 'webhook' });
}
