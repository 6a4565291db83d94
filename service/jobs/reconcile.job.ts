import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { SyncsService } from '../services/syncs.service';
import { getConnectionById } from '../store/connections.store';
import type { Db } from '../store/db';
import { projectsToSync } from '../store/inbound-deliveries.store';
import { withJobLogContext } from '../log-context';
import type { QueuePayloads, Queues } from './queues';

export interface ReconcileWorkerDeps {
  connection: Redis;
  prefix: string;
  db: Db;
  syncs: SyncsService;
  queues: Queues;
  logger: Logger;
}

/**
 * A connection's reconciliation (its job scheduler fired): an incremental sync of each project synced
 * before — the same run a webhook would start, so a lost webhook is repaired within one cycle. A project
 * whose run is already queued or running keeps that run. A connection deleted meanwhile loses its scheduler.
 */
export function createReconcileWorker(
  deps: ReconcileWorkerDeps,
): Worker<QueuePayloads['reconcile'], void, 'reconcile'> {
  const { db, syncs, queues, logger } = deps;
  const worker = new Worker<QueuePayloads['reconcile'], void, 'reconcile'>(
    'reconcile',
    withJobLogContext(async (job) => {
      const { connectionId } = job.data;
      const connection = await getConnectionById(db, connectionId);
      if (!connection) {
        await queues.reconcile.removeJobScheduler(connectionId);
        return;
      }
      const projects = await projectsToSync(db, connectionId, []);
      for (const project of projects)
        await syncs.request(
          connection.workspaceId,
          connectionId,
          { projectId: project.id, kind: 'incremental' },
          'schedule',
        );
      logger.info({ connectionId, projects: projects.length }, 'reconciliation syncs requested');
    }),
    { connection: deps.connection, prefix: deps.prefix, concurrency: 4, autorun: false },
  );
  let lastLog = 0;
  worker.on('error', (error) => {
    if (Date.now() - lastLog < 60_000) return;
    lastLog = Date.now();
    logger.error({ err: error }, 'reconcile worker error');
  });
  return worker;
}
