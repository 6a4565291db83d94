import type { Logger } from 'pino';
import type { Db } from '../store/db';
import {
  markQueued,
  overdueDeliveryIds,
  pendingDeliveryIds,
  postponeNextAttempt,
  recordAttempt,
} from '../store/webhook-deliveries.store';
import type { Queues } from './queues';

const BATCH = 100;
/** A queued or retrying delivery whose next attempt is this late may have lost its job (Redis data loss). */
const OVERDUE_MS = 10 * 60_000;

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
 */
export function createOutboxDispatcher(deps: OutboxDispatcherDeps) {
  const { db, queues, logger } = deps;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let started = false;
  let lastErrorLog = 0;

  const enqueue = (ids: string[]) =>
    queues.webhooks.addBulk(
      ids.map((deliveryId) => ({
        name: 'webhooks' as const,
        data: { deliveryId },
        opts: { jobId: deliveryId },
      })),
    );

  /**
   * A long-overdue delivery: its job is re-added when Redis lost it, the delivery is marked failed when BullMQ
   * failed the job outside the worker (e.g. it stalled too often), and otherwise it is simply late.
   */
  async function repair(id: string): Promise<void> {
    const job = await queues.webhooks.getJob(id);
    if (!job) await enqueue([id]);
    else if ((await job.getState()) === 'failed')
      await recordAttempt(db, id, {
        status: 'failed',
        lastError: `Gave up: ${job.failedReason || 'the delivery job failed'}.`,
        nextAttemptAt: null,
      });
  }

  /** Queues every pending delivery, then repairs long-overdue ones. */
  async function dispatch(): Promise<number> {
    let queued = 0;
    for (;;) {
      const ids = await pendingDeliveryIds(db, BATCH);
      if (!ids.length) break;
      await enqueue(ids);
      await markQueued(db, ids, new Date());
      queued += ids.length;
      if (ids.length < BATCH) break;
    }
    const overdue = await overdueDeliveryIds(db, new Date(Date.now() - OVERDUE_MS), BATCH);
    for (const id of overdue) await repair(id);
    await postponeNextAttempt(db, overdue, new Date());
    return queued;
  }

  async function tick(): Promise<void> {
    try {
      await dispatch();
    } catch (error) {
      // Redis (or the database) is away: the rows wait in the outbox. Say so once a minute.
      if (Date.now() - lastErrorLog > 60_000) {
        lastErrorLog = Date.now();
        logger.warn({ err: error }, 'webhook outbox: could not queue deliveries; they wait in the outbox');
      }
    }
  }

  function schedule(): void {
    timer = setTimeout(() => {
      running = tick().finally(() => {
        running = undefined;
        if (started) schedule();
      });
    }, deps.intervalMs);
    timer.unref();
  }

  return {
    dispatch,
    start(): void {
      if (started) return;
      started = true;
      schedule();
    },
    /** Stops polling and waits for a tick in progress. */
    async stop(): Promise<void> {
      started = false;
      clearTimeout(timer);
      await running;
    },
    get running(): boolean {
      return started;
    },
  };
}
