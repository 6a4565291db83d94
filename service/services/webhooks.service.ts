import type { z } from 'zod';
import { ConnectorError, checkUrl } from '../connectors/http';
import { encryptJson, randomToken } from '../crypto';
import type { WebhookDeliveryStatus } from '../domain/webhooks';
import { createError, notFound } from '../errors';
import type { CreateWebhookSubscriptionBody, UpdateWebhookSubscriptionBody } from '../schemas/webhooks';
import type { Db } from '../store/db';
import { newId } from '../store/ids';
import type { Page, PageRequest } from '../store/paging';
import type { WebhookDeliveryRow, WebhookSubscriptionRow } from '../store/schema';
import { listDeliveries } from '../store/webhook-deliveries.store';
import * as store from '../store/webhook-subscriptions.store';

type CreateInput = z.output<typeof CreateWebhookSubscriptionBody>;
type UpdateInput = z.output<typeof UpdateWebhookSubscriptionBody>;

export interface WebhooksDeps {
  db: Db;
  secretKey: Buffer;
  /** ALLOW_PRIVATE_UPSTREAMS: http:// and private receivers allowed (intranets, tests). */
  allowPrivateUrls: boolean;
}

export type WebhooksService = ReturnType<typeof createWebhooksService>;

/** Webhook subscriptions of a workspace and their delivery logs. Every query is scoped by workspace. */
export function createWebhooksService(deps: WebhooksDeps) {
  const { db } = deps;

  /** The SSRF guard of connectors/http.ts on the literal URL; DNS answers are checked again at send time. */
  function checkReceiverUrl(url: string): void {
    try {
      checkUrl(url, deps.allowPrivateUrls);
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      const message = `must be https:// and not a private or loopback address (${error.message})`;
      throw createError('validation_failed', 400, `url ${message}.`, { errors: [{ field: 'url', message }] });
    }
  }

  async function requireSubscription(workspaceId: string, id: string): Promise<WebhookSubscriptionRow> {
    const row = await store.getSubscription(db, workspaceId, id);
    if (!row) throw notFound('Webhook subscription');
    return row;
  }

  return {
    /** The secret comes back in clear only here; it is stored sealed (AES-256-GCM under SECRET_KEY). */
    async create(
      workspaceId: string,
      input: CreateInput,
    ): Promise<{ row: WebhookSubscriptionRow; secret: string }> {
      checkReceiverUrl(input.url);
      const id = newId();
      const secret = input.secret ?? `whsec_${randomToken(32)}`;
      const row = await store.insertSubscription(db, {
        id,
        workspaceId,
        url: input.url,
        events: input.events,
        active: input.active,
        secret: encryptJson(deps.secretKey, secret, id),
      });
      return { row, secret };
    },

    list: (workspaceId: string, page: PageRequest): Promise<Page<WebhookSubscriptionRow>> =>
      store.listSubscriptions(db, workspaceId, page),

    get: requireSubscription,

    async update(workspaceId: string, id: string, input: UpdateInput): Promise<WebhookSubscriptionRow> {
      if (input.url !== undefined) checkReceiverUrl(input.url);
      const row = await store.updateSubscription(db, workspaceId, id, {
        ...(input.url !== undefined ? { url: input.url } : {}),
        ...(input.events !== undefined ? { events: input.events } : {}),
        ...(input.active !== undefined ? { active: input.active } : {}),
      });
      if (!row) throw notFound('Webhook subscription');
      return row;
    },

    /** Deletes the subscription and its delivery log; queued deliveries are then skipped. */
    async remove(workspaceId: string, id: string): Promise<void> {
      if (!(await store.deleteSubscription(db, workspaceId, id))) throw notFound('Webhook subscription');
    },

    async deliveries(
      workspaceId: string,
      id: string,
      page: PageRequest & { status?: WebhookDeliveryStatus | undefined },
    ): Promise<Page<WebhookDeliveryRow>> {
      await requireSubscription(workspaceId, id);
      return listDeliveries(db, id, page);
    },
  };
}
