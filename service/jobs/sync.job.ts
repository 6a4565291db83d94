import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ConnectorError } from '../connectors/http';
import type { SyncRunner } from '../services/sync-runner';
import type { Db } from '../store/db';
import { getRunById, updateRun } from '../store/sync-runs.store';
import { updateConnection } from '../store/connections.store';
import { inLogContext, jobLogFields, withJobLogContext } from '../log-context';
import type { QueuePayloads } from './queues';

/** A run that keeps hitting the tool's rate limit gives up after this many delayed restarts. */
const MAX_RATE_LIMITED_STARTS = 200;

export interface SyncWorkerDeps {
  connection: Redis;
  prefix: string;
  concurrency: number;
  lockMs: number;
  runner: SyncRunner;
  db: Db;
  logger: Logger;
  /** After a run ended, succeeded or failed for good (the summary is recomputed: its freshness changed). */
  onEnded: (runId: string) => Promise<void>;
}

type SyncJob = Job<QueuePayloads['sync'], void, 'sync'>;

interface Failure {
  code: string;
  message: string;
  retryable: boolean;
  retryAfterMs: number | undefined;
}

export function describeFailure(error: unknown): Failure {
  if (error instanceof ConnectorError)
    return {
      code: error.code,
      message: error.message,
      retryable: error.retryable,
      retryAfterMs: error.retryAfterMs,
    };
  return {
    code: 'internal_error',
    message: 'ClientLens hit an internal problem while storing the data.',
    retryable: true,
    retryAfterMs: undefined,
  };
}

/**
 * The BullMQ side of a sync: a 429 delays only this job (moveToDelayed), an error that retrying cannot fix
 * ends the run at once (UnrecoverableError), anything else is retried with exponential backoff and jitter.
 */
export function createSyncWorker(deps: SyncWorkerDeps): Worker<QueuePayloads['sync'], void, 'sync'> {
  const { db, runner, logger } = deps;

  async function onError(job: SyncJob, token: string | undefined, error: unknown): Promise<never> {
    const failure = describeFailure(error);
    const { runId } = job.data;
    if (failure.code === 'rate_limited' && job.attemptsStarted < MAX_RATE_LIMITED_STARTS) {
      const until = Date.now() + (failure.retryAfterMs ?? 60_000);
      const run = await getRunById(db, runId);
      if (run) {
        const at = new Date(until).toISOString();
        await updateRun(db, runId, { progress: { ...run.progress, waitingUntil: at } });
        // The connection's status says it too, until the run succeeds (which clears it).
        await updateConnection(db, run.connectionId, {
          lastError: {
            code: 'rate_limited',
            message: `${failure.message} Rate limited until ${at}; the sync then continues.`,
          },
        });
      }
      logger.info({ runId, waitMs: until - Date.now() }, 'upstream rate limit: job delayed');
      await job.moveToDelayed(until, token);
      throw new DelayedError();
    }
    const attempts = job.opts.attempts ?? 1;
    const lastAttempt = job.attemptsMade + 1 >= attempts;
    if (failure.code === 'internal_error') logger.error({ err: error, runId }, 'sync run error');
    if (!failure.retryable || lastAttempt || failure.code === 'rate_limited') {
      await runner.fail(runId, failure);
      await deps.onEnded(runId);
      throw new UnrecoverableError(failure.message);
    }
    await updateRun(db, runId, {
      error: {
        code: failure.code,
        message: `${failure.message} Retrying automatically (attempt ${job.attemptsMade + 1} of ${attempts}).`,
      },
    });
    throw error instanceof Error ? error : new Error(failure.message);
  }

  const worker = new Worker<QueuePayloads['sync'], void, 'sync'>(
    'sync',
    withJobLogContext(async (job, token, signal) => {
      try {
        const run = await runner.execute(job.data.runId, {
          attempt: job.attemptsMade + 1,
          signal,
          onProgress: (progress) => job.updateProgress(progress),
        });
        if (run?.status === 'succeeded') await deps.onEnded(run.id);
      } catch (error) {
        await onError(job, token, error);
      }
    }),
    {
      connection: deps.connection,
      prefix: deps.prefix,
      concurrency: deps.concurrency,
      lockDuration: deps.lockMs,
      stalledInterval: deps.lockMs,
      maxStalledCount: 3,
      autorun: false,
    },
  );
  // While Redis is away, ioredis retries every few hundred ms: say so once per message per minute.
  const lastLogged = new Map<string, number>();
  worker.on('error', (error) => {
    const now = Date.now();
    if (now - (lastLogged.get(error.message) ?? 0) < 60_000) return;
    lastLogged.set(error.message, now);
    logger.error({ err: error }, 'sync worker error');
  });
  // A job that failed outside the processor (e.g. stalled too often) still ends its run.
  worker.on('failed', (job, error) => {
    if (!job || error instanceof DelayedError) return;
    const final = error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (final)
      void inLogContext(jobLogFields(job), () =>
        runner
          .fail(job.data.runId, { code: 'sync_failed', message: error.message })
          .then(() => deps.onEnded(job.data.runId)),
      ).catch(() => undefined);
  });
  return worker;
}
