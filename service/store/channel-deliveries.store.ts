import { and, asc, desc, eq, inArray, lt, ne, notInArray } from 'drizzle-orm';
import { CANCELLED, FINAL_CHANNEL_DELIVERY_STATUSES, type ChannelDeliveryStatus } from '../domain/comm-plan';
import type { Db } from './db';
import { decodeCursor, toPage, type Page, type PageRequest } from './paging';
import { channelDeliveries, type ChannelDeliveryRow } from './schema';

export type NewChannelDelivery = Pick<
  typeof channelDeliveries.$inferInsert,
  'id' | 'workspaceId' | 'projectId' | 'updateId' | 'purpose' | 'channelId' | 'channelType' | 'channelName'
>;

/** Outbox rows, written in the transaction of their cause; a send that exists already is kept as it is. */
export async function insertDeliveries(db: Db, rows: NewChannelDelivery[]): Promise<string[]> {
  if (!rows.length) return [];
  const inserted = await db
    .insert(channelDeliveries)
    .values(rows)
    .onConflictDoNothing({
      target: [channelDeliveries.updateId, channelDeliveries.purpose, channelDeliveries.channelId],
    })
    .returning({ id: channelDeliveries.id });
  return inserted.map((r) => r.id);
}

export async function pendingDeliveryIds(db: Db, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: channelDeliveries.id })
    .from(channelDeliveries)
    .where(eq(channelDeliveries.status, 'pending'))
    .orderBy(asc(channelDeliveries.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

export async function markSending(db: Db, ids: string[], at: Date): Promise<void> {
  if (!ids.length) return;
  await db
    .update(channelDeliveries)
    .set({ status: 'sending', nextAttemptAt: at, updatedAt: at })
    .where(and(inArray(channelDeliveries.id, ids), eq(channelDeliveries.status, 'pending')));
}

export async function overdueDeliveryIds(db: Db, before: Date, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: channelDeliveries.id })
    .from(channelDeliveries)
    .where(and(eq(channelDeliveries.status, 'sending'), lt(channelDeliveries.nextAttemptAt, before)))
    .orderBy(asc(channelDeliveries.nextAttemptAt))
    .limit(limit);
  return rows.map((r) => r.id);
}

export async function postponeNextAttempt(db: Db, ids: string[], at: Date): Promise<void> {
  if (!ids.length) return;
  await db
    .update(channelDeliveries)
    .set({ nextAttemptAt: at })
    .where(and(inArray(channelDeliveries.id, ids), eq(channelDeliveries.status, 'sending')));
}

export async function getDelivery(db: Db, id: string): Promise<ChannelDeliveryRow | undefined> {
  const [row] = await db.select().from(channelDeliveries).where(eq(channelDeliveries.id, id));
  return row;
}

export type DeliveryRecord = Partial<
  Pick<
    ChannelDeliveryRow,
    'status' | 'attempts' | 'nextAttemptAt' | 'lastErrorCode' | 'lastError' | 'pendingRecipients' | 'sentAt'
  >
>;

/** Writes an attempt's outcome; a sent or failed delivery is never changed again. */
export async function recordDelivery(db: Db, id: string, values: DeliveryRecord): Promise<boolean> {
  const rows = await db
    .update(channelDeliveries)
    .set({ ...values, updatedAt: new Date() })
    .where(
      and(
        eq(channelDeliveries.id, id),
        notInArray(channelDeliveries.status, [...FINAL_CHANNEL_DELIVERY_STATUSES]),
      ),
    )
    .returning({ id: channelDeliveries.id });
  return rows.length > 0;
}

export interface DeliveryFilter {
  status?: ChannelDeliveryStatus | undefined;
  updateId?: string | undefined;
}

/** A project's sends, newest first. */
export async function listDeliveries(
  db: Db,
  projectId: string,
  page: PageRequest & DeliveryFilter,
): Promise<Page<ChannelDeliveryRow>> {
  const before = decodeCursor(page.cursor);
  const rows = await db
    .select()
    .from(channelDeliveries)
    .where(
      and(
        eq(channelDeliveries.projectId, projectId),
        page.status ? eq(channelDeliveries.status, page.status) : undefined,
        page.updateId ? eq(channelDeliveries.updateId, page.updateId) : undefined,
        before ? lt(channelDeliveries.id, before) : undefined,
      ),
    )
    .orderBy(desc(channelDeliveries.id))
    .limit(page.limit + 1);
  return toPage(rows, page.limit);
}

/**
 * The newest sends that failed, or whose last attempt failed and is being retried (a code is set only after a
 * failed attempt); PM notices that were not needed any more aside.
 */
export const recentProblems = (db: Db, projectId: string, limit: number): Promise<ChannelDeliveryRow[]> =>
  db
    .select()
    .from(channelDeliveries)
    .where(
      and(
        eq(channelDeliveries.projectId, projectId),
        inArray(channelDeliveries.status, ['failed', 'sending']),
        ne(channelDeliveries.lastErrorCode, CANCELLED),
      ),
    )
    .orderBy(desc(channelDeliveries.updatedAt))
    .limit(limit);
