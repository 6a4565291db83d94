import { and, asc, eq, ne, or, isNull, sql } from 'drizzle-orm';
import type { MilestoneInput } from '../domain/model';
import type { Db } from './db';
import { lastByExternalId, newId } from './ids';
import { milestones, type MilestoneRow } from './schema';

export interface SyncScope {
  projectId: string;
  connectionId: string;
  runId: string;
}

/**
 * Upserts on (connection, external id). A changed due date is appended to `due_history` in the same
 * statement, so no slip is ever lost, whatever runs concurrently.
 */
export async function upsertMilestones(
  db: Db,
  scope: SyncScope,
  inputs: MilestoneInput[],
  now: Date,
): Promise<number> {
  if (inputs.length === 0) return 0;
  const rows = await db
    .insert(milestones)
    .values(
      lastByExternalId(inputs).map((m) => ({
        id: newId(),
        projectId: scope.projectId,
        connectionId: scope.connectionId,
        externalId: m.externalId,
        kind: m.kind,
        name: m.name,
        url: m.url,
        startDate: m.startDate,
        dueDate: m.dueDate,
        status: m.status,
        progress: m.progress,
        completedAt: m.completedAt,
        deleted: false,
        lastSeenRunId: scope.runId,
      })),
    )
    .onConflictDoUpdate({
      target: [milestones.connectionId, milestones.externalId],
      set: {
        projectId: sql`excluded.project_id`,
        kind: sql`excluded.kind`,
        name: sql`excluded.name`,
        url: sql`excluded.url`,
        startDate: sql`excluded.start_date`,
        dueHistory: sql`case when ${milestones.dueDate} is distinct from excluded.due_date
          then ${milestones.dueHistory} || jsonb_build_array(jsonb_build_object(
            'from', ${milestones.dueDate}, 'to', excluded.due_date, 'at', ${now.toISOString()}::text))
          else ${milestones.dueHistory} end`,
        dueDate: sql`excluded.due_date`,
        status: sql`excluded.status`,
        progress: sql`excluded.progress`,
        completedAt: sql`excluded.completed_at`,
        deleted: sql`false`,
        lastSeenRunId: sql`excluded.last_seen_run_id`,
        updatedAt: sql`now()`,
      },
    })
    .returning({ id: milestones.id });
  return rows.length;
}

export function listMilestones(
  db: Db,
  projectId: string,
  options: { includeDeleted?: boolean } = {},
): Promise<MilestoneRow[]> {
  return db
    .select()
    .from(milestones)
    .where(
      and(
        eq(milestones.projectId, projectId),
        options.includeDeleted ? undefined : eq(milestones.deleted, false),
      ),
    )
    .orderBy(sql`${milestones.dueDate} asc nulls last`, asc(milestones.id));
}

/** external id → ClientLens id, for linking tasks to milestones. */
export async function milestoneIdsByExternalId(db: Db, projectId: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: milestones.id, externalId: milestones.externalId })
    .from(milestones)
    .where(and(eq(milestones.projectId, projectId), eq(milestones.deleted, false)));
  return new Map(rows.map((r) => [r.externalId, r.id]));
}

/** After a successful full run: whatever the run did not see is gone upstream. */
export async function markUnseenMilestonesDeleted(db: Db, projectId: string, runId: string): Promise<number> {
  const rows = await db
    .update(milestones)
    .set({ deleted: true, updatedAt: new Date() })
    .where(
      and(
        eq(milestones.projectId, projectId),
        eq(milestones.deleted, false),
        or(isNull(milestones.lastSeenRunId), ne(milestones.lastSeenRunId, runId)),
      ),
    )
    .returning({ id: milestones.id });
  return rows.length;
}
