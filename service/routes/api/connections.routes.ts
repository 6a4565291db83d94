import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../container';
import { IdParams, PageQuery, answer, component, pageOf, problemResponses } from '../../schemas/common';
import {
  ConnectionSchema,
  CreateConnectionBody,
  UpdateConnectionBody,
  toConnectionDto,
} from '../../schemas/connections';
import { ProjectSchema, toProjectDto } from '../../schemas/projects';

const tags = ['connections'];
const CreatedConnection = component(
  ConnectionSchema.extend({
    projects: z
      .array(ProjectSchema)
      .meta({ description: 'The projects these credentials reach, as discovered now.' }),
  }),
  { id: 'CreatedConnection' },
  {
    ...(z.globalRegistry.get(ConnectionSchema)?.example as z.output<typeof ConnectionSchema>),
    lastSyncedAt: null,
    nextSyncAt: '2026-03-10T02:20:00.000Z',
    createdAt: '2026-03-10T02:05:00.000Z',
    updatedAt: '2026-03-10T02:05:00.000Z',
    projects: [z.globalRegistry.get(ProjectSchema)?.example as z.output<typeof ProjectSchema>],
  },
);

export const connectionRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.post(
    '/connections',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'createConnection',
        tags,
        summary: 'Connect a PM-tool account',
        description:
          'Checks the credentials against the tool before saving them (encrypted); answers 422 in plain words when the tool refuses them or cannot be reached.',
        body: CreateConnectionBody,
        response: {
          201: answer(CreatedConnection, 'Connected: the connection and the projects it reaches.'),
          ...problemResponses(400, 401, 413, 415, 422, 500),
        },
      },
    },
    async (req, reply) => {
      const { connection, projects } = await services.connections.create(req.auth.workspaceId, req.body);
      const dto = toConnectionDto(connection, await services.connections.nextSyncAt(connection.id));
      return reply.code(201).send({ ...dto, projects: projects.map(toProjectDto) });
    },
  );

  app.get(
    '/connections',
    {
      schema: {
        operationId: 'listConnections',
        tags,
        summary: 'List connections',
        description: 'Oldest first, with each connection’s sync status, last error and next reconciliation.',
        querystring: PageQuery,
        response: {
          200: answer(pageOf(ConnectionSchema, 'ConnectionPage'), 'One page of connections.'),
          ...problemResponses(400, 401, 500),
        },
      },
    },
    async (req) => {
      const page = await services.connections.list(req.auth.workspaceId, req.query);
      const items = await Promise.all(
        page.items.map(async (row) => toConnectionDto(row, await services.connections.nextSyncAt(row.id))),
      );
      return { items, nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/connections/:id',
    {
      schema: {
        operationId: 'getConnection',
        tags,
        summary: 'Get a connection',
        description: 'Its status, last sync error in plain words, next reconciliation and webhook address.',
        params: IdParams,
        response: {
          200: answer(ConnectionSchema, 'The connection.'),
          ...problemResponses(400, 401, 404, 500),
        },
      },
    },
    async (req) => {
      const row = await services.connections.get(req.auth.workspaceId, req.params.id);
      return toConnectionDto(row, await services.connections.nextSyncAt(row.id));
    },
  );

  app.patch(
    '/connections/:id',
    {
      schema: {
        operationId: 'updateConnection',
        tags,
        summary: 'Change a connection',
        description: 'New credentials, base URL or settings are checked against the tool first.',
        params: IdParams,
        body: UpdateConnectionBody,
        response: {
          200: answer(ConnectionSchema, 'The changed connection.'),
          ...problemResponses(400, 401, 404, 413, 415, 422, 500),
        },
      },
    },
    async (req) => {
      const row = await services.connections.update(req.auth.workspaceId, req.params.id, req.body);
      return toConnectionDto(row, await services.connections.nextSyncAt(row.id));
    },
  );

  app.delete(
    '/connections/:id',
    {
      schema: {
        operationId: 'deleteConnection',
        tags,
        summary: 'Delete a connection and the data synced through it',
        description:
          'Removes its projects, tasks, milestones, sync runs and everything published from them; its reconciliation stops.',
        params: IdParams,
        response: {
          204: z.undefined().meta({ description: 'Deleted.' }),
          ...problemResponses(400, 401, 404, 500),
        },
      },
    },
    async (req, reply) => {
      await services.connections.remove(req.auth.workspaceId, req.params.id);
      return reply.code(204).send();
    },
  );
};
