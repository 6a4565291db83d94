import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../container';
import { CommHealthQuery, CommHealthSchema, toCommHealthDto } from '../../schemas/comm-health';
import { IdParams, answer, problemResponses } from '../../schemas/common';

export const commHealthRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/projects/:id/comm-health',
    {
      schema: {
        operationId: 'getProjectCommHealth',
        tags: ['projects'],
        summary: "The project's communication health: views and ratings per update, response times",
        description:
          'For the PM, never shown to clients. Per published update: share-page views while it was the latest one, and its ratings. Also the median response time to client feedback, open and overdue feedback, and whole days since the last publication in the project’s time zone.',
        params: IdParams,
        querystring: CommHealthQuery,
        response: {
          200: answer(CommHealthSchema, 'The communication health.'),
          ...problemResponses(400, 401, 404, 500),
        },
      },
    },
    async (req) =>
      toCommHealthDto(
        req.params.id,
        await services.commHealth.forProject(req.auth.workspaceId, req.params.id, req.query),
      ),
  );
};
