import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../container';
import { answer, problemResponses } from '../../schemas/common';
import { CreatePanelTokenBody, PanelTokenSchema } from '../../schemas/panel-tokens';

export const panelTokenRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.post(
    '/panel-tokens',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'createPanelToken',
        tags: ['panel'],
        summary: 'Issue a short-lived token that opens the panel of one project',
        description:
          'For hosts without their own signed identity (PingCode Nexus signs its own): your backend calls this with its API key and hands the token to the embedded panel. The token names only this workspace and project.',
        body: CreatePanelTokenBody,
        response: {
          201: answer(PanelTokenSchema, 'The token and when it stops being accepted.'),
          ...problemResponses(400, 401, 404, 413, 415, 500),
        },
      },
    },
    async (req, reply) => {
      const { token, expiresAt } = await services.panelTokens.issue(req.auth.workspaceId, req.body);
      return reply.code(201).send({ token, expiresAt: expiresAt.toISOString() });
    },
  );
};
