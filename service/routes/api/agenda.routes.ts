import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../container';
import { agendaMarkdown } from '../../render/agenda.md';
import { AgendaMarkdown, AgendaQuery, AgendaSchema } from '../../schemas/agenda';
import { IdParams, problemResponses } from '../../schemas/common';

export const agendaRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/projects/:id/agenda',
    {
      schema: {
        operationId: 'getProjectAgenda',
        tags: ['projects'],
        summary: 'The agenda for the weekly client meeting, in the project’s language',
        description:
          'Progress since the last published update (overall now vs the frozen snapshot, tasks completed, milestones delivered, date slips); risks and the decisions the client owes (detected risks plus the latest update’s); open client questions, change requests and approvals, oldest first, with `overdue` against the response target; next steps (the latest update’s, else the next milestones due, with forecast). `format=md` answers `text/markdown`.',
        params: IdParams,
        querystring: AgendaQuery,
        response: {
          200: {
            description: 'The agenda.',
            content: {
              'application/json': { schema: AgendaSchema },
              'text/markdown': { schema: AgendaMarkdown },
            },
          },
          ...problemResponses(400, 401, 404, 500),
        },
      },
    },
    async (req, reply) => {
      const agenda = await services.agenda.forProject(req.auth.workspaceId, req.params.id, req.query.lang);
      if (req.query.format === 'md')
        return reply.type('text/markdown; charset=utf-8').send(agendaMarkdown(agenda));
      return agenda;
    },
  );
};
