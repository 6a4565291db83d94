import type { Logger } from 'pino';
import type { Cursor } from '../connectors/connector';
import { prefetch } from '../jobs/prefetch';
import type { MilestoneInput } from '../domain/model';
import type { Db } from '../store/db';
import { getConnectionById, updateConnection } from '../store/connections.store';
import {
  markUnseenMilestonesDeleted,
  milestoneIdsByExternalId,
  upsertMilestones,
} from '../store/milestones.store';
import { getProjectById, markProjectSynced, upsertProjects } from '../store/projects.store';
import type { SyncProgress, SyncRunRow } from '../store/schema';
import { getRunById, updateRun } from '../store/sync-runs.store';
import { markTasksDeleted, markUnseenTasksDeleted, upsertTasks } from '../store/tasks.store';
import type { Metrics } from '../metrics';
import type { ConnectionsService } from './connections.service';
import { recordEvent, syncRunEvent } from './webhook-events.service';

export interface SyncRunnerDeps {
  db: Db;
  connections: ConnectionsService;
  logger: Logger;
  /** Told once per run, when it ends (succeeded here, or failed for good in `fail`). */
  metrics: Pick<Metrics, 'syncEnded'>;
}

export interface RunHooks {
  /** Called after every stored page (BullMQ's job.updateProgress). */
  onProgress(progress: SyncProgress): Promise<void>;
  attempt: number;
  signal?: AbortSignal | undefined;
}

/**
 * Executes one sync run, resumable at any point: milestones are re-read each attempt (a few pages), the task
 * listing resumes at the cursor checkpointed with the last stored page, and deletions inferred from absence
 * are applied only once the whole listing has succeeded.
 */
export function createSyncRunner(deps: SyncRunnerDeps) {
  const { db } = deps;

  async function execute(runId: string, hooks: RunHooks): Promise<SyncRunRow | undefined> {
    const run = await getRunById(db, runId);
    if (!run) {
      // Deleted with its connection, or a job from another deployment sharing this Redis and QUEUE_PREFIX.
      deps.logger.warn({ runId }, 'sync job for an unknown run: skipped');
      return undefined;
    }
    if (run.status !== 'queued' && run.status !== 'running') return run; // finished already: replayed job
    const connection = await getConnectionById(db, run.connectionId);
    const project = await getProjectById(db, run.projectId);
    if (!connection || !project) return run; // deleted meanwhile (cascade removes the run too)

    const startedAt = run.startedAt ?? new Date();
    await updateRun(db, run.id, { status: 'running', attempts: hooks.attempt, startedAt });
    const { connector, ctx } = deps.connections.contextFor(connection, hooks.signal);
    const scope = { projectId: project.id, connectionId: connection.id, runId: run.id };
    const log = deps.logger.child({ runId: run.id, connectionId: connection.id, projectId: project.id });

    let progress: SyncProgress = { ...run.progress, waitingUntil: null };
    const report = async (next: SyncProgress) => {
      progress = next;
      await hooks.onProgress(next);
    };

    if (run.progress.phase !== 'finishing') {
      const meta = await connector.getProject(ctx, project.externalId);
      await upsertProjects(db, { workspaceId: project.workspaceId, connectionId: connection.id }, [meta]);

      await report({ ...progress, phase: 'milestones' });
      await updateRun(db, run.id, { progress });
      const milestones: MilestoneInput[] = [];
      for await (const page of connector.pullMilestones(ctx, project.externalId)) milestones.push(...page);
      await upsertMilestones(db, scope, milestones, new Date());
      const milestoneIds = await milestoneIdsByExternalId(db, project.id);

      let { fetched, upserted, deleted } = run;
      let scanned = run.progress.done;
      const pages = connector.pullTasks(ctx, project.externalId, {
        cursor: (run.cursor as Cursor | null) ?? undefined,
        updatedSince: run.kind === 'incremental' ? (run.updatedSince ?? undefined) : undefined,
      });
      for await (const page of prefetch(pages)) {
        fetched += page.tasks.length;
        scanned += page.scanned;
        const next: SyncProgress = {
          phase: page.next ? 'tasks' : 'finishing',
          done: scanned,
          total: page.total,
          waitingUntil: null,
        };
        const live = page.tasks.filter((task) => !task.deleted);
        const gone = page.tasks.filter((task) => task.deleted).map((task) => task.externalId);
        await db.transaction(async (tx) => {
          upserted += await upsertTasks(tx, scope, live, milestoneIds);
          deleted += await markTasksDeleted(tx, connection.id, gone);
          await updateRun(tx, run.id, {
            cursor: page.next ?? null,
            fetched,
            upserted,
            deleted,
            progress: next,
          });
        });
        await report(next);
      }
      if (progress.phase !== 'finishing') {
        // An empty listing yields no page at all.
        await updateRun(db, run.id, { progress: { ...progress, phase: 'finishing' } });
      }
    }

    const finishedAt = new Date();
    const done: SyncProgress = { ...progress, phase: 'done', waitingUntil: null };
    const deleted = await db.transaction(async (tx) => {
      const before = (await getRunById(tx, run.id))?.deleted ?? 0;
      // Milestones are listed in full on every run, so absence means deletion on every successful run;
      // tasks only after a full listing.
      await markUnseenMilestonesDeleted(tx, project.id, run.id);
      const removed = run.kind === 'full' ? await markUnseenTasksDeleted(tx, project.id, run.id) : 0;
      await markProjectSynced(tx, project.id, { syncedFrom: startedAt, at: finishedAt });
      await updateConnection(tx, connection.id, {
        status: 'active',
        lastError: null,
        lastSyncedAt: finishedAt,
      });
      await updateRun(tx, run.id, {
        status: 'succeeded',
        progress: done,
        deleted: before + removed,
        error: null,
        finishedAt,
      });
      await recordEvent(tx, syncRunEvent((await getRunById(tx, run.id))!)); // outbox: commits with the run
      return before + removed;
    });
    await hooks.onProgress(done);
    log.info({ kind: run.kind, fetched: progress.done, deleted }, 'sync run succeeded');
    const ended = await getRunById(db, run.id);
    if (ended) observeEnd(ended, connection.provider);
    return ended;
  }

  function observeEnd(run: SyncRunRow, provider: string): void {
    const end = run.finishedAt ?? new Date();
    deps.metrics.syncEnded({
      connectionId: run.connectionId,
      provider,
      status: run.status,
      seconds: (end.getTime() - (run.startedAt ?? run.createdAt).getTime()) / 1000,
      items: run.fetched,
    });
  }

  /** Ends a run that cannot succeed, and shows the reason on its connection. */
  async function fail(runId: string, failure: { code: string; message: string }): Promise<void> {
    const run = await getRunById(db, runId);
    if (!run || (run.status !== 'queued' && run.status !== 'running')) return;
    const authFailed = failure.code === 'auth_failed';
    const error = { code: failure.code, message: failure.message };
    await db.transaction(async (tx) => {
      await updateRun(tx, runId, {
        status: authFailed ? 'auth_failed' : 'failed',
        error,
        finishedAt: new Date(),
        progress: { ...run.progress, waitingUntil: null },
      });
      await updateConnection(tx, run.connectionId, {
        status: authFailed ? 'auth_failed' : 'error',
        lastError: error,
      });
      await recordEvent(tx, syncRunEvent((await getRunById(tx, runId))!)); // outbox: commits with the run
    });
    const [ended, connection] = await Promise.all([
      getRunById(db, runId),
      getConnectionById(db, run.connectionId),
    ]);
    if (ended && connection) observeEnd(ended, connection.provider);
    deps.logger.warn({ runId, connectionId: run.connectionId, code: failure.code }, 'sync run failed');
  }

  return { execute, fail };
}

export type SyncRunner = ReturnType<typeof createSyncRunner>;
