import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { retryDelayMs, type AttemptOutcome, type RetrySchedule } from '../domain/retry';
import { inLogContext, jobLogFields, withJobLogContext } from '../log-context';
import type { Metrics } from '../metrics';
import type { QueuePayloads } from './queues';

/** A failed attempt that should be retried after `delayMs` (the job's custom backoff reads it). */
export class RetryLaterError extends Error {
  override name = 'RetryLaterError';
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
  }
}

/** One attempt of one delivery, with its outcome in the database (attempt counts survive a recreated job). */
export interface DeliveryAttempts {
  attempt(deliveryId: string): Promise<AttemptOutcome>;
  giveUp(deliveryId: string, reason: string): Promise<void>;
  schedule: RetrySchedule;
}

type DeliveryQueue = {
  [N in keyof QueuePayloads]: QueuePayloads[N] extends { deliveryId: string } ? N : never;
}[keyof QueuePayloads];

export interface DeliveryWorkerDeps {
  connection: Redis;
  prefix: string;
  concurrency: number;
  delivery: DeliveryAttempts;
  logger: Logger;
  /** Names the deliveries in logs ("webhook" → "webhook delivery failed; will retry") and in metrics. */
  label: 'webhook' | 'channel';
  metrics: Pick<Metrics, 'deliveryFailed'>;
}

/**
 * Delivers an outbox: one job per delivery (job id = delivery id), one attempt per job attempt. Retries use
 * BullMQ's attempts with a custom backoff — the wait the attempt asked for (exponential with jitter, or the
 * receiver's Retry-After) — and stop early (UnrecoverableError) on answers another attempt cannot change.
 */
export function createDeliveryWorker<N extends DeliveryQueue>(
  name: N,
  deps: DeliveryWorkerDeps,
): Worker<QueuePayloads[N], void, N> {
  const { delivery, logger, label, metrics } = deps;
  const worker = new Worker<QueuePayloads[N], void, N>(
    name,
    withJobLogContext(async (job) => {
      const outcome = await delivery.attempt(job.data.deliveryId);
      if (outcome.kind === 'retry' || outcome.kind === 'failed') metrics.deliveryFailed(label, outcome.code);
      if (outcome.kind === 'retry') throw new RetryLaterError(outcome.message, outcome.delayMs);
      if (outcome.kind === 'failed') throw new UnrecoverableError(outcome.message);
    }),
    {
      connection: deps.connection,
      prefix: deps.prefix,
      concurrency: deps.concurrency,
      autorun: false,
      settings: {
        backoffStrategy: (attemptsMade, _type, error) =>
          error instanceof RetryLaterError ? error.delayMs : retryDelayMs(attemptsMade, delivery.schedule),
      },
    },
  );
  const lastLogged = new Map<string, number>();
  worker.on('error', (error) => {
    const now = Date.now();
    if (now - (lastLogged.get(error.message) ?? 0) < 60_000) return;
    lastLogged.set(error.message, now);
    logger.error({ err: error }, `${label} worker error`);
  });
  worker.on('failed', (job, error) => {
    if (job) inLogContext(jobLogFields(job), () => onFailed(job, error));
  });
  function onFailed(job: Job<QueuePayloads[N], void, N>, error: Error): void {
    const { deliveryId } = job.data;
    if (error instanceof RetryLaterError) {
      logger.info({ deliveryId, attempt: job.attemptsMade }, `${label} delivery failed; will retry`);
      return;
    }
    if (error instanceof UnrecoverableError || error.name === 'UnrecoverableError') {
      logger.warn({ deliveryId }, `${label} delivery failed`);
      return;
    }
    // Not a delivery outcome (e.g. the database was away); once BullMQ gives up, the log must say so too.
    logger.error({ err: error, deliveryId }, `${label} delivery error`);
    if (job.attemptsMade >= (job.opts.attempts ?? 1))
      void delivery.giveUp(deliveryId, error.message).catch(() => undefined);
  }
  return worker;
}
