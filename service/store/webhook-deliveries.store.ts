import { and, asc, desc, eq, inArray, lt, notInArray } from 'drizzle-orm';
import {
  FINAL_DELIVERY_STATUSES,
  type WebhookDeliveryStatus,
  type WebhookEventType,
} from '../domain/webhooks';
import type { Db } from './db';
import { decodeCursor, toPage, type Page, type PageRequest } from './paging';
import { webhookDeliveries, webhookEvents, webhookSubscriptions, type WebhookDeliveryRow } from './schema';

export interface NewWebhookEvent {
  id: string;
  workspaceId: string;
  projectId: string | null;
  type: WebhookEventType;
  body: string;
}

/** The event and one outbox row per subscriber; called inside the transaction of the change. */
export async function insertEventWithDeliveries(
  db: Db,
  event: NewWebhookEvent,
  deliveries: { id: string; subscriptionId: string }[],
): Promise<void> {
  await db.insert(webhookEvents).values(event);
  await db
    .insert(webhookDeliveries)
    .values(deliveries.map((d) => ({ ...d, eventId: event.id, eventType: event.type })));
}

/** The outbox: deliveries not yet handed to the queue, oldest first. */
export async function pendingDeliveryIds(db: Db, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.status, 'pending'))
    .orderBy(asc(webhookDeliveries.id))
    .limit(limit);
  return rows.map((row) => row.id);
}

export async function markQueued(db: Db, ids: string[], at: Date): Promise<void> {
  if (!ids.length) return;
  await db
    .update(webhookDeliveries)
    .set({ status: 'queued', nextAttemptAt: at, updatedAt: at })
    .where(and(inArray(webhookDeliveries.id, ids), eq(webhookDeliveries.status, 'pending')));
}

/** Queued or retrying deliveries whose next attempt is long overdue: their job may be gone from Redis. */
export async function overdueDeliveryIds(db: Db, before: Date, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(
        inArray(webhookDeliveries.status, ['queued', 'retrying']),
        lt(webhookDeliveries.nextAttemptAt, before),
      ),
    )
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(limit);
  return rows.map((row) => row.id);
}

export async function postponeNextAttempt(db: Db, ids: string[], at: Date): Promise<void> {
  if (!ids.length) return;
  await db
    .update(webhookDeliveries)
    .set({ nextAttemptAt: at })
    .where(
      and(
        inArray(webhookDeliveries.id, ids),
        notInArray(webhookDeliveries.status, [...FINAL_DELIVERY_STATUSES]),
      ),
    );
}

export interface DeliveryTarget {
  id: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  eventType: WebhookEventType;
  body: string;
  subscriptionId: string;
  url: string;
  sealedSecret: string;
  active: boolean;
}

/** Everything one attempt needs: the delivery, its event's exact body, and where and how to sign it. */
export async function getDeliveryTarget(db: Db, id: string): Promise<DeliveryTarget | undefined> {
  const [row] = await db
    .select({
      id: webhookDeliveries.id,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      eventType: webhookDeliveries.eventType,
      body: webhookEvents.body,
      subscriptionId: webhookSubscriptions.id,
      url: webhookSubscriptions.url,
      sealedSecret: webhookSubscriptions.secret,
      active: webhookSubscriptions.active,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
    .where(eq(webhookDeliveries.id, id));
  return row;
}

export type AttemptRecord = Partial<
  Pick<
    WebhookDeliveryRow,
    'status' | 'attempts' | 'lastStatus' | 'lastError' | 'nextAttemptAt' | 'deliveredAt'
  >
>;

/** Writes an attempt's outcome; a delivery already delivered or failed is never changed again. */
export async function recordAttempt(db: Db, id: string, values: AttemptRecord): Promise<boolean> {
  const rows = await db
    .update(webhookDeliveries)
    .set({ ...values, updatedAt: new Date() })
    .where(
      and(eq(webhookDeliveries.id, id), notInArray(webhookDeliveries.status, [...FINAL_DELIVERY_STATUSES])),
    )
    .returning({ id: webhookDeliveries.id });
  return rows.length > 0;
}

/** The delivery log of one subscription, newest first. */
export async function listDeliveries(
  db: Db,
  subscriptionId: string,
  page: PageRequest & { status?: WebhookDeliveryStatus | undefined },
): Promise<Page<WebhookDeliveryRow>> {
  const before = decodeCursor(page.cursor);
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.subscriptionId, subscriptionId),
        page.status ? eq(webhookDeliveries.status, page.status) : undefined,
        before ? lt(webhookDeliveries.id, before) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.id))
    .limit(page.limit + 1);
  return toPage(rows, page.limit);
}
