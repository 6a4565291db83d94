import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';

/** Every queue and the payload its jobs carry. Payloads hold ids only: never secrets. */
export interface QueuePayloads {
  sync: { runId: string };
  /** Recomputes a project's stored summary (after a sync or a publish). */
  render: { projectId: string };
  /** One attempt at an outbound webhook delivery (the job id is the delivery id). */
  webhooks: { deliveryId: string };
  /** One attempt at a channel send of a comm plan (the job id is the `channel_delivery` id). */
  notify: { deliveryId: string };
  /** A comm plan's cycle (its job scheduler, id = plan id), or the reminder about one cycle's draft. */
  cadence: { kind: 'cycle'; planId: string } | { kind: 'reminder'; planId: string; updateId: string };
  /** A connection's reconciliation: an incremental sync of each of its synced projects (job scheduler id = connection id). */
  reconcile: { connectionId: string };
}
export type QueueName = keyof QueuePayloads;
export type Queues = { [N in QueueName]: Queue<QueuePayloads[N], void, N> };

export interface QueueSettings {
  prefix: string;
  syncAttempts: number;
  syncBackoffMs: number;
  webhookAttempts: number;
  notifyAttempts: number;
}

export function createQueues(connection: Redis, settings: QueueSettings): Queues {
  const sync = new Queue<QueuePayloads['sync'], void, 'sync'>('sync', {
    connection,
    prefix: settings.prefix,
    defaultJobOptions: syncJobOptions(settings),
  });
  sync.on('error', () => undefined);
  const render = new Queue<QueuePayloads['render'], void, 'render'>('render', {
    connection,
    prefix: settings.prefix,
    defaultJobOptions: {
      attempts: 5,
      backoff: { type: 'exponential', delay: 1_000, jitter: 0.5 },
      removeOnComplete: { count: 100 },
      removeOnFail: { age: 24 * 3600 },
    },
  });
  render.on('error', () => undefined);
  const webhooks = new Queue<QueuePayloads['webhooks'], void, 'webhooks'>('webhooks', {
    connection,
    prefix: settings.prefix,
    defaultJobOptions: {
      attempts: settings.webhookAttempts,
      // Computed by the webhook worker: exponential with jitter, or the receiver's Retry-After.
      backoff: { type: 'webhook' },
      removeOnComplete: { age: 24 * 3600, count: 1000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
  webhooks.on('error', () => undefined);
  const notify = new Queue<QueuePayloads['notify'], void, 'notify'>('notify', {
    connection,
    prefix: settings.prefix,
    defaultJobOptions: {
      attempts: settings.notifyAttempts,
      // Computed by the notify worker: exponential with jitter, or the vendor's Retry-After.
      backoff: { type: 'notify' },
      removeOnComplete: { age: 24 * 3600, count: 1000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
  notify.on('error', () => undefined);
  const cadence = new Queue<QueuePayloads['cadence'], void, 'cadence'>('cadence', {
    connection,
    prefix: settings.prefix,
    defaultJobOptions: {
      attempts: 5,
      backoff: { type: 'exponential', delay: 5_000, jitter: 0.5 },
      removeOnComplete: { age: 7 * 24 * 3600, count: 1000 },
      removeOnFail: { age: 30 * 24 * 3600 },
    },
  });
  cadence.on('error', () => undefined);
  const reconcile = new Queue<QueuePayloads['reconcile'], void, 'reconcile'>('reconcile', {
    connection,
    prefix: settings.prefix,
    defaultJobOptions: {
      attempts: 3,
      backoff: { type: 'exponential', delay: 5_000, jitter: 0.5 },
      removeOnComplete: { age: 24 * 3600, count: 1000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
  reconcile.on('error', () => undefined);
  return { sync, render, webhooks, notify, cadence, reconcile };
}

function syncJobOptions(settings: QueueSettings): JobsOptions {
  return {
    attempts: settings.syncAttempts,
    backoff: { type: 'exponential', delay: settings.syncBackoffMs, jitter: 0.5 },
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

/** Queues a summary recomputation; requests made while one is waiting collapse into it. */
export async function requestRender(queues: Queues, projectId: string): Promise<void> {
  await queues.render.add('render', { projectId }, { deduplication: { id: `render-${projectId}` } });
}

export const closeQueues = (queues: Queues): Promise<void[]> =>
  Promise.all(Object.values(queues).map((q) => q.close()));
