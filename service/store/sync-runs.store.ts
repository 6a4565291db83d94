import { and, asc, desc, eq, gt, inArray } from 'drizzle-orm';
import { ACTIVE_SYNC_STATUSES, type SyncKind } from '../domain/model';
import type { Db } from './db';
import { newId } from './ids';
import { decodeCursor, toPage, type Page, type PageRequest } from './paging';
import { syncRuns, type SyncError, type SyncProgress, type SyncRunRow } from './schema';

export interface NewRun {
  workspaceId: string;
  connectionId: string;
  projectId: string;
  kind: SyncKind;
  trigger: SyncRunRow['trigger'];
  updatedSince: Date | null;
}

/**
 * Creates a queued run unless one is already queued or running for the same connection + project, in which
 * case that one is returned. A partial unique index makes this safe under concurrent requests.
 */
export async function createOrGetActiveRun(
  db: Db,
  run: NewRun,
): Promise<{ run: SyncRunRow; created: boolean }> {
  const [created] = await db
    .insert(syncRuns)
    .values({ id: newId(), ...run })
    .onConflictDoNothing()
    .returning();
  if (created) return { run: created, created: true };
  const [active] = await db
    .select()
    .from(syncRuns)
    .where(
      and(
        eq(syncRuns.connectionId, run.connectionId),
        eq(syncRuns.projectId, run.projectId),
        inArray(syncRuns.status, [...ACTIVE_SYNC_STATUSES]),
      ),
    );
  if (!active) return createOrGetActiveRun(db, run); // it finished in between: try again
  return { run: active, created: false };
}

export async function getRun(db: Db, workspaceId: string, id: string): Promise<SyncRunRow | undefined> {
  const [row] = await db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.workspaceId, workspaceId), eq(syncRuns.id, id)));
  return row;
}

export async function getRunById(db: Db, id: string): Promise<SyncRunRow | undefined> {
  const [row] = await db.select().from(syncRuns).where(eq(syncRuns.id, id));
  return row;
}

export async function listRuns(db: Db, connectionId: string, page: PageRequest): Promise<Page<SyncRunRow>> {
  const after = decodeCursor(page.cursor);
  const rows = await db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.connectionId, connectionId), after ? gt(syncRuns.id, after) : undefined))
    .orderBy(asc(syncRuns.id))
    .limit(page.limit + 1);
  return toPage(rows, page.limit);
}

export async function lastRun(db: Db, projectId: string): Promise<SyncRunRow | undefined> {
  const [row] = await db
    .select()
    .from(syncRuns)
    .where(eq(syncRuns.projectId, projectId))
    .orderBy(desc(syncRuns.id))
    .limit(1);
  return row;
}

export async function updateRun(
  db: Db,
  id: string,
  values: Partial<{
    status: SyncRunRow['status'];
    progress: SyncProgress;
    fetched: number;
    upserted: number;
    deleted: number;
    cursor: Record<string, unknown> | null;
    attempts: number;
    error: SyncError | null;
    startedAt: Date;
    finishedAt: Date;
  }>,
): Promise<void> {
  await db
    .update(syncRuns)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(syncRuns.id, id));
}
