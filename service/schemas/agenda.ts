import { z } from 'zod';
import { AGENDA_FEEDBACK_KINDS } from '../domain/agenda';
import { LOCALES } from '../domain/model';
import { agendaMarkdown, type Agenda } from '../render/agenda.md';
import { CalendarDate, Instant } from './common';

/** The OpenAPI shape of `Agenda` (service/render/agenda.md.ts); `satisfies` keeps the two in step. */
const HealthSchema = z.enum(['done', 'on_track', 'at_risk', 'late']);
const ProgressSchema = z.object({
  done: z.number(),
  total: z.number(),
  ratio: z.number().meta({ description: 'done ÷ total, 0..1.' }),
});
const MilestoneRef = z.object({ id: z.string(), name: z.string() });

export const AGENDA_FORMATS = ['json', 'md'] as const;

export const AgendaQuery = z.object({
  format: z
    .enum(AGENDA_FORMATS, { error: `must be one of ${AGENDA_FORMATS.join(', ')}` })
    .default('json')
    .meta({ description: '`json` (default) or `md` (`text/markdown`).' }),
  lang: z
    .enum(LOCALES, { error: `must be one of ${LOCALES.join(', ')}` })
    .optional()
    .meta({
      description:
        'Language of the agenda (default: the language of the project’s communication plan, else the workspace language).',
    }),
});

const AgendaSchemaShape = z.object({
  language: z.enum(LOCALES).meta({ description: 'The language of every sentence ClientLens wrote.' }),
  project: z.object({ id: z.string(), name: z.string() }),
  generatedAt: Instant,
  timeZone: z.string().meta({ description: 'The zone the project’s dates are read in.' }),
  freshness: z.object({
    source: z.string(),
    syncedAt: Instant.nullable(),
    stale: z.boolean(),
    text: z.string(),
    warning: z.string().nullable(),
  }),
  progress: z
    .object({
      lastUpdate: z
        .object({ id: z.string(), publishedAt: Instant })
        .nullable()
        .meta({ description: 'The last published update; null before the first.' }),
      now: ProgressSchema,
      atLastUpdate: ProgressSchema.nullable().meta({
        description: 'Overall progress in the summary frozen with the last published update.',
      }),
      completed: z.object({
        count: z.number().int(),
        tasks: z
          .array(z.object({ id: z.string(), title: z.string(), completedAt: Instant.nullable() }))
          .meta({ description: 'The first ten completed since, in completion order.' }),
      }),
      added: z.number().int().meta({ description: 'Tasks added to the scope since the last update.' }),
      milestonesDone: z.array(
        z.object({ id: z.string(), name: z.string(), completedAt: Instant.nullable() }),
      ),
      slips: z.array(
        z.object({
          milestoneId: z.string(),
          milestoneName: z.string(),
          from: CalendarDate.nullable(),
          to: CalendarDate.nullable(),
          days: z.number().nullable(),
          text: z.string(),
        }),
      ),
    })
    .meta({ description: 'What moved since the last published update (empty lists before the first).' }),
  risks: z.object({
    update: z
      .object({ id: z.string(), status: z.enum(['draft', 'published']) })
      .nullable()
      .meta({ description: 'The latest update (draft or published), whose risks and decisions are listed.' }),
    items: z.array(
      z.object({
        source: z.enum(['detected', 'update']),
        kind: z
          .enum(['overdue_work', 'blocked_work', 'forecast_past_due', 'stale_sync', 'failed_sync'])
          .nullable(),
        text: z.string(),
        impact: z.string(),
        mitigation: z.string().nullable(),
      }),
    ),
    decisions: z
      .array(
        z.object({
          question: z.string(),
          by: CalendarDate.nullable(),
          overdue: z.boolean().meta({ description: '`by` is before today in the project’s zone.' }),
          risk: z.string(),
        }),
      )
      .meta({ description: 'Decisions the client must take, soonest first.' }),
  }),
  questions: z
    .array(
      z.object({
        id: z.uuid(),
        kind: z.enum(AGENDA_FEEDBACK_KINDS),
        body: z.string().nullable(),
        authorName: z.string(),
        milestone: MilestoneRef.nullable(),
        createdAt: Instant,
        answerDueAt: Instant,
        overdue: z.boolean(),
      }),
    )
    .meta({ description: 'Open questions, change requests and approvals, oldest first.' }),
  nextSteps: z.object({
    source: z.enum(['update', 'milestones', 'none']).meta({
      description: 'The latest update’s next steps, else the next milestones due.',
    }),
    items: z.array(
      z.object({
        text: z.string(),
        milestone: z
          .object({
            id: z.string(),
            name: z.string(),
            dueDate: CalendarDate.nullable(),
            forecastDate: CalendarDate.nullable(),
            health: HealthSchema,
          })
          .nullable(),
      }),
    ),
  }),
});

/** The example in the OpenAPI document. */
const example: z.input<typeof AgendaSchemaShape> = {
  language: 'en',
  project: { id: '0193a000-0000-7000-8000-0000000000a1', name: 'Checkout revamp' },
  generatedAt: '2026-03-10T02:00:00.000Z',
  timeZone: 'Asia/Shanghai',
  freshness: {
    source: 'PingCode',
    syncedAt: '2026-03-10T01:45:00.000Z',
    stale: false,
    text: 'Updated Mar 10, 2026, 9:45 AM, data from PingCode',
    warning: null,
  },
  progress: {
    lastUpdate: { id: '0193a000-0000-7000-8000-0000000000b1', publishedAt: '2026-03-03T08:00:00.000Z' },
    now: { done: 31, total: 50, ratio: 0.62 },
    atLastUpdate: { done: 24, total: 50, ratio: 0.48 },
    completed: {
      count: 7,
      tasks: [
        {
          id: '0193a000-0000-7000-8000-0000000000c1',
          title: 'Card payment form',
          completedAt: '2026-03-05T06:00:00.000Z',
        },
      ],
    },
    added: 2,
    milestonesDone: [
      { id: '0193a000-0000-7000-8000-0000000000d1', name: 'Beta', completedAt: '2026-03-08T09:00:00.000Z' },
    ],
    slips: [
      {
        milestoneId: '0193a000-0000-7000-8000-0000000000d2',
        milestoneName: 'Release 2',
        from: '2026-03-20',
        to: '2026-03-27',
        days: 7,
        text: '“Release 2” moved from Mar 20, 2026 to Mar 27, 2026 (7 days later)',
      },
    ],
  },
  risks: {
    update: { id: '0193a000-0000-7000-8000-0000000000b2', status: 'draft' },
    items: [
      {
        source: 'update',
        kind: null,
        text: 'The payment provider has not opened our test account yet.',
        impact: 'Card payments cannot be tested end to end.',
        mitigation: 'We test against their sandbox meanwhile.',
      },
    ],
    decisions: [
      {
        question: 'Ship Release 2 without PayPal?',
        by: '2026-03-12',
        overdue: false,
        risk: 'The payment provider has not opened our test account yet.',
      },
    ],
  },
  questions: [
    {
      id: '0193a000-0000-7000-8000-0000000000e1',
      kind: 'question',
      body: 'When can we try the checkout?',
      authorName: 'Ana Lima',
      milestone: null,
      createdAt: '2026-03-09T03:00:00.000Z',
      answerDueAt: '2026-03-10T03:00:00.000Z',
      overdue: false,
    },
  ],
  nextSteps: {
    source: 'milestones',
    items: [
      {
        text: 'Release 2: due Mar 27, 2026, expected Mar 30, 2026 (At risk)',
        milestone: {
          id: '0193a000-0000-7000-8000-0000000000d2',
          name: 'Release 2',
          dueDate: '2026-03-27',
          forecastDate: '2026-03-30',
          health: 'at_risk',
        },
      },
    ],
  },
};

export const AgendaSchema = AgendaSchemaShape.meta({ id: 'Agenda', example }) satisfies z.ZodType<
  Agenda,
  unknown
>;

export const AgendaMarkdown = z.string().meta({
  description:
    'The same agenda as Markdown: a title, then the sections progress, risks and decisions, open client questions, next steps.',
  // The example agenda exactly as `format=md` writes it.
  example: agendaMarkdown(AgendaSchema.parse(example)),
});
