import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../container';
import { IdParams, PageQuery, answer, pageOf, problemResponse, problemResponses } from '../../schemas/common';
import { CreateSyncBody, SyncRunSchema, toSyncRunDto } from '../../schemas/syncs';

const tags = ['syncs'];

export const syncRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.post(
    '/connections/:id/syncs',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'createSync',
        tags,
        summary: 'Sync a project now',
        description:
          'Queues a full or incremental run for one project and answers 202 at once. While a run for the same project is queued or running, answers 202 with that run instead of starting another.',
        params: IdParams,
        body: CreateSyncBody,
        response: {
          202: answer(
            SyncRunSchema,
            'Queued (or already queued or running): the run; `Location` is its URL.',
          ),
          ...problemResponses(400, 401, 404, 413, 415, 500),
          503: problemResponse(
            503,
            '`queue_unavailable`: the job queue (Redis) is away; nothing was queued.',
          ),
        },
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
        description:
          'Every run of every project of the connection: API, schedule, webhook and panel triggered.',
        params: IdParams,
        querystring: PageQuery,
        response: {
          200: answer(pageOf(SyncRunSchema, 'SyncRunPage'), 'One page of sync runs.'),
          ...problemResponses(400, 401, 404, 500),
        },
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
        description:
          'Poll it after `createSync`: `status` ends `succeeded`, `failed` or `auth_failed`; `progress` counts work items, `waitingUntil` shows a wait the tool asked for, `error` says in plain words what went wrong.',
        params: IdParams,
        response: { 200: answer(SyncRunSchema, 'The run.'), ...problemResponses(400, 401, 404, 500) },
      },
    },
    async (req) => toSyncRunDto(await services.syncs.get(req.auth.workspaceId, req.params.id)),
  );
};
