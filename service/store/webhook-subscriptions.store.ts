import { and, arrayContains, asc, eq, gt } from 'drizzle-orm';
import type { WebhookEventType } from '../domain/webhooks';
import type { Db } from './db';
import { decodeCursor, toPage, type Page, type PageRequest } from './paging';
import { webhookSubscriptions, type WebhookSubscriptionRow } from './schema';

export type NewWebhookSubscription = typeof webhookSubscriptions.$inferInsert;
export type WebhookSubscriptionChange = Partial<Pick<WebhookSubscriptionRow, 'url' | 'events' | 'active'>>;

export async function insertSubscription(
  db: Db,
  values: NewWebhookSubscription,
): Promise<WebhookSubscriptionRow> {
  const [row] = await db.insert(webhookSubscriptions).values(values).returning();
  return row!;
}

/** Scoped by workspace: another tenant's id reads as missing. */
export async function getSubscription(
  db: Db,
  workspaceId: string,
  id: string,
): Promise<WebhookSubscriptionRow | undefined> {
  const [row] = await db
    .select()
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.workspaceId, workspaceId), eq(webhookSubscriptions.id, id)));
  return row;
}

export async function listSubscriptions(
  db: Db,
  workspaceId: string,
  page: PageRequest,
): Promise<Page<WebhookSubscriptionRow>> {
  const after = decodeCursor(page.cursor);
  const rows = await db
    .select()
    .from(webhookSubscriptions)
    .where(
      and(
        eq(webhookSubscriptions.workspaceId, workspaceId),
        after ? gt(webhookSubscriptions.id, after) : undefined,
      ),
    )
    .orderBy(asc(webhookSubscriptions.id))
    .limit(page.limit + 1);
  return toPage(rows, page.limit);
}

export async function updateSubscription(
  db: Db,
  workspaceId: string,
  id: string,
  values: WebhookSubscriptionChange,
): Promise<WebhookSubscriptionRow | undefined> {
  const [row] = await db
    .update(webhookSubscriptions)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(webhookSubscriptions.workspaceId, workspaceId), eq(webhookSubscriptions.id, id)))
    .returning();
  return row;
}

export async function deleteSubscription(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.workspaceId, workspaceId), eq(webhookSubscriptions.id, id)))
    .returning({ id: webhookSubscriptions.id });
  return rows.length > 0;
}

/** The active subscriptions of a workspace that asked for this event type. */
export async function subscribersOf(db: Db, workspaceId: string, type: WebhookEventType): Promise<string[]> {
  const rows = await db
    .select({ id: webhookSubscriptions.id })
    .from(webhookSubscriptions)
    .where(
      and(
        eq(webhookSubscriptions.workspaceId, workspaceId),
        eq(webhookSubscriptions.active, true),
        arrayContains(webhookSubscriptions.events, [type]),
      ),
    )
    .orderBy(asc(webhookSubscriptions.id));
  return rows.map((row) => row.id);
}
