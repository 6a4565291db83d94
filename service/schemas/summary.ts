import { z } from 'zod';
import { LOCALES, MILESTONE_KINDS, STATUS_CATEGORIES } from '../domain/model';
import type { Summary } from '../domain/summary/types';
import { CalendarDate, Instant } from './common';

/** The OpenAPI shape of `Summary` (service/domain/summary/types.ts); `satisfies` keeps the two in step. */
const HealthSchema = z.enum(['done', 'on_track', 'at_risk', 'late']);
const ProgressSchema = z.object({ done: z.number(), total: z.number(), ratio: z.number() });
const TaskRefSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(STATUS_CATEGORIES),
  blocked: z.boolean(),
  dueDate: CalendarDate.nullable(),
  completedAt: Instant.nullable(),
});
const SlipSchema = z.object({
  milestoneId: z.string(),
  milestoneName: z.string(),
  from: CalendarDate.nullable(),
  to: CalendarDate.nullable(),
  at: z.string(),
  days: z.number().nullable(),
});
const RiskSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('overdue_work'),
    count: z.number(),
    milestoneId: z.string().nullable(),
    taskIds: z.array(z.string()),
  }),
  z.object({
    kind: z.literal('blocked_work'),
    count: z.number(),
    milestoneId: z.string().nullable(),
    taskIds: z.array(z.string()),
  }),
  z.object({
    kind: z.literal('forecast_past_due'),
    milestoneId: z.string(),
    dueDate: CalendarDate,
    forecastDate: CalendarDate,
    days: z.number(),
  }),
  z.object({ kind: z.literal('stale_sync'), syncedAt: Instant.nullable(), hours: z.number().nullable() }),
  z.object({ kind: z.literal('failed_sync'), at: Instant, code: z.string() }),
]);

export const SummarySchema = z
  .object({
    version: z.literal(1),
    generatedAt: Instant,
    validUntil: Instant.describe(
      'Until when this summary stays right without new data (next local midnight, or when the data turns old)',
    ),
    project: z.object({ id: z.string(), name: z.string() }),
    overall: z.object({
      byCount: ProgressSchema,
      byEstimate: ProgressSchema.nullable(),
      remaining: z.number(),
      blocked: z.number(),
      overdue: z.number(),
      health: HealthSchema,
    }),
    milestones: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        kind: z.enum(MILESTONE_KINDS),
        startDate: CalendarDate.nullable(),
        dueDate: CalendarDate.nullable(),
        plannedDate: CalendarDate.nullable(),
        forecastDate: CalendarDate.nullable(),
        forecastMethod: z.enum(['throughput', 'elapsed', 'none']),
        health: HealthSchema,
        progress: ProgressSchema,
        byEstimate: ProgressSchema.nullable(),
        slips: z.array(SlipSchema),
        completedAt: Instant.nullable(),
        tasks: z.array(TaskRefSchema),
      }),
    ),
    unplanned: z.array(TaskRefSchema),
    changes: z.object({
      since: Instant.nullable(),
      completed: z.array(TaskRefSchema),
      added: z.array(TaskRefSchema),
      slips: z.array(SlipSchema),
    }),
    risks: z.array(RiskSchema),
    freshness: z.object({
      source: z.string(),
      syncedAt: Instant.nullable(),
      stale: z.boolean(),
      reason: z.enum(['never_synced', 'old', 'failed']).nullable(),
    }),
    burnup: z.array(z.object({ date: CalendarDate, done: z.number(), scope: z.number() })),
  })
  .meta({ id: 'Summary' }) satisfies z.ZodType<Summary, unknown>;

export const SummaryQuery = z.object({
  lang: z
    .enum(LOCALES)
    .optional()
    .meta({ description: 'Language of `text` (default: the workspace language).' }),
});

/** The summary plus the same sentences the client page shows, in the requested language. */
export const LocalizedSummarySchema = z
  .object({
    language: z.enum(LOCALES),
    summary: SummarySchema,
    text: z.object({
      health: z.string(),
      progress: z.string(),
      freshness: z.string(),
      staleWarning: z.string().nullable(),
      risks: z.array(z.object({ kind: z.string(), text: z.string(), impact: z.string() })),
      slips: z.array(z.string()),
    }),
  })
  .meta({ id: 'LocalizedSummary' });
