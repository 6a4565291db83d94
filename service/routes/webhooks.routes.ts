import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../container';
import { answer, component, problemResponse, problemResponses } from '../schemas/common';
import { EXAMPLE_ID } from '../schemas/example-ids';

/** GitHub sends up to 25 MB; project tools far less. Larger bodies answer 413. */
const WEBHOOK_BODY_LIMIT = 5 * 1024 * 1024;

/**
 * For the document only: any body passes (the scope's parser hands over the raw bytes, which the connector
 * verifies and reads), so validation lets everything through unchanged.
 */
const WebhookBody = z.unknown().meta({
  description:
    'The tool’s own event payload, signed over its exact bytes. ClientLens reads only which project changed.',
  'x-examples': {
    pingcode: {
      summary: 'PingCode: a Nexus event, or a Flow rule’s HTTP request (header `X-ClientLens-Secret`)',
      value: {
        event_type: 'work_item.updated',
        payload: { data: { id: '65b3e2a4c9d5f12234cd56ef', project: { id: '64f1c0e2a7b3d90012ab34cd' } } },
      },
    },
    github: {
      summary:
        'GitHub: an `issues` event (headers `X-Hub-Signature-256`, `X-GitHub-Event`, `X-GitHub-Delivery`)',
      value: {
        action: 'closed',
        issue: { number: 42, title: 'Card payment form', state: 'closed' },
        repository: { id: 812345678, full_name: 'acme/checkout' },
      },
    },
    jira: {
      summary: 'Jira Cloud: an issue event (header `X-Hub-Signature`)',
      value: {
        webhookEvent: 'jira:issue_updated',
        timestamp: 1773108000000,
        issue: { id: '10042', key: 'CHK-42', fields: { project: { id: '10000', key: 'CHK' } } },
      },
    },
  },
});

const WebhookReceipt = component(
  z.object({
    accepted: z.boolean().meta({ description: 'False for a delivery already received.' }),
    runIds: z.array(z.uuid()).meta({ description: 'The incremental sync runs it queued, one per project.' }),
  }),
  { id: 'WebhookReceipt' },
  { accepted: true, runIds: [EXAMPLE_ID.syncRun] },
);

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
        params: z.object({
          provider: z.string().max(40).meta({ description: 'The connection’s tool, e.g. `github`.' }),
          connectionId: z.uuid(),
        }),
        body: WebhookBody,
        response: {
          202: answer(WebhookReceipt, 'Received: the sync runs it queued (none for a repeat).'),
          ...problemResponses(400, 413, 500),
          401: problemResponse(
            401,
            '`webhook_rejected`: the signature is missing or does not match the connection’s webhook secret (or none is set).',
          ),
          404: problemResponse(
            404,
            '`not_found`: no such connection for this tool; or `webhooks_unsupported` by this tool.',
          ),
          503: problemResponse(
            503,
            '`queue_unavailable`: the job queue is away; the delivery is not recorded, so the tool’s retry is acted on.',
          ),
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
