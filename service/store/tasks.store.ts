import { and, arrayContains, asc, eq, gt, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { StatusCategory, TaskInput } from '../domain/model';
import type { Db } from './db';
import { lastByExternalId, newId } from './ids';
import type { SyncScope } from './milestones.store';
import { decodeCursor, toPage, type Page, type PageRequest } from './paging';
import { tasks, type TaskRow } from './schema';

/** Upserts one page on (connection, external id): replaying a page changes nothing. */
export async function upsertTasks(
  db: Db,
  scope: SyncScope,
  inputs: TaskInput[],
  milestoneIds: ReadonlyMap<string, string>,
): Promise<number> {
  if (inputs.length === 0) return 0;
  const rows = await db
    .insert(tasks)
    .values(
      lastByExternalId(inputs).map((t) => ({
        id: newId(),
        projectId: scope.projectId,
        connectionId: scope.connectionId,
        externalId: t.externalId,
        identifier: t.identifier,
        title: t.title,
        type: t.type,
        statusName: t.statusName,
        statusCategory: t.statusCategory,
        blocked: t.blocked,
        milestoneIds: [...new Set(t.milestoneExternalIds.flatMap((ext) => milestoneIds.get(ext) ?? []))],
        parentExternalId: t.parentExternalId,
        assignee: t.assignee,
        labels: t.labels,
        startDate: t.startDate,
        dueDate: t.dueDate,
        completedAt: t.completedAt,
        estimate: t.estimate,
        url: t.url,
        remoteUpdatedAt: t.remoteUpdatedAt,
        remoteCreatedAt: t.remoteCreatedAt,
        deleted: t.deleted,
        lastSeenRunId: scope.runId,
      })),
    )
    .onConflictDoUpdate({
      target: [tasks.connectionId, tasks.externalId],
      set: Object.fromEntries(
        UPDATED_ON_CONFLICT.map((column) => [column, sql.raw(`excluded.${tasks[column].name}`)]),
      ),
    })
    .returning({ id: tasks.id });
  return rows.length;
}

const UPDATED_ON_CONFLICT = [
  'projectId',
  'identifier',
  'title',
  'type',
  'statusName',
  'statusCategory',
  'blocked',
  'milestoneIds',
  'parentExternalId',
  'assignee',
  'labels',
  'startDate',
  'dueDate',
  'completedAt',
  'estimate',
  'url',
  'remoteUpdatedAt',
  'remoteCreatedAt',
  'deleted',
  'lastSeenRunId',
  'updatedAt',
] as const satisfies (keyof typeof tasks.$inferInsert)[];

export interface TaskFilter {
  statusCategory?: StatusCategory | undefined;
  milestoneId?: string | undefined;
  includeDeleted?: boolean | undefined;
}

export async function listTasks(
  db: Db,
  projectId: string,
  filter: TaskFilter,
  page: PageRequest,
): Promise<Page<TaskRow>> {
  const after = decodeCursor(page.cursor);
  const rows = await db
    .select()
    .from(tasks)
    .where(
      and(
        eq(tasks.projectId, projectId),
        filter.includeDeleted ? undefined : eq(tasks.deleted, false),
        filter.statusCategory ? eq(tasks.statusCategory, filter.statusCategory) : undefined,
        filter.milestoneId ? arrayContains(tasks.milestoneIds, [filter.milestoneId]) : undefined,
        after ? gt(tasks.id, after) : undefined,
      ),
    )
    .orderBy(asc(tasks.id))
    .limit(page.limit + 1);
  return toPage(rows, page.limit);
}

/** Tasks the tool reports as deleted; returns how many were live until now. */
export async function markTasksDeleted(db: Db, connectionId: string, externalIds: string[]): Promise<number> {
  if (externalIds.length === 0) return 0;
  const rows = await db
    .update(tasks)
    .set({ deleted: true, updatedAt: sql`now()` })
    .where(
      and(
        eq(tasks.connectionId, connectionId),
        inArray(tasks.externalId, externalIds),
        eq(tasks.deleted, false),
      ),
    )
    .returning({ id: tasks.id });
  return rows.length;
}

/** After a successful full run: tasks the run did not see were deleted upstream. */
export async function markUnseenTasksDeleted(db: Db, projectId: string, runId: string): Promise<number> {
  const rows = await db
    .update(tasks)
    .set({ deleted: true, updatedAt: sql`now()` })
    .where(
      and(
        eq(tasks.projectId, projectId),
        eq(tasks.deleted, false),
        or(isNull(tasks.lastSeenRunId), ne(tasks.lastSeenRunId, runId)),
      ),
    )
    .returning({ id: tasks.id });
  return rows.length;
}

/** The PM's client-facing title (null restores the tool's). Syncs never touch it. */
export async function setClientTitle(
  db: Db,
  projectId: string,
  taskId: string,
  title: string | null,
): Promise<TaskRow | undefined> {
  const [row] = await db
    .update(tasks)
    .set({ clientTitle: title })
    .where(and(eq(tasks.projectId, projectId), eq(tasks.id, taskId)))
    .returning();
  return row;
}
