import { z } from 'zod';
import { FEEDBACK_KINDS, FEEDBACK_LIMITS, FEEDBACK_STATUSES } from '../domain/feedback';
import { LOCALES } from '../domain/model';
import type { FeedbackView } from '../services/feedback.service';
import { Instant, PageQuery, component, isoInstant } from './common';
import { EXAMPLE_ID } from './example-ids';

export const FeedbackSchema = component(
  z.object({
    id: z.uuid(),
    projectId: z.uuid(),
    shareLinkId: z.uuid().nullable().meta({ description: 'The share link it was sent through.' }),
    kind: z.enum(FEEDBACK_KINDS),
    body: z
      .string()
      .nullable()
      .meta({ description: 'The client’s text; may be empty for approvals and ratings.' }),
    rating: z.number().int().min(1).max(5).nullable().meta({ description: '1–5, for `rating`.' }),
    updateId: z
      .uuid()
      .nullable()
      .meta({ description: 'For `rating`: the published update it rates (the latest when sent).' }),
    milestoneId: z
      .uuid()
      .nullable()
      .meta({ description: 'For `approval` (always) and `change_request` (when the client chose one).' }),
    authorName: z.string(),
    authorEmail: z
      .string()
      .nullable()
      .meta({ description: 'Given by the client for you only: never shown on share pages or in webhooks.' }),
    language: z.enum(LOCALES).meta({ description: 'The language of the page the client wrote from.' }),
    status: z.enum(FEEDBACK_STATUSES),
    reply: z.string().nullable().meta({
      description: 'Your answer. Answered questions and comments show it under the client’s message.',
    }),
    overdue: z.boolean().meta({
      description:
        'Still `open` past `answerDueAt` (the project’s `responseTargetHours` of business time). Never shown to clients.',
    }),
    answerDueAt: Instant.meta({
      description:
        'When an answer is due: `responseTargetHours` (default 24) of Monday–Friday time after `createdAt`, in the project’s time zone.',
    }),
    responseSeconds: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'The response time, `answeredAt` − `createdAt`; null until answered.' }),
    createdAt: Instant,
    updatedAt: Instant,
    answeredAt: Instant.nullable().meta({ description: 'When the current reply was first given.' }),
  }),
  { id: 'Feedback' },
  {
    id: EXAMPLE_ID.feedback,
    projectId: EXAMPLE_ID.project,
    shareLinkId: EXAMPLE_ID.shareLink,
    kind: 'question',
    body: 'When can we try the checkout?',
    rating: null,
    updateId: null,
    milestoneId: null,
    authorName: 'Ana Lima',
    authorEmail: 'ana.lima@acme.example',
    language: 'en',
    status: 'answered',
    reply: 'The test shop opens on 16 March; we will send you the link.',
    overdue: false,
    answerDueAt: '2026-03-10T03:00:00.000Z',
    responseSeconds: 20700,
    createdAt: '2026-03-09T03:00:00.000Z',
    updatedAt: '2026-03-09T08:45:00.000Z',
    answeredAt: '2026-03-09T08:45:00.000Z',
  },
);

export const FeedbackListQuery = PageQuery.extend({
  kind: z.enum(FEEDBACK_KINDS).optional(),
  status: z.enum(FEEDBACK_STATUSES).optional(),
});

export const AnswerFeedbackBody = component(
  z
    .object({
      reply: z
        .string()
        .trim()
        .min(1, 'must not be empty (send null to remove the reply)')
        .max(FEEDBACK_LIMITS.reply)
        .nullable()
        .optional()
        .meta({ description: 'Your answer; `null` removes it (an answered item is then open again).' }),
      status: z.enum(FEEDBACK_STATUSES).optional().meta({
        description: 'Defaults to `answered` when a reply is given. `answered` needs a reply.',
      }),
    })
    .refine((body) => body.reply !== undefined || body.status !== undefined, {
      error: 'give a reply, a status or both',
    }),
  { id: 'AnswerFeedback' },
  { reply: 'The test shop opens on 16 March; we will send you the link.', status: 'answered' },
);

export const toFeedbackDto = ({
  row,
  overdue,
  answerDueAt,
  responseSeconds,
}: FeedbackView): z.output<typeof FeedbackSchema> => ({
  id: row.id,
  projectId: row.projectId,
  shareLinkId: row.shareLinkId,
  kind: row.kind,
  body: row.body,
  rating: row.rating,
  updateId: row.updateId,
  milestoneId: row.milestoneId,
  authorName: row.authorName,
  authorEmail: row.authorEmail,
  language: row.locale,
  status: row.status,
  reply: row.reply,
  overdue,
  answerDueAt: answerDueAt.toISOString(),
  responseSeconds,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  answeredAt: isoInstant(row.answeredAt),
});
