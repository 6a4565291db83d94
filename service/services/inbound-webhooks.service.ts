import type { Logger } from 'pino';
import { WebhookRejected } from '../connectors/connector';
import { getConnector } from '../connectors/registry';
import { createError, notFound, type AppError } from '../errors';
import { getConnectionById } from '../store/connections.store';
import type { Db } from '../store/db';
import { newId } from '../store/ids';
import {
  forgetInboundDelivery,
  projectsToSync,
  recordInboundDelivery,
} from '../store/inbound-deliveries.store';
import type { ConnectionsService } from './connections.service';
import type { SyncsService } from './syncs.service';

export type InboundWebhooksService = ReturnType<typeof createInboundWebhooksService>;

export interface InboundOutcome {
  /** False for a delivery seen before (a redelivery): nothing was done again. */
  accepted: boolean;
  /** The sync runs requested (or already queued) for the projects it is about. */
  runIds: string[];
}

/** The one answer to a refused delivery: it never says which check failed. */
const refused = (): AppError =>
  createError('webhook_rejected', 401, 'The webhook signature is missing or does not match this connection.');

/**
 * `POST /webhooks/:provider/:connectionId`: verifies the delivery's signature over the raw body (the
 * tool's connector, constant time), records its delivery id (unique per connection: the same delivery five
 * times is acted on once) and turns it into incremental syncs of the projects it is about. No upstream call
 * is made before answering: the syncs run in the worker. When the queue cannot take the syncs, the delivery
 * is forgotten again and the answer is 503, so the tool's retry is not taken for a duplicate.
 */
export function createInboundWebhooksService(deps: {
  db: Db;
  connections: ConnectionsService;
  syncs: SyncsService;
  logger: Logger;
  now?: () => Date;
}) {
  const { db, logger } = deps;
  const now = deps.now ?? (() => new Date());

  return {
    async receive(
      provider: string,
      connectionId: string,
      headers: Record<string, string | undefined>,
      rawBody: Buffer,
    ): Promise<InboundOutcome> {
      const connection = await getConnectionById(db, connectionId);
      if (!connection || connection.provider !== provider) throw notFound('Connection');
      const connector = getConnector(provider);
      if (!connector.verifyWebhook)
        throw createError(
          'webhooks_unsupported',
          404,
          `${connector.displayName} webhooks are not supported.`,
        );
      let event;
      try {
        event = connector.verifyWebhook({
          headers,
          rawBody,
          secret: deps.connections.webhookSecret(connection),
          now: now(),
        });
      } catch (error) {
        if (!(error instanceof WebhookRejected)) throw error;
        logger.warn({ connectionId, provider, reason: error.reason }, 'webhook delivery refused');
        throw refused();
      }
      const id = newId();
      const fresh = await recordInboundDelivery(db, {
        id,
        connectionId,
        provider,
        deliveryId: event.deliveryId,
        event: event.event,
        receivedAt: now(),
      });
      if (!fresh) return { accepted: false, runIds: [] };
      const projects = await projectsToSync(db, connectionId, event.projectExternalIds);
      const runIds: string[] = [];
      try {
        for (const project of projects) {
          const { run } = await deps.syncs.request(
            connection.workspaceId,
            connectionId,
            { projectId: project.id, kind: 'incremental' },
            'webhook',
          );
          runIds.push(run.id);
        }
      } catch (error) {
        await forgetInboundDelivery(db, id);
        throw error;
      }
      logger.info({ connectionId, event: event.event, runs: runIds.length }, 'webhook delivery accepted');
      return { accepted: true, runIds };
    },
  };
}
