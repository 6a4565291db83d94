import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../container';
import type { Locale } from '../../domain/model';
import { localizeSummary } from '../../render/localize';
import { IdParams, answer, problemResponses } from '../../schemas/common';
import { LocalizedSummarySchema, SummaryQuery } from '../../schemas/summary';

export const summaryRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/projects/:id/summary',
    {
      schema: {
        operationId: 'getProjectSummary',
        tags: ['projects'],
        summary: "The project's client summary (the share page's JSON twin)",
        description:
          'What clients see, as data: overall and per-milestone progress with forecasts and health, changes since the last published update, detected risks, freshness and the burn-up; `text` holds the same sentences the share page shows, in `lang`. Hidden task types and labels are left out.',
        params: IdParams,
        querystring: SummaryQuery,
        response: {
          200: answer(LocalizedSummarySchema, 'The summary and its sentences.'),
          ...problemResponses(400, 401, 404, 500),
        },
      },
    },
    async (req) => {
      const { summary, timeZone, locale } = await services.summaries.current(
        req.auth.workspaceId,
        req.params.id,
      );
      const language: Locale = req.query.lang ?? locale;
      return { language, summary, text: localizeSummary(summary, language, timeZone) };
    },
  );
};
