import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../container';
import type { Locale } from '../../domain/model';
import { localizeSummary } from '../../render/localize';
import { IdParams, problemResponses } from '../../schemas/common';
import { LocalizedSummarySchema, SummaryQuery } from '../../schemas/summary';

export const summaryRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/projects/:id/summary',
    {
      schema: {
        operationId: 'getProjectSummary',
        tags: ['projects'],
        summary: "The project's client summary (the share page's JSON twin)",
        params: IdParams,
        querystring: SummaryQuery,
        response: { 200: LocalizedSummarySchema, ...problemResponses(400, 401, 404) },
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
