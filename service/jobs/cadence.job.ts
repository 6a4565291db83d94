import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { CommPlanCycle } from '../services/comm-plan-cycle.service';
import { jobLogFields, withJobLogContext } from '../log-context';
import type { QueuePayloads, Queues } from './queues';

export interface CadenceWorkerDeps {
  connection: Redis;
  prefix: string;
  cycle: CommPlanCycle;
  queues: Queues;
  logger: Logger;
}

/**
 * Runs comm-plan cycles fired by their job schedulers (one per plan, id = plan id) and the reminders they
 * leave behind. A cycle's time is the scheduler's `prevMillis` (when it was due, not when it ran); the
 * scheduler's pattern and zone are compared with the plan's, so a scheduler older than the plan is noticed.
 * After a draft is ready, one delayed job (id `reminder-<update id>`: one per draft) fires after the grace
 * period and reminds the PM if the draft is still unpublished.
 */
export function createCadenceWorker(
  deps: CadenceWorkerDeps,
): Worker<QueuePayloads['cadence'], void, 'cadence'> {
  const { cycle, queues, logger } = deps;
  const worker = new Worker<QueuePayloads['cadence'], void, 'cadence'>(
    'cadence',
    withJobLogContext(async (job) => {
      const data = job.data;
      if (data.kind === 'reminder') {
        const sent = await cycle.remind(data.planId, data.updateId);
        logger.info({ planId: data.planId, updateId: data.updateId, notices: sent }, 'comm plan reminder');
        return;
      }
      const scheduler = await queues.cadence.getJobScheduler(data.planId);
      const outcome = await cycle.runCycle(data.planId, {
        at: new Date(job.opts.prevMillis ?? job.timestamp),
        pattern: scheduler?.pattern ?? undefined,
        timezone: scheduler?.tz ?? undefined,
      });
      logger.info({ planId: data.planId, outcome }, 'comm plan cycle');
      if (outcome.kind === 'no_plan') await queues.cadence.removeJobScheduler(data.planId); // deleted while Redis was away
      if (outcome.kind === 'drafted' || outcome.kind === 'reused')
        await queues.cadence.add(
          'cadence',
          { kind: 'reminder', planId: data.planId, updateId: outcome.updateId },
          { jobId: `reminder-${outcome.updateId}`, delay: outcome.reminderDelayMs },
        );
    }),
    { connection: deps.connection, prefix: deps.prefix, concurrency: 2, autorun: false },
  );
  let lastLog = 0;
  worker.on('error', (error) => {
    if (Date.now() - lastLog < 60_000) return;
    lastLog = Date.now();
    logger.error({ err: error }, 'cadence worker error');
  });
  worker.on('failed', (job, error) => {
    if (job)
      logger.error(
        { err: error, data: job.data, attempt: job.attemptsMade, ...jobLogFields(job) },
        'comm plan job failed',
      );
  });
  return worker;
}
