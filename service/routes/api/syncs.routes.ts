import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../container';
import { IdParams, PageQuery, pageOf, problemResponses } from '../../schemas/common';
import { CreateSyncBody, SyncRunSchema, toSyncRunDto } from '../../schemas/syncs';

const tags = ['syncs'];

export const syncRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.post(
    '/connections/:id/syncs',
    {
      schema: {
        operationId: 'createSync',
        tags,
        summary: 'Sync a project now',
        description:
          'Queues a full or incremental run for one project and answers 202 at once. While a run for the same project is queued or running, answers 202 with that run instead of starting another.',
        params: IdParams,
        body: CreateSyncBody,
        response: { 202: SyncRunSchema, ...problemResponses(400, 401, 404, 503) },
      },
    },
    async (req, reply) => {
      const { run } = await services.syncs.request(req.auth.workspaceId, req.params.id, req.body, 'api');
      return reply.code(202).header('Location', `/api/v1/syncs/${run.id}`).send(toSyncRunDto(run));
    },
  );

  app.get(
    '/connections/:id/syncs',
    {
      schema: {
        operationId: 'listSyncs',
        tags,
        summary: "List a connection's sync runs, oldest first",
        params: IdParams,
        querystring: PageQuery,
        response: { 200: pageOf(SyncRunSchema, 'SyncRunPage'), ...problemResponses(400, 401, 404) },
      },
    },
    async (req) => {
      const page = await services.syncs.list(req.auth.workspaceId, req.params.id, req.query);
      return { items: page.items.map(toSyncRunDto), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/syncs/:id',
    {
      schema: {
        operationId: 'getSync',
        tags,
        summary: 'Get a sync run and its progress',
        params: IdParams,
        response: { 200: SyncRunSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (req) => toSyncRunDto(await services.syncs.get(req.auth.workspaceId, req.params.id)),
  );
};
