import { z } from 'zod';
import type { CommHealth } from '../domain/comm-health';
import { Instant, isoInstant } from './common';

export const CommHealthQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(50)
    .default(10)
    .meta({ description: 'How many of the latest published updates to list (1–50).' }),
});

const UpdateHealthSchema = z
  .object({
    id: z.uuid(),
    publishedAt: Instant,
    headline: z.string(),
    views: z.number().int().meta({
      description:
        'Share-page views, all links together, while this was the latest published update (counted when the views are written, about once a second).',
    }),
    ratings: z.number().int().meta({ description: 'Client ratings of this update.' }),
    averageRating: z
      .number()
      .min(1)
      .max(5)
      .nullable()
      .meta({ description: 'Mean of the ratings (1–5, two decimals); null when nobody rated it.' }),
  })
  .meta({ id: 'UpdateHealth' });

export const CommHealthSchema = z
  .object({
    projectId: z.uuid(),
    updates: z
      .array(UpdateHealthSchema)
      .meta({ description: 'The latest published updates, newest first (`limit`, default 10).' }),
    medianResponseHours: z.number().nullable().meta({
      description:
        'Median of `answeredAt − createdAt` over answered feedback, in wall-clock hours (not business hours), to 0.1 h; null when nothing was answered.',
    }),
    answeredFeedback: z.number().int().meta({ description: 'Answered items the median is taken over.' }),
    openFeedback: z
      .number()
      .int()
      .meta({ description: 'Feedback items still `open`, every kind (as `listFeedback?status=open`).' }),
    overdueFeedback: z.number().int().meta({
      description: 'Open items past their `answerDueAt` (the feedback list’s `overdue` rule).',
    }),
    daysSinceLastUpdate: z.number().int().nullable().meta({
      description:
        'Whole calendar days since the last publication, in `timeZone`; null when none was published.',
    }),
    lastPublishedAt: Instant.nullable(),
    timeZone: z
      .string()
      .meta({ description: 'The project’s time zone (its connection’s), where days are counted.' }),
  })
  .meta({
    id: 'CommHealth',
    example: {
      projectId: '0192f3a4-5b6c-7d8e-9f01-23456789abcd',
      updates: [
        {
          id: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
          publishedAt: '2026-03-13T08:00:00.000Z',
          headline: 'Checkout is in testing',
          views: 2,
          ratings: 1,
          averageRating: 3,
        },
        {
          id: '0193a0f1-e2d3-7c4b-9a59-687766554433',
          publishedAt: '2026-03-06T08:00:00.000Z',
          headline: 'Design signed off',
          views: 3,
          ratings: 2,
          averageRating: 4.5,
        },
      ],
      medianResponseHours: 5,
      answeredFeedback: 3,
      openFeedback: 2,
      overdueFeedback: 1,
      daysSinceLastUpdate: 4,
      lastPublishedAt: '2026-03-13T08:00:00.000Z',
      timeZone: 'Asia/Shanghai',
    },
  });

export const toCommHealthDto = (
  projectId: string,
  health: CommHealth,
): z.output<typeof CommHealthSchema> => ({
  projectId,
  updates: health.updates.map((update) => ({ ...update, publishedAt: update.publishedAt.toISOString() })),
  medianResponseHours: health.medianResponseHours,
  answeredFeedback: health.answeredFeedback,
  openFeedback: health.openFeedback,
  overdueFeedback: health.overdueFeedback,
  daysSinceLastUpdate: health.daysSinceLastUpdate,
  lastPublishedAt: isoInstant(health.lastPublishedAt),
  timeZone: health.timeZone,
});
