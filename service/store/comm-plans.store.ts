import { and, asc, eq, gt, ne, sql } from 'drizzle-orm';
import type { Db } from './db';
import {
  commPlans,
  shareLinks,
  updates,
  type CommPlanRow,
  type ShareLinkRow,
  type UpdateRow,
} from './schema';

export type NewCommPlan = Omit<typeof commPlans.$inferInsert, 'version' | 'scheduledVersion'>;
export type CommPlanChanges = Omit<NewCommPlan, 'id' | 'workspaceId' | 'projectId'>;

export async function getPlan(
  db: Db,
  workspaceId: string,
  projectId: string,
): Promise<CommPlanRow | undefined> {
  const [row] = await db
    .select()
    .from(commPlans)
    .where(and(eq(commPlans.workspaceId, workspaceId), eq(commPlans.projectId, projectId)));
  return row;
}

export async function getPlanById(db: Db, id: string): Promise<CommPlanRow | undefined> {
  const [row] = await db.select().from(commPlans).where(eq(commPlans.id, id));
  return row;
}

export async function getPlanOfProject(db: Db, projectId: string): Promise<CommPlanRow | undefined> {
  const [row] = await db.select().from(commPlans).where(eq(commPlans.projectId, projectId));
  return row;
}

/** Inserts a first plan; undefined when the project got one meanwhile (two first PUTs at once). */
export async function insertPlan(db: Db, values: NewCommPlan): Promise<CommPlanRow | undefined> {
  const [row] = await db
    .insert(commPlans)
    .values(values)
    .onConflictDoNothing({ target: commPlans.projectId })
    .returning();
  return row;
}

/** Replaces a plan's settings; the new version tells the scheduler sync there is something to apply. */
export async function updatePlan(
  db: Db,
  id: string,
  values: CommPlanChanges,
): Promise<CommPlanRow | undefined> {
  const [row] = await db
    .update(commPlans)
    .set({ ...values, version: sql`${commPlans.version} + 1`, updatedAt: new Date() })
    .where(eq(commPlans.id, id))
    .returning();
  return row;
}

export async function deletePlan(
  db: Db,
  workspaceId: string,
  projectId: string,
): Promise<CommPlanRow | undefined> {
  const [row] = await db
    .delete(commPlans)
    .where(and(eq(commPlans.workspaceId, workspaceId), eq(commPlans.projectId, projectId)))
    .returning();
  return row;
}

/** Every plan, for a full reconciliation of the schedulers (id order, in pages). */
export const listPlans = (db: Db, after: string | undefined, limit: number): Promise<CommPlanRow[]> =>
  db
    .select()
    .from(commPlans)
    .where(after ? gt(commPlans.id, after) : undefined)
    .orderBy(asc(commPlans.id))
    .limit(limit);

/** Plans changed since their scheduler was last written (saved while Redis was away, or a job saw a stale one). */
export const unscheduledPlans = (db: Db, limit: number): Promise<CommPlanRow[]> =>
  db
    .select()
    .from(commPlans)
    .where(ne(commPlans.version, commPlans.scheduledVersion))
    .orderBy(asc(commPlans.id))
    .limit(limit);

/** Records that the scheduler matches `version`; a newer change made meanwhile stays unscheduled. */
export async function markScheduled(db: Db, id: string, version: number): Promise<void> {
  await db
    .update(commPlans)
    .set({ scheduledVersion: version })
    .where(and(eq(commPlans.id, id), eq(commPlans.version, version)));
}

/** Asks for the scheduler to be written again (a cadence job found it out of date). */
export async function markUnscheduled(db: Db, id: string): Promise<void> {
  await db.update(commPlans).set({ scheduledVersion: 0 }).where(eq(commPlans.id, id));
}

export async function getShareLinkById(db: Db, id: string): Promise<ShareLinkRow | undefined> {
  const [row] = await db.select().from(shareLinks).where(eq(shareLinks.id, id));
  return row;
}

/** The newest unpublished draft of a project created after `since`: one cycle's draft. */
export async function draftSince(db: Db, projectId: string, since: Date): Promise<UpdateRow | undefined> {
  const [row] = await db
    .select()
    .from(updates)
    .where(and(eq(updates.projectId, projectId), eq(updates.status, 'draft'), gt(updates.createdAt, since)))
    .orderBy(sql`${updates.id} desc`)
    .limit(1);
  return row;
}

export async function getUpdateById(db: Db, id: string): Promise<UpdateRow | undefined> {
  const [row] = await db.select().from(updates).where(eq(updates.id, id));
  return row;
}
