import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';

/** Every queue and the payload its jobs carry. Payloads hold ids only: never secrets. */
export interface QueuePayloads {
  sync: { runId: string };
}
export type QueueName = keyof QueuePayloads;
export type Queues = { [N in QueueName]: Queue<QueuePayloads[N], void, N> };

export interface QueueSettings {
  prefix: string;
  syncAttempts: number;
  syncBackoffMs: number;
}

export function createQueues(connection: Redis, settings: QueueSettings): Queues {
  const sync = new Queue<QueuePayloads['sync'], void, 'sync'>('sync', {
    connection,
    prefix: settings.prefix,
    defaultJobOptions: syncJobOptions(settings),
  });
  sync.on('error', () => undefined);
  return { sync };
}

function syncJobOptions(settings: QueueSettings): JobsOptions {
  return {
    attempts: settings.syncAttempts,
    backoff: { type: 'exponential', delay: settings.syncBackoffMs, jitter: 0.5 },
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

export const closeQueues = (queues: Queues): Promise<void[]> =>
  Promise.all(Object.values(queues).map((q) => q.close()));
