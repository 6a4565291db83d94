import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../container';
import { IdParams, PageQuery, pageOf, problemResponses } from '../../schemas/common';
import {
  ConnectionSchema,
  CreateConnectionBody,
  UpdateConnectionBody,
  toConnectionDto,
} from '../../schemas/connections';
import { ProjectSchema, toProjectDto } from '../../schemas/projects';

const tags = ['connections'];
const CreatedConnection = ConnectionSchema.extend({
  projects: z
    .array(ProjectSchema)
    .meta({ description: 'The projects these credentials reach, as discovered now.' }),
}).meta({ id: 'CreatedConnection' });

export const connectionRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.post(
    '/connections',
    {
      schema: {
        operationId: 'createConnection',
        tags,
        summary: 'Connect a PM-tool account',
        description:
          'Checks the credentials against the tool before saving them (encrypted); answers 422 in plain words when the tool refuses them or cannot be reached.',
        body: CreateConnectionBody,
        response: { 201: CreatedConnection, ...problemResponses(400, 401, 422) },
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
        querystring: PageQuery,
        response: { 200: pageOf(ConnectionSchema, 'ConnectionPage'), ...problemResponses(400, 401) },
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
        params: IdParams,
        response: { 200: ConnectionSchema, ...problemResponses(400, 401, 404) },
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
        response: { 200: ConnectionSchema, ...problemResponses(400, 401, 404, 422) },
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
        params: IdParams,
        response: {
          204: z.undefined().meta({ description: 'Deleted.' }),
          ...problemResponses(400, 401, 404),
        },
      },
    },
    async (req, reply) => {
      await services.connections.remove(req.auth.workspaceId, req.params.id);
      return reply.code(204).send();
    },
  );
};
