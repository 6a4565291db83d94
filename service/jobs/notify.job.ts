import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ChannelDelivery } from '../services/channel-delivery.service';
import { createDeliveryWorker } from './delivery-worker';
import type { Metrics } from '../metrics';
import type { QueuePayloads } from './queues';

export interface NotifyWorkerDeps {
  connection: Redis;
  prefix: string;
  concurrency: number;
  delivery: ChannelDelivery;
  logger: Logger;
  metrics: Pick<Metrics, 'deliveryFailed'>;
}

/**
 * Sends comm-plan messages (`channel_delivery` rows) to email and chat channels: one job per send, one
 * `deliver()` per job attempt, retried after the wait the attempt asked for, stopped at once when retrying
 * cannot help (see `services/channel-delivery.service.ts`).
 */
export function createNotifyWorker(deps: NotifyWorkerDeps): Worker<QueuePayloads['notify'], void, 'notify'> {
  return createDeliveryWorker('notify', { ...deps, label: 'channel' });
}
