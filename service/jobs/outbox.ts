import type { Logger } from 'pino';

/**
 * The dispatching half of a transactional outbox, for any table of deliveries: rows committed with the
 * change that caused them (`pending`) are handed to a queue whose job id is the row id, so handing a row
 * over twice — two dispatchers, or a crash between the add and the status update — makes one job. While
 * Redis is away the add fails, the rows stay pending, and the next tick after it returns queues them.
 * Rows whose next attempt is long overdue are handed over again: a no-op while their job still exists,
 * a repair when Redis lost it.
 */
export interface OutboxSource {
  /** Rows not yet handed to the queue, oldest first. */
  pending(limit: number): Promise<string[]>;
  /** Marks rows as handed over (only those still pending). */
  markQueued(ids: string[], at: Date): Promise<void>;
  /** Handed-over, unfinished rows whose next attempt is before `before`. */
  overdue(before: Date, limit: number): Promise<string[]>;
  /** Moves their next attempt to `at`, so one repair is not repeated on every tick. */
  postpone(ids: string[], at: Date): Promise<void>;
  /** One job per id, the job id being the row id. */
  enqueue(ids: string[]): Promise<unknown>;
}

const BATCH = 100;
/** A handed-over row whose next attempt is this late may have lost its job (Redis data loss). */
const OVERDUE_MS = 10 * 60_000;

/** Queues every pending row, then re-adds long-overdue ones; resolves to the number of pending rows queued. */
export function outboxDispatch(source: OutboxSource): () => Promise<number> {
  return async () => {
    let queued = 0;
    for (;;) {
      const ids = await source.pending(BATCH);
      if (!ids.length) break;
      await source.enqueue(ids);
      await source.markQueued(ids, new Date());
      queued += ids.length;
      if (ids.length < BATCH) break;
    }
    const overdue = await source.overdue(new Date(Date.now() - OVERDUE_MS), BATCH);
    if (overdue.length) {
      await source.enqueue(overdue);
      await source.postpone(overdue, new Date());
    }
    return queued;
  };
}

export interface Poller {
  start: () => void;
  /** Stops polling and waits for a tick in progress. */
  stop: () => Promise<void>;
  readonly running: boolean;
}

/**
 * Runs `work` every `intervalMs` (one run at a time) until stopped. A failing run (Redis or the database
 * away) is logged at most once a minute with `failure`; the next tick tries again.
 */
export function createPoller(deps: {
  intervalMs: number;
  logger: Logger;
  work: () => Promise<unknown>;
  failure: string;
}): Poller {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let started = false;
  let lastErrorLog = 0;

  async function tick(): Promise<void> {
    try {
      await deps.work();
    } catch (error) {
      if (Date.now() - lastErrorLog > 60_000) {
        lastErrorLog = Date.now();
        deps.logger.warn({ err: error }, deps.failure);
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
    start: () => {
      if (started) return;
      started = true;
      schedule();
    },
    stop: async () => {
      started = false;
      clearTimeout(timer);
      await running;
    },
    get running(): boolean {
      return started;
    },
  };
}
