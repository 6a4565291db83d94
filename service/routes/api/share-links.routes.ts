import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../container';
import { IdParams, answer, listOf, problemResponses } from '../../schemas/common';
import {
  CreateShareLinkBody,
  CreatedShareLinkSchema,
  ShareLinkSchema,
  toNewLinkInput,
  toShareLinkDto,
} from '../../schemas/share-links';

const tags = ['share-links'];

export const shareLinkRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.post(
    '/projects/:id/share-links',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'createShareLink',
        tags,
        summary: 'Create a share link for the client',
        description:
          'The answer holds the link (`url`) exactly once: only a hash of its 256-bit token is stored. Optional expiry and passcode.',
        params: IdParams,
        body: CreateShareLinkBody,
        response: {
          201: answer(CreatedShareLinkSchema, 'The new link, with its `url` (shown this once).'),
          ...problemResponses(400, 401, 404, 413, 415, 500),
        },
      },
    },
    async (req, reply) => {
      const { row, url } = await services.shareLinks.create(
        req.auth.workspaceId,
        req.params.id,
        toNewLinkInput(req.body),
      );
      return reply.code(201).send({ ...toShareLinkDto(row), url });
    },
  );

  app.get(
    '/projects/:id/share-links',
    {
      schema: {
        operationId: 'listShareLinks',
        tags,
        summary: "List a project's share links with their views",
        description:
          'Active, expired and revoked links with view counts; never their URL (only a hash of the token is kept).',
        params: IdParams,
        response: {
          200: answer(listOf(ShareLinkSchema, 'ShareLinkList'), 'Every share link of the project.'),
          ...problemResponses(400, 401, 404, 500),
        },
      },
    },
    async (req) => ({
      items: (await services.shareLinks.list(req.auth.workspaceId, req.params.id)).map((row) =>
        toShareLinkDto(row),
      ),
    }),
  );

  app.delete(
    '/share-links/:id',
    {
      schema: {
        operationId: 'revokeShareLink',
        tags,
        summary: 'Revoke a share link',
        description: 'The link answers 410 from the very next request.',
        params: IdParams,
        response: {
          200: answer(ShareLinkSchema, 'The link, now `revoked`.'),
          ...problemResponses(400, 401, 404, 500),
        },
      },
    },
    async (req) => toShareLinkDto(await services.shareLinks.revoke(req.auth.workspaceId, req.params.id)),
  );
};
