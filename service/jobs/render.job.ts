import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { SummariesService } from '../services/summaries.service';
import { jobLogFields, withJobLogContext } from '../log-context';
import type { QueuePayloads } from './queues';

/** Recomputes stored summaries, so serving a client page is a lookup plus rendering. */
export function createRenderWorker(deps: {
  connection: Redis;
  prefix: string;
  summaries: SummariesService;
  logger: Logger;
}): Worker<QueuePayloads['render'], void, 'render'> {
  const worker = new Worker<QueuePayloads['render'], void, 'render'>(
    'render',
    withJobLogContext(async (job) => {
      await deps.summaries.compute(job.data.projectId);
    }),
    { connection: deps.connection, prefix: deps.prefix, concurrency: 2, autorun: false },
  );
  worker.on('error', (error) => deps.logger.error({ err: error }, 'render worker error'));
  worker.on('failed', (job, error) =>
    deps.logger.warn(
      { err: error, projectId: job?.data.projectId, ...(job && jobLogFields(job)) },
      'render failed',
    ),
  );
  return worker;
}
