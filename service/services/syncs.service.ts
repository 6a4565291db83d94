import { inScope } from '../domain/scope';
import type { Logger } from 'pino';
import type { SyncKind } from '../domain/model';
import { createError, notFound } from '../errors';
import type { Queues } from '../jobs/queues';
import { getConnection } from '../store/connections.store';
import type { Db } from '../store/db';
import type { Page, PageRequest } from '../store/paging';
import { getProject } from '../store/projects.store';
import type { SyncRunRow } from '../store/schema';
import { createOrGetActiveRun, getRun, listRuns, updateRun } from '../store/sync-runs.store';

export interface SyncsDeps {
  db: Db;
  queues: Queues;
  logger: Logger;
}

export type SyncsService = ReturnType<typeof createSyncsService>;

export function createSyncsService(deps: SyncsDeps) {
  const { db } = deps;

  /**
   * A job that spent its last attempt while the database was unreachable could not end its run, so the run
   * still reads queued or running, and an existing job id is not added again: the project would never sync
   * until the failed job expires. Such a job runs again, with fresh attempts, from the run's checkpoint.
   */
  async function resumeGivenUp(runId: string): Promise<void> {
    const job = await deps.queues.sync.getJob(runId);
    if (!job || !(await job.isFailed())) return;
    deps.logger.warn({ runId }, 'sync run left unfinished by a failed job: resumed');
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
  }

  return {
    /**
     * Queues a run for one project, or returns the one already queued or running for it. The job is
     * (re-)added with the run id as job id, so a run whose job was lost gets one again and never two.
     */
    async request(
      workspaceId: string,
      connectionId: string,
      input: { projectId: string; kind?: SyncKind | undefined },
      trigger: SyncRunRow['trigger'],
    ): Promise<{ run: SyncRunRow; created: boolean }> {
      const connection = await getConnection(db, workspaceId, connectionId);
      if (!connection) throw notFound('Connection');
      const project = await getProject(db, workspaceId, input.projectId);
      if (!project || project.connectionId !== connection.id)
        throw createError('not_found', 404, 'Project was not found in this connection.', {
          errors: [{ field: 'projectId', message: 'is not a project of this connection' }],
        });
      // Incremental needs a previous successful run to count from; without one the run is full.
      const kind: SyncKind = project.syncedFrom && input.kind !== 'full' ? 'incremental' : 'full';
      const result = await createOrGetActiveRun(db, {
        workspaceId,
        connectionId,
        projectId: project.id,
        kind,
        trigger,
        updatedSince: kind === 'incremental' ? project.syncedFrom : null,
      });
      try {
        await deps.queues.sync.add('sync', { runId: result.run.id }, { jobId: result.run.id });
        if (!result.created) await resumeGivenUp(result.run.id);
      } catch (error) {
        deps.logger.error({ err: error, runId: result.run.id }, 'could not queue the sync run');
        if (result.created)
          await updateRun(db, result.run.id, {
            status: 'failed',
            finishedAt: new Date(),
            error: { code: 'queue_unavailable', message: 'The job queue (Redis) is unavailable.' },
          });
        throw createError(
          'queue_unavailable',
          503,
          'The job queue (Redis) is unavailable; try again shortly.',
        );
      }
      return result;
    },

    async get(workspaceId: string, id: string, projectId?: string): Promise<SyncRunRow> {
      const run = inScope(await getRun(db, workspaceId, id), projectId);
      if (!run) throw notFound('Sync run');
      return run;
    },

    async list(workspaceId: string, connectionId: string, page: PageRequest): Promise<Page<SyncRunRow>> {
      if (!(await getConnection(db, workspaceId, connectionId))) throw notFound('Connection');
      return listRuns(db, connectionId, page);
    },
  };
}
