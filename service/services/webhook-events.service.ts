import type { WebhookEventData, WebhookEventType } from '../domain/webhooks';
import type { Db } from '../store/db';
import { newId } from '../store/ids';
import type { SyncRunRow, UpdateRow } from '../store/schema';
import { insertEventWithDeliveries } from '../store/webhook-deliveries.store';
import { subscribersOf } from '../store/webhook-subscriptions.store';

export interface EventInput<T extends WebhookEventType> {
  workspaceId: string;
  projectId?: string | null | undefined;
  type: T;
  data: WebhookEventData[T];
}

export interface RecordedEvent {
  eventId: string;
  deliveryIds: string[];
}

/**
 * The transactional outbox: call it with the transaction that makes the change, so the event commits (or
 * rolls back) with it and is never lost. It writes the event's exact body and one pending delivery per
 * active subscription of the workspace that asked for this type; the outbox dispatcher queues them after
 * the commit. Nobody subscribed → nothing is written and it returns undefined.
 */
export async function recordEvent<T extends WebhookEventType>(
  tx: Db,
  event: EventInput<T>,
): Promise<RecordedEvent | undefined> {
  const subscribers = await subscribersOf(tx, event.workspaceId, event.type);
  if (!subscribers.length) return undefined;
  const eventId = newId();
  const projectId = event.projectId ?? null;
  const body = JSON.stringify({
    id: eventId,
    type: event.type,
    createdAt: new Date().toISOString(),
    workspaceId: event.workspaceId,
    projectId,
    data: event.data,
  });
  const deliveries = subscribers.map((subscriptionId) => ({ id: newId(), subscriptionId }));
  await insertEventWithDeliveries(
    tx,
    { id: eventId, workspaceId: event.workspaceId, projectId, type: event.type, body },
    deliveries,
  );
  return { eventId, deliveryIds: deliveries.map((d) => d.id) };
}

/** `sync.completed` for a succeeded run, `sync.failed` for a failed or auth_failed one. */
export function syncRunEvent(run: SyncRunRow): EventInput<'sync.completed' | 'sync.failed'> {
  return {
    workspaceId: run.workspaceId,
    projectId: run.projectId,
    type: run.status === 'succeeded' ? 'sync.completed' : 'sync.failed',
    data: {
      run: {
        id: run.id,
        connectionId: run.connectionId,
        projectId: run.projectId,
        kind: run.kind,
        status: run.status,
        counts: { fetched: run.fetched, upserted: run.upserted, deleted: run.deleted },
        error: run.error ?? null,
        startedAt: run.startedAt?.toISOString() ?? null,
        finishedAt: run.finishedAt?.toISOString() ?? null,
      },
    },
  };
}

export function updatePublishedEvent(update: UpdateRow): EventInput<'update.published'> {
  return {
    workspaceId: update.workspaceId,
    projectId: update.projectId,
    type: 'update.published',
    data: {
      update: {
        id: update.id,
        projectId: update.projectId,
        content: update.content,
        publishedAt: (update.publishedAt ?? update.updatedAt).toISOString(),
      },
    },
  };
}
