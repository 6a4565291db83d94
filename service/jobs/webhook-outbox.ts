import type { Logger } from 'pino';
import type { Db } from '../store/db';
import {
  markQueued,
  overdueDeliveryIds,
  pendingDeliveryIds,
  postponeNextAttempt,
} from '../store/webhook-deliveries.store';
import { createPoller, outboxDispatch } from './outbox';
import type { Queues } from './queues';

export interface OutboxDispatcherDeps {
  db: Db;
  queues: Queues;
  logger: Logger;
  intervalMs: number;
}

export type OutboxDispatcher = ReturnType<typeof createOutboxDispatcher>;

/**
 * Moves outbox rows (pending deliveries, committed with the change that caused them) onto the `webhooks`
 * queue. The job id is the delivery id, so adding a row twice — two dispatchers, or a crash between the add
 * and the status update — makes one job; the worker skips deliveries that are already delivered or failed.
 * While Redis is away the add fails, the rows stay pending, and the next tick after it returns queues them.
 * The loop itself is `jobs/outbox.ts`, shared with channel deliveries.
 */
export function createOutboxDispatcher(deps: OutboxDispatcherDeps) {
  const { db, queues } = deps;
  const dispatch = outboxDispatch({
    pending: (limit) => pendingDeliveryIds(db, limit),
    markQueued: (ids, at) => markQueued(db, ids, at),
    overdue: (before, limit) => overdueDeliveryIds(db, before, limit),
    postpone: (ids, at) => postponeNextAttempt(db, ids, at),
    enqueue: (ids) =>
      queues.webhooks.addBulk(
        ids.map((deliveryId) => ({
          name: 'webhooks' as const,
          data: { deliveryId },
          opts: { jobId: deliveryId },
        })),
      ),
  });
  const poller = createPoller({
    intervalMs: deps.intervalMs,
    logger: deps.logger,
    work: dispatch,
    // Redis (or the database) is away: the rows wait in the outbox.
    failure: 'webhook outbox: could not queue deliveries; they wait in the outbox',
  });
  return {
    dispatch,
    start: poller.start,
    stop: poller.stop,
    get running(): boolean {
      return poller.running;
    },
  };
}
