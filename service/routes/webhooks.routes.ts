import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../container';
import { problemResponses } from '../schemas/common';

/** GitHub sends up to 25 MB; project tools far less. Larger bodies answer 413. */
const WEBHOOK_BODY_LIMIT = 5 * 1024 * 1024;

/**
 * Inbound webhooks from the PM tools. The body is kept as raw bytes (signatures are over them), so this
 * scope replaces every content-type parser with one that hands the buffer over untouched.
 */
export const webhookRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_req, body, done) =>
    done(null, body),
  );

  app.post(
    '/webhooks/:provider/:connectionId',
    {
      bodyLimit: WEBHOOK_BODY_LIMIT,
      schema: {
        operationId: 'receiveWebhook',
        tags: ['webhooks'],
        summary: 'Receive a change notification from the PM tool',
        description:
          'Signed by the tool with the connection’s `webhookSecret` (GitHub `X-Hub-Signature-256`, Jira `X-Hub-Signature`, Worktile and PingCode a shared secret). Verified over the raw body; the same delivery id is acted on once; answered before any call to the tool, then an incremental sync of the affected projects runs.',
        params: z.object({ provider: z.string().max(40), connectionId: z.uuid() }),
        response: {
          202: z
            .object({
              accepted: z.boolean().meta({ description: 'False for a delivery already received.' }),
              runIds: z.array(z.uuid()),
            })
            .meta({ id: 'WebhookReceipt' }),
          ...problemResponses(400, 401, 404, 503),
        },
      },
    },
    async (req, reply) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value[0] : value]),
      );
      const outcome = await services.inbound.receive(
        req.params.provider,
        req.params.connectionId,
        headers,
        body,
      );
      return reply.code(202).send(outcome);
    },
  );
};
