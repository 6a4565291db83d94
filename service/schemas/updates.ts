import { z } from 'zod';
import type { UpdateContent } from '../domain/update';
import type { UpdateRow } from '../store/schema';
import { CalendarDate, Instant, isoInstant } from './common';

const line = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

export const UpdateContentSchema = z
  .object({
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
  })
  .meta({ id: 'UpdateContent' }) satisfies z.ZodType<UpdateContent, unknown>;

export const UpdateSchema = z
  .object({
    id: z.uuid(),
    projectId: z.uuid(),
    status: z.enum(['draft', 'published']),
    content: UpdateContentSchema,
    createdAt: Instant,
    updatedAt: Instant,
    publishedAt: Instant.nullable(),
  })
  .meta({ id: 'Update' });

export const CreateUpdateBody = z
  .object({
    content: UpdateContentSchema.optional().meta({
      description: 'Leave out to get a draft pre-filled from what changed and the detected risks.',
    }),
  })
  .meta({ id: 'CreateUpdate' });

export const EditUpdateBody = z.object({ content: UpdateContentSchema }).meta({ id: 'EditUpdate' });

export const toUpdateDto = (row: UpdateRow): z.output<typeof UpdateSchema> => ({
  id: row.id,
  projectId: row.projectId,
  status: row.status,
  content: row.content,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  publishedAt: isoInstant(row.publishedAt),
});
