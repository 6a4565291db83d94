import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../container';
import { z } from 'zod';
import { createSummaryBodies, noneMatch } from '../../services/summary-bodies';
import { IdParams, answer, problemResponses } from '../../schemas/common';
import { LocalizedSummarySchema, SummaryQuery } from '../../schemas/summary';

export const summaryRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const bodyOf = createSummaryBodies();
  app.get(
    '/projects/:id/summary',
    {
      schema: {
        operationId: 'getProjectSummary',
        tags: ['projects'],
        summary: "The project's client summary (the share page's JSON twin)",
        description:
          'What clients see, as data: overall and per-milestone progress with forecasts and health, changes since the last published update, detected risks, freshness and the burn-up; `text` holds the same sentences the share page shows, in `lang`. Hidden task types and labels are left out. Every answer carries an `ETag`; send it back in `If-None-Match` to get `304` without a body while the summary is unchanged (it changes after a sync, a publish or a settings change, and at least daily).',
        params: IdParams,
        querystring: SummaryQuery,
        response: {
          200: answer(LocalizedSummarySchema, 'The summary and its sentences.'),
          304: z.undefined().meta({ description: 'Not modified: the `ETag` in `If-None-Match` is current.' }),
          ...problemResponses(400, 401, 404, 500),
        },
      },
    },
    async (req, reply) => {
      const { summary, timeZone, locale } = await services.summaries.current(
        req.auth.workspaceId,
        req.params.id,
      );
      const body = bodyOf(summary, req.query.lang ?? locale, timeZone);
      void reply.header('etag', body.etag).header('cache-control', 'private, no-cache');
      if (noneMatch(req.headers['if-none-match'], body.etag)) return reply.code(304).send();
      // A string with a JSON type is sent as it is (hence the cast): it went through the schema when it was made.
      return reply.type('application/json; charset=utf-8').send(body.json as never);
    },
  );
};
