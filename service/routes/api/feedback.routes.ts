import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../container';
import { IdParams, answer, pageOf, problemResponse, problemResponses } from '../../schemas/common';
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
        response: {
          200: answer(pageOf(FeedbackSchema, 'FeedbackPage'), 'One page of feedback.'),
          ...problemResponses(400, 401, 404, 500),
        },
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
        response: {
          200: answer(FeedbackSchema, 'The feedback with your answer.'),
          ...problemResponses(400, 401, 404, 413, 415, 500),
          409: problemResponse(409, '`reply_required`: `answered` needs a reply.'),
        },
      },
    },
    async (req) =>
      toFeedbackDto(await services.feedback.answer(req.auth.workspaceId, req.params.id, req.body)),
  );
};
