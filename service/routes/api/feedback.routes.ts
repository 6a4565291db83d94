import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../container';
import { IdParams, pageOf, problemResponses } from '../../schemas/common';
import { AnswerFeedbackBody, FeedbackListQuery, FeedbackSchema, toFeedbackDto } from '../../schemas/feedback';

const tags = ['feedback'];

export const feedbackRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/projects/:id/feedback',
    {
      schema: {
        operationId: 'listFeedback',
        tags,
        summary: "List a project's client feedback, newest first",
        description:
          'Questions, comments, approvals, change requests and ratings sent from share pages. `overdue` flags open items past the response target.',
        params: IdParams,
        querystring: FeedbackListQuery,
        response: { 200: pageOf(FeedbackSchema, 'FeedbackPage'), ...problemResponses(400, 401, 404) },
      },
    },
    async (req) => {
      const { kind, status, ...page } = req.query;
      const result = await services.feedback.list(
        req.auth.workspaceId,
        req.params.id,
        { kind, status },
        page,
      );
      return { items: result.items.map(toFeedbackDto), nextCursor: result.nextCursor };
    },
  );

  app.patch(
    '/feedback/:id',
    {
      schema: {
        operationId: 'answerFeedback',
        tags,
        summary: 'Answer client feedback or change its status',
        description:
          'A reply makes the item `answered` unless a `status` is given, and shows under the client’s question or comment on the share page from the next request. `answered` without a reply is `409 reply_required`.',
        params: IdParams,
        body: AnswerFeedbackBody,
        response: { 200: FeedbackSchema, ...problemResponses(400, 401, 404, 409) },
      },
    },
    async (req) =>
      toFeedbackDto(await services.feedback.answer(req.auth.workspaceId, req.params.id, req.body)),
  );
};
