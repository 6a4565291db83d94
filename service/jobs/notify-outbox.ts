import type { Logger } from 'pino';
import type { CommPlanSchedules } from '../services/comm-plan-schedules';
import {
  markSending,
  overdueDeliveryIds,
  pendingDeliveryIds,
  postponeNextAttempt,
} from '../store/channel-deliveries.store';
import type { Db } from '../store/db';
import { createPoller, outboxDispatch } from './outbox';
import type { Queues } from './queues';

export interface NotifyDispatcherDeps {
  db: Db;
  queues: Queues;
  schedules: CommPlanSchedules;
  logger: Logger;
  intervalMs: number;
}

export type NotifyDispatcher = ReturnType<typeof createNotifyDispatcher>;

/**
 * Moves pending channel sends (written in the transaction of a publish, a cycle or a reminder) onto the
 * `notify` queue, job id = delivery id (jobs/outbox.ts), and on the same tick writes the job schedulers of
 * plans saved while Redis was away. Both are retried on the next tick when Redis or the database is away.
 */
export function createNotifyDispatcher(deps: NotifyDispatcherDeps) {
  const { db, queues } = deps;
  const sends = outboxDispatch({
    pending: (limit) => pendingDeliveryIds(db, limit),
    markQueued: (ids, at) => markSending(db, ids, at),
    overdue: (before, limit) => overdueDeliveryIds(db, before, limit),
    postpone: (ids, at) => postponeNextAttempt(db, ids, at),
    enqueue: (ids) =>
      queues.notify.addBulk(
        ids.map((deliveryId) => ({
          name: 'notify' as const,
          data: { deliveryId },
          opts: { jobId: deliveryId },
        })),
      ),
  });
  /** Queues pending sends and writes pending schedules; resolves to the number of sends queued. */
  async function dispatch(): Promise<number> {
    const [queued, scheduled] = await Promise.allSettled([sends(), deps.schedules.syncPending()]);
    if (queued.status === 'rejected') throw queued.reason;
    if (scheduled.status === 'rejected') throw scheduled.reason;
    return queued.value;
  }
  const poller = createPoller({
    intervalMs: deps.intervalMs,
    logger: deps.logger,
    work: dispatch,
    failure: 'notify outbox: could not queue channel sends or write schedules; they wait in the database',
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
