import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../container';
import {
  ChannelDeliverySchema,
  CommPlanSchema,
  DeliveryListQuery,
  PutCommPlanBody,
  toChannelDeliveryDto,
  toCommPlanDto,
} from '../../schemas/comm-plans';
import { IdParams, answer, pageOf, problemResponse, problemResponses } from '../../schemas/common';

const tags = ['comm-plans'];

export const commPlanRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.put(
    '/projects/:id/comm-plan',
    {
      schema: {
        operationId: 'putCommPlan',
        tags,
        summary: "Set the project's communication plan",
        description:
          'Replaces the plan: cadence, client channels, PM notifications, grace period. At each cadence time a pre-filled draft is created and the PM notified; publishing an update sends it to every client channel. Webhook URLs and secrets are write-only (send a channel back with its `id` and without `webhookUrl` to keep them). The first PUT creates the share link the messages carry. Email channels need SMTP on the server: `422 email_not_configured` otherwise.',
        params: IdParams,
        body: PutCommPlanBody,
        response: {
          200: answer(CommPlanSchema, 'The plan as saved, with its next run.'),
          ...problemResponses(400, 401, 404, 413, 415, 500),
          422: problemResponse(
            422,
            '`email_not_configured`: an email channel was given but this server has no SMTP settings; `errors` names the channels.',
          ),
        },
      },
    },
    async (req) => toCommPlanDto(await services.commPlans.put(req.auth.workspaceId, req.params.id, req.body)),
  );

  app.get(
    '/projects/:id/comm-plan',
    {
      schema: {
        operationId: 'getCommPlan',
        tags,
        summary: "Get the project's communication plan",
        description: 'With the next run time (from the scheduler) and the latest delivery problems.',
        params: IdParams,
        response: { 200: answer(CommPlanSchema, 'The plan.'), ...problemResponses(400, 401, 404, 500) },
      },
    },
    async (req) => toCommPlanDto(await services.commPlans.get(req.auth.workspaceId, req.params.id)),
  );

  app.delete(
    '/projects/:id/comm-plan',
    {
      schema: {
        operationId: 'deleteCommPlan',
        tags,
        summary: 'Stop the communication plan',
        description:
          'No more cycles, reminders or sends; sends not yet made fail as `plan_removed`. The share link stays valid.',
        params: IdParams,
        response: {
          204: z.undefined().meta({ description: 'Stopped.' }),
          ...problemResponses(400, 401, 404, 500),
        },
      },
    },
    async (req, reply) => {
      await services.commPlans.remove(req.auth.workspaceId, req.params.id);
      return reply.code(204).send();
    },
  );

  app.get(
    '/projects/:id/deliveries',
    {
      schema: {
        operationId: 'listChannelDeliveries',
        tags,
        summary: "The project's channel sends, newest first",
        description:
          'One entry per message to one channel (published updates, draft-ready notices, reminders): status, attempts, next attempt and the last error in plain words.',
        params: IdParams,
        querystring: DeliveryListQuery,
        response: {
          200: answer(pageOf(ChannelDeliverySchema, 'ChannelDeliveryPage'), 'One page of sends.'),
          ...problemResponses(400, 401, 404, 500),
        },
      },
    },
    async (req) => {
      const page = await services.commPlans.deliveries(req.auth.workspaceId, req.params.id, req.query);
      return { items: page.items.map(toChannelDeliveryDto), nextCursor: page.nextCursor };
    },
  );
};
