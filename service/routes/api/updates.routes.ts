import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../container';
import { IdParams, problemResponses } from '../../schemas/common';
import { CreateUpdateBody, EditUpdateBody, UpdateSchema, toUpdateDto } from '../../schemas/updates';

const tags = ['updates'];

export const updateRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.post(
    '/projects/:id/updates',
    {
      schema: {
        operationId: 'createUpdate',
        tags,
        summary: 'Start a draft update',
        description:
          'Without `content`, the draft is pre-filled from what changed since the last update and the detected risks.',
        params: IdParams,
        body: CreateUpdateBody.nullish(),
        response: { 201: UpdateSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (req, reply) => {
      const row = await services.updates.createDraft(req.auth.workspaceId, req.params.id, req.body?.content);
      return reply.code(201).send(toUpdateDto(row));
    },
  );

  app.get(
    '/projects/:id/updates',
    {
      schema: {
        operationId: 'listUpdates',
        tags,
        summary: "List a project's updates, newest first (drafts and history)",
        params: IdParams,
        response: {
          200: z.object({ items: z.array(UpdateSchema) }).meta({ id: 'UpdateList' }),
          ...problemResponses(400, 401, 404),
        },
      },
    },
    async (req) => ({
      items: (await services.updates.list(req.auth.workspaceId, req.params.id)).map(toUpdateDto),
    }),
  );

  app.get(
    '/updates/:id',
    {
      schema: {
        operationId: 'getUpdate',
        tags,
        summary: 'Get an update',
        params: IdParams,
        response: { 200: UpdateSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (req) => toUpdateDto(await services.updates.get(req.auth.workspaceId, req.params.id)),
  );

  app.patch(
    '/updates/:id',
    {
      schema: {
        operationId: 'editUpdate',
        tags,
        summary: 'Change a draft',
        description: 'Published updates are immutable: 409 `update_published`.',
        params: IdParams,
        body: EditUpdateBody,
        response: { 200: UpdateSchema, ...problemResponses(400, 401, 404, 409) },
      },
    },
    async (req) =>
      toUpdateDto(await services.updates.edit(req.auth.workspaceId, req.params.id, req.body.content)),
  );

  app.post(
    '/updates/:id/publish',
    {
      schema: {
        operationId: 'publishUpdate',
        tags,
        summary: 'Publish a draft',
        description:
          'Freezes the current summary with the update; share links show it from the next request.',
        params: IdParams,
        response: { 200: UpdateSchema, ...problemResponses(400, 401, 404, 409) },
      },
    },
    async (req) => toUpdateDto(await services.updates.publish(req.auth.workspaceId, req.params.id)),
  );
};
