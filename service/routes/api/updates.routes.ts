import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../container';
import { IdParams, answer, listOf, problemResponse, problemResponses } from '../../schemas/common';
import { CreateUpdateRequest, EditUpdateBody, UpdateSchema, toUpdateDto } from '../../schemas/updates';

const tags = ['updates'];

export const updateRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.post(
    '/projects/:id/updates',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'createUpdate',
        tags,
        summary: 'Start a draft update',
        description:
          'Without `content`, the draft is pre-filled from what changed since the last update and the detected risks.',
        params: IdParams,
        body: CreateUpdateRequest,
        response: {
          201: answer(UpdateSchema, 'The new draft.'),
          ...problemResponses(400, 401, 404, 413, 415, 500),
        },
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
        description: 'Drafts and every published update: the history clients have been told.',
        params: IdParams,
        response: {
          200: answer(listOf(UpdateSchema, 'UpdateList'), 'Every update of the project.'),
          ...problemResponses(400, 401, 404, 500),
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
        description: 'A draft or a published update with its content.',
        params: IdParams,
        response: { 200: answer(UpdateSchema, 'The update.'), ...problemResponses(400, 401, 404, 500) },
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
        response: {
          200: answer(UpdateSchema, 'The changed draft.'),
          ...problemResponses(400, 401, 404, 413, 415, 500),
          409: problemResponse(
            409,
            '`update_published`: published updates cannot be changed; write a new one.',
          ),
        },
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
        response: {
          200: answer(UpdateSchema, 'The published update.'),
          ...problemResponses(400, 401, 404, 500),
          409: problemResponse(409, '`update_published`: this update is already published.'),
        },
      },
    },
    async (req) => toUpdateDto(await services.updates.publish(req.auth.workspaceId, req.params.id)),
  );
};
