import { z } from 'zod';
import { LOCALES, MILESTONE_KINDS, STATUS_CATEGORIES } from '../domain/model';
import type { Summary } from '../domain/summary/types';
import { localizeSummary } from '../render/localize';
import { CalendarDate, Instant, component } from './common';
import { EXAMPLE_ID } from './example-ids';

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

const slip = {
  milestoneId: EXAMPLE_ID.releaseMilestone,
  milestoneName: 'Release 2',
  from: '2026-03-20',
  to: '2026-03-27',
  at: '2026-03-06T09:30:00.000Z',
  days: 7,
};
const cardForm = {
  id: EXAMPLE_ID.task,
  title: 'Pay by card, with your bank’s confirmation step',
  status: 'done',
  blocked: false,
  dueDate: '2026-03-13',
  completedAt: '2026-03-05T06:00:00.000Z',
} as const;
const paypal = {
  id: EXAMPLE_ID.blockedTask,
  title: 'Pay with PayPal',
  status: 'in_progress',
  blocked: true,
  dueDate: '2026-03-20',
  completedAt: null,
} as const;

/** The example in the OpenAPI document: the agenda's project, a week before Release 2 is due. */
const summaryExample: Summary = {
  version: 1,
  generatedAt: '2026-03-10T02:00:00.000Z',
  validUntil: '2026-03-10T16:00:00.000Z',
  project: { id: EXAMPLE_ID.project, name: 'Checkout revamp' },
  overall: {
    byCount: { done: 31, total: 50, ratio: 0.62 },
    byEstimate: { done: 96, total: 160, ratio: 0.6 },
    remaining: 19,
    blocked: 1,
    overdue: 0,
    health: 'at_risk',
  },
  milestones: [
    {
      id: EXAMPLE_ID.betaMilestone,
      name: 'Beta',
      kind: 'milestone',
      startDate: '2026-01-12',
      dueDate: '2026-03-06',
      plannedDate: '2026-03-06',
      forecastDate: null,
      forecastMethod: 'none',
      health: 'done',
      progress: { done: 22, total: 22, ratio: 1 },
      byEstimate: { done: 70, total: 70, ratio: 1 },
      slips: [],
      completedAt: '2026-03-08T09:00:00.000Z',
      tasks: [],
    },
    {
      id: EXAMPLE_ID.releaseMilestone,
      name: 'Release 2',
      kind: 'version',
      startDate: '2026-03-02',
      dueDate: '2026-03-27',
      plannedDate: '2026-03-20',
      forecastDate: '2026-03-30',
      forecastMethod: 'throughput',
      health: 'at_risk',
      progress: { done: 9, total: 28, ratio: 0.32142857142857145 },
      byEstimate: { done: 26, total: 90, ratio: 0.28888888888888886 },
      slips: [slip],
      completedAt: null,
      tasks: [cardForm, paypal],
    },
  ],
  unplanned: [],
  changes: { since: '2026-03-03T08:00:00.000Z', completed: [cardForm], added: [paypal], slips: [slip] },
  risks: [
    {
      kind: 'forecast_past_due',
      milestoneId: EXAMPLE_ID.releaseMilestone,
      dueDate: '2026-03-27',
      forecastDate: '2026-03-30',
      days: 3,
    },
    { kind: 'blocked_work', count: 1, milestoneId: EXAMPLE_ID.releaseMilestone, taskIds: [paypal.id] },
  ],
  freshness: { source: 'PingCode', syncedAt: '2026-03-10T01:45:00.000Z', stale: false, reason: null },
  burnup: [
    { date: '2026-03-08', done: 29, scope: 49 },
    { date: '2026-03-09', done: 31, scope: 50 },
  ],
};

export const SummarySchema = component(
  z.object({
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
  }),
  { id: 'Summary' },
  summaryExample,
) satisfies z.ZodType<Summary, unknown>;

export const SummaryQuery = z.object({
  lang: z
    .enum(LOCALES)
    .optional()
    .meta({ description: 'Language of `text` (default: the workspace language).' }),
});

/** The summary plus the same sentences the client page shows, in the requested language. */
export const LocalizedSummarySchema = component(
  z.object({
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
  }),
  { id: 'LocalizedSummary' },
  // The sentences exactly as the route writes them for this summary.
  { language: 'en', summary: summaryExample, text: localizeSummary(summaryExample, 'en', 'Asia/Shanghai') },
);
