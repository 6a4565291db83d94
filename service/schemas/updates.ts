import { z } from 'zod';
import type { UpdateContent } from '../domain/update';
import type { UpdateRow } from '../store/schema';
import { CalendarDate, Instant, component, isoInstant } from './common';
import { EXAMPLE_ID } from './example-ids';

const line = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

const contentExample = {
  headline: 'Card payments work end to end in the test shop',
  highlights: ['Card payment form finished, with the bank’s confirmation step', 'Beta delivered on 8 March'],
  risks: [
    {
      problem: 'The payment provider has not opened our test account yet.',
      impact: 'Card payments cannot be tested end to end.',
      mitigation: 'We test against their sandbox meanwhile.',
      decision: { question: 'Ship Release 2 without PayPal?', by: '2026-03-12' },
    },
  ],
  nextSteps: ['Finish the PayPal button', 'Start acceptance testing with your team'],
};

export const UpdateContentSchema = component(
  z.object({
    headline: line(200),
    highlights: z.array(line(500)).max(30).default([]),
    risks: z
      .array(
        z.object({
          problem: line(500),
          impact: z.string().trim().max(500).default(''),
          mitigation: z.string().trim().max(1000).default(''),
          decision: z
            .object({
              question: line(500).meta({ description: 'What the client must decide.' }),
              by: CalendarDate.nullable().default(null).meta({ description: 'By when.' }),
            })
            .nullable()
            .default(null),
        }),
      )
      .max(20)
      .default([]),
    nextSteps: z.array(line(500)).max(30).default([]),
  }),
  { id: 'UpdateContent' },
  contentExample,
) satisfies z.ZodType<UpdateContent, unknown>;

export const UpdateSchema = component(
  z.object({
    id: z.uuid(),
    projectId: z.uuid(),
    status: z.enum(['draft', 'published']),
    content: UpdateContentSchema,
    createdAt: Instant,
    updatedAt: Instant,
    publishedAt: Instant.nullable(),
  }),
  { id: 'Update' },
  {
    id: EXAMPLE_ID.draftUpdate,
    projectId: EXAMPLE_ID.project,
    status: 'draft',
    content: contentExample,
    createdAt: '2026-03-13T06:00:00.000Z',
    updatedAt: '2026-03-13T07:41:12.000Z',
    publishedAt: null,
  },
);

export const CreateUpdateBody = component(
  z.object({
    content: UpdateContentSchema.optional().meta({
      description: 'Leave out to get a draft pre-filled from what changed and the detected risks.',
    }),
  }),
  { id: 'CreateUpdate' },
  { content: contentExample },
);

/** The body of `createUpdate`: optional as a whole (no body, or `null`, starts a pre-filled draft). */
export const CreateUpdateRequest = CreateUpdateBody.nullish().meta({
  'x-examples': {
    prefilled: { summary: 'A draft pre-filled from what changed and the detected risks', value: {} },
    written: { summary: 'A draft with your own content', value: { content: contentExample } },
  },
});

export const EditUpdateBody = component(
  z.object({ content: UpdateContentSchema }),
  { id: 'EditUpdate' },
  { content: contentExample },
);

export const toUpdateDto = (row: UpdateRow): z.output<typeof UpdateSchema> => ({
  id: row.id,
  projectId: row.projectId,
  status: row.status,
  content: row.content,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  publishedAt: isoInstant(row.publishedAt),
});
