import type { Logger } from 'pino';
import type { Queues } from '../jobs/queues';
import { listAllConnections } from '../store/connections.store';
import type { Db } from '../store/db';
import type { ConnectionRow } from '../store/schema';

export type ReconcileSchedules = ReturnType<typeof createReconcileSchedules>;

/**
 * One BullMQ job scheduler per connection (id = connection id) firing its reconciliation every
 * `reconcileMinutes`: a dropped webhook is repaired within one cycle. Upserting is idempotent, so any number
 * of processes writing it (three workers starting at once) leave exactly one. The connection row is the
 * truth; every worker rewrites all schedulers at start, so a Redis that lost its data gets them back.
 */
export function createReconcileSchedules(deps: { db: Db; queues: Queues; logger: Logger }) {
  const { db, queues, logger } = deps;

  async function write(connection: Pick<ConnectionRow, 'id' | 'reconcileMinutes'>): Promise<void> {
    if (connection.reconcileMinutes <= 0) {
      await queues.reconcile.removeJobScheduler(connection.id);
      return;
    }
    const every = connection.reconcileMinutes * 60_000;
    // Unchanged: left alone, so a worker restart neither fires it early nor pushes it back.
    if ((await queues.reconcile.getJobScheduler(connection.id))?.every === every) return;
    await queues.reconcile.upsertJobScheduler(
      // BullMQ types the scheduler id as the job name; any string is a valid id.
      connection.id as 'reconcile',
      // The first run one interval from now: a new schedule never starts with a burst of syncs.
      { every, startDate: Date.now() + every },
      { name: 'reconcile', data: { connectionId: connection.id } },
    );
  }

  return {
    /** After a create or an update; when Redis is away the next worker start writes it. */
    async apply(connection: Pick<ConnectionRow, 'id' | 'reconcileMinutes'>): Promise<void> {
      try {
        await write(connection);
      } catch (error) {
        logger.warn(
          { err: error, connectionId: connection.id },
          'reconciliation schedule not written; a worker writes it at start',
        );
      }
    },

    async remove(connectionId: string): Promise<void> {
      try {
        await queues.reconcile.removeJobScheduler(connectionId);
      } catch (error) {
        logger.warn(
          { err: error, connectionId },
          'reconciliation schedule not removed; it removes itself when it fires',
        );
      }
    },

    /** At worker start: every connection's scheduler written, schedulers without a connection removed. */
    async reconcile(): Promise<{ connections: number; removed: number }> {
      const schedulers = await queues.reconcile.getJobSchedulers(0, -1, true);
      const ids = new Set<string>();
      for (const connection of await listAllConnections(db)) {
        ids.add(connection.id);
        await write(connection);
      }
      let removed = 0;
      for (const scheduler of schedulers)
        if (!ids.has(scheduler.key)) {
          await queues.reconcile.removeJobScheduler(scheduler.key);
          removed += 1;
        }
      return { connections: ids.size, removed };
    },

    /** When the connection's next reconciliation runs; undefined when off or unknown. */
    async nextRunAt(connectionId: string): Promise<Date | undefined> {
      try {
        const scheduler = await queues.reconcile.getJobScheduler(connectionId);
        return scheduler?.next ? new Date(scheduler.next) : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
