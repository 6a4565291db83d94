import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from './db';
import { inboundDeliveries, projects, type ProjectRow } from './schema';

export type NewInboundDelivery = typeof inboundDeliveries.$inferInsert;

/** Records a delivery; false when this connection has seen its delivery id before (a redelivery). */
export async function recordInboundDelivery(db: Db, values: NewInboundDelivery): Promise<boolean> {
  const rows = await db
    .insert(inboundDeliveries)
    .values(values)
    .onConflictDoNothing({ target: [inboundDeliveries.connectionId, inboundDeliveries.deliveryId] })
    .returning({ id: inboundDeliveries.id });
  return rows.length > 0;
}

/** Forgets a delivery that could not be acted on, so the tool's retry is accepted. */
export async function forgetInboundDelivery(db: Db, id: string): Promise<void> {
  await db.delete(inboundDeliveries).where(eq(inboundDeliveries.id, id));
}

/**
 * The connection's projects a delivery is about: those it names (by external id), or every project when
 * it names none — of those synced before only: a tool-wide webhook must not start full syncs of projects
 * nobody asked for.
 */
export async function projectsToSync(
  db: Db,
  connectionId: string,
  externalIds: readonly string[],
): Promise<ProjectRow[]> {
  return db
    .select()
    .from(projects)
    .where(
      and(
        eq(projects.connectionId, connectionId),
        isNotNull(projects.lastSyncedAt),
        externalIds.length ? inArray(projects.externalId, [...externalIds]) : undefined,
      ),
    );
}
