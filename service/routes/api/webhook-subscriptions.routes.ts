import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../container';
import { IdParams, PageQuery, answer, pageOf, problemResponses } from '../../schemas/common';
import {
  CreateWebhookSubscriptionBody,
  CreatedWebhookSubscriptionSchema,
  DeliveryListQuery,
  UpdateWebhookSubscriptionBody,
  WebhookDeliverySchema,
  WebhookSubscriptionSchema,
  toWebhookDeliveryDto,
  toWebhookSubscriptionDto,
} from '../../schemas/webhooks';

const tags = ['webhooks'];

export const webhookSubscriptionRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (
  app,
  { services },
) => {
  app.post(
    '/webhook-subscriptions',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'createWebhookSubscription',
        tags,
        summary: 'Subscribe an endpoint to events',
        description:
          'Answers 201 with the signing secret (generated unless you send one) exactly once. Deliveries are POSTed with `ClientLens-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, `ClientLens-Event` and `ClientLens-Delivery`.',
        body: CreateWebhookSubscriptionBody,
        response: {
          201: answer(
            CreatedWebhookSubscriptionSchema,
            'Subscribed: the subscription with its `secret` (shown this once).',
          ),
          ...problemResponses(400, 401, 413, 415, 500),
        },
      },
    },
    async (req, reply) => {
      const { row, secret } = await services.webhooks.create(req.auth.workspaceId, req.body);
      return reply.code(201).send({ ...toWebhookSubscriptionDto(row), secret });
    },
  );

  app.get(
    '/webhook-subscriptions',
    {
      schema: {
        operationId: 'listWebhookSubscriptions',
        tags,
        summary: 'List webhook subscriptions',
        description: 'Oldest first; secrets are never shown again.',
        querystring: PageQuery,
        response: {
          200: answer(
            pageOf(WebhookSubscriptionSchema, 'WebhookSubscriptionPage'),
            'One page of subscriptions.',
          ),
          ...problemResponses(400, 401, 500),
        },
      },
    },
    async (req) => {
      const page = await services.webhooks.list(req.auth.workspaceId, req.query);
      return { items: page.items.map(toWebhookSubscriptionDto), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/webhook-subscriptions/:id',
    {
      schema: {
        operationId: 'getWebhookSubscription',
        tags,
        summary: 'Get a webhook subscription',
        description: 'Its URL, events and active flag; the secret is never shown again.',
        params: IdParams,
        response: {
          200: answer(WebhookSubscriptionSchema, 'The subscription.'),
          ...problemResponses(400, 401, 404, 500),
        },
      },
    },
    async (req) => toWebhookSubscriptionDto(await services.webhooks.get(req.auth.workspaceId, req.params.id)),
  );

  app.patch(
    '/webhook-subscriptions/:id',
    {
      schema: {
        operationId: 'updateWebhookSubscription',
        tags,
        summary: 'Change the URL, events or active flag of a subscription',
        description:
          'An inactive subscription receives no new events; deliveries already due are marked failed instead of sent.',
        params: IdParams,
        body: UpdateWebhookSubscriptionBody,
        response: {
          200: answer(WebhookSubscriptionSchema, 'The changed subscription.'),
          ...problemResponses(400, 401, 404, 413, 415, 500),
        },
      },
    },
    async (req) =>
      toWebhookSubscriptionDto(await services.webhooks.update(req.auth.workspaceId, req.params.id, req.body)),
  );

  app.delete(
    '/webhook-subscriptions/:id',
    {
      schema: {
        operationId: 'deleteWebhookSubscription',
        tags,
        summary: 'Delete a subscription and its delivery log',
        description: 'No more events are sent to it; deliveries not yet made are dropped.',
        params: IdParams,
        response: {
          204: z.undefined().meta({ description: 'Deleted.' }),
          ...problemResponses(400, 401, 404, 500),
        },
      },
    },
    async (req, reply) => {
      await services.webhooks.remove(req.auth.workspaceId, req.params.id);
      return reply.code(204).send();
    },
  );

  app.get(
    '/webhook-subscriptions/:id/deliveries',
    {
      schema: {
        operationId: 'listWebhookDeliveries',
        tags,
        summary: "A subscription's delivery log, newest first",
        description:
          'One entry per event sent to this subscription: status, attempts, the last HTTP status and the last error in plain words.',
        params: IdParams,
        querystring: DeliveryListQuery,
        response: {
          200: answer(pageOf(WebhookDeliverySchema, 'WebhookDeliveryPage'), 'One page of deliveries.'),
          ...problemResponses(400, 401, 404, 500),
        },
      },
    },
    async (req) => {
      const page = await services.webhooks.deliveries(req.auth.workspaceId, req.params.id, req.query);
      return { items: page.items.map(toWebhookDeliveryDto), nextCursor: page.nextCursor };
    },
  );
};
