import { z } from 'zod';
import { MILESTONE_KINDS, STATUS_CATEGORIES } from '../domain/model';
import type { MilestoneRow, ProjectRow, TaskRow } from '../store/schema';
import { clientSettingsOf } from '../services/summaries.service';
import { MAX_RESPONSE_TARGET_HOURS } from '../domain/business-time';
import { responseTargetHoursOf } from '../domain/feedback';
import { CalendarDate, Instant, PageQuery, component, isoInstant } from './common';
import { EXAMPLE_ID } from './example-ids';

export const ProjectSchema = component(
  z.object({
    id: z.uuid(),
    connectionId: z.uuid(),
    externalId: z.string(),
    key: z.string().nullable(),
    name: z.string(),
    url: z.string().nullable(),
    type: z.string().nullable(),
    startDate: CalendarDate.nullable(),
    endDate: CalendarDate.nullable(),
    archived: z.boolean(),
    lastSyncedAt: Instant.nullable(),
    clientSettings: z.object({
      hiddenTypes: z.array(z.string()),
      hiddenLabels: z.array(z.string()),
      responseTargetHours: z.number().int().meta({
        description:
          'How soon client feedback should be answered, in business hours (Monday–Friday, in the project’s time zone); 24 = one business day.',
      }),
    }),
  }),
  { id: 'Project' },
  {
    id: EXAMPLE_ID.project,
    connectionId: EXAMPLE_ID.connection,
    externalId: '64f1c0e2a7b3d90012ab34cd',
    key: 'CHK',
    name: 'Checkout revamp',
    url: 'https://acme.pingcode.com/pjm/projects/64f1c0e2a7b3d90012ab34cd',
    type: 'scrum',
    startDate: '2026-01-12',
    endDate: '2026-04-30',
    archived: false,
    lastSyncedAt: '2026-03-10T01:45:00.000Z',
    clientSettings: { hiddenTypes: ['bug'], hiddenLabels: ['internal'], responseTargetHours: 24 },
  },
);

export const MilestoneSchema = component(
  z.object({
    id: z.uuid(),
    externalId: z.string(),
    kind: z.enum(MILESTONE_KINDS),
    name: z.string(),
    url: z.string().nullable(),
    startDate: CalendarDate.nullable(),
    dueDate: CalendarDate.nullable(),
    dueHistory: z
      .array(z.object({ from: CalendarDate.nullable(), to: CalendarDate.nullable(), at: z.string() }))
      .meta({ description: 'Every due-date change seen, oldest first.' }),
    status: z.enum(STATUS_CATEGORIES),
    progress: z
      .number()
      .min(0)
      .max(1)
      .nullable()
      .meta({ description: "The tool's own progress figure, 0..1." }),
    completedAt: Instant.nullable(),
  }),
  { id: 'Milestone' },
  {
    id: EXAMPLE_ID.releaseMilestone,
    externalId: '65a2d1f3b8c4e01123bc45de',
    kind: 'version',
    name: 'Release 2',
    url: 'https://acme.pingcode.com/pjm/projects/64f1c0e2a7b3d90012ab34cd/versions/65a2d1f3b8c4e01123bc45de',
    startDate: '2026-03-02',
    dueDate: '2026-03-27',
    dueHistory: [{ from: '2026-03-20', to: '2026-03-27', at: '2026-03-06T09:30:00.000Z' }],
    status: 'in_progress',
    progress: 0.4,
    completedAt: null,
  },
);

export const TaskSchema = component(
  z.object({
    id: z.uuid(),
    externalId: z.string(),
    identifier: z.string().nullable(),
    title: z.string(),
    type: z.string().nullable(),
    statusName: z.string().nullable(),
    statusCategory: z.enum(STATUS_CATEGORIES),
    blocked: z.boolean(),
    milestoneIds: z.array(z.uuid()),
    parentExternalId: z.string().nullable(),
    assignee: z.string().nullable(),
    labels: z.array(z.string()),
    startDate: CalendarDate.nullable(),
    dueDate: CalendarDate.nullable(),
    completedAt: Instant.nullable(),
    estimate: z.number().nullable(),
    url: z.string().nullable(),
    remoteUpdatedAt: Instant.nullable(),
    clientTitle: z
      .string()
      .nullable()
      .meta({ description: "The PM's client-facing title, shown to clients instead of `title`." }),
    deleted: z.boolean(),
  }),
  { id: 'Task' },
  {
    id: EXAMPLE_ID.task,
    externalId: '65b3e2a4c9d5f12234cd56ef',
    identifier: 'CHK-42',
    title: 'Card payment form: 3-D Secure redirect',
    type: 'story',
    statusName: 'In review',
    statusCategory: 'in_progress',
    blocked: false,
    milestoneIds: [EXAMPLE_ID.releaseMilestone],
    parentExternalId: null,
    assignee: 'Li Wei',
    labels: ['payments'],
    startDate: '2026-03-03',
    dueDate: '2026-03-13',
    completedAt: null,
    estimate: 5,
    url: 'https://acme.pingcode.com/pjm/workitems/CHK-42',
    remoteUpdatedAt: '2026-03-09T08:21:07.000Z',
    clientTitle: 'Pay by card, with your bank’s confirmation step',
    deleted: false,
  },
);

export const ClientSettingsBody = component(
  z.object({
    clientSettings: z.object({
      hiddenTypes: z.array(z.string().min(1).max(100)).max(100).optional(),
      hiddenLabels: z.array(z.string().min(1).max(100)).max(100).optional(),
      responseTargetHours: z
        .number()
        .int()
        .min(1)
        .max(MAX_RESPONSE_TARGET_HOURS)
        .optional()
        .meta({ description: 'Business hours (Mon–Fri) to answer client feedback in; default 24.' }),
    }),
  }),
  { id: 'ClientSettings' },
  { clientSettings: { hiddenTypes: ['bug'], hiddenLabels: ['internal'], responseTargetHours: 16 } },
);

export const ProjectListQuery = PageQuery.extend({ connectionId: z.uuid().optional() });

export const TaskListQuery = PageQuery.extend({
  statusCategory: z.enum(STATUS_CATEGORIES).optional(),
  milestoneId: z.uuid().optional(),
  includeDeleted: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .meta({ description: 'Also list tasks deleted upstream (default false).' }),
});

export const toProjectDto = (row: ProjectRow): z.output<typeof ProjectSchema> => ({
  id: row.id,
  connectionId: row.connectionId,
  externalId: row.externalId,
  key: row.key,
  name: row.name,
  url: row.url,
  type: row.type,
  startDate: row.startDate,
  endDate: row.endDate,
  archived: row.archived,
  lastSyncedAt: isoInstant(row.lastSyncedAt),
  clientSettings: {
    ...clientSettingsOf(row),
    responseTargetHours: responseTargetHoursOf(row.clientSettings),
  },
});

export const toMilestoneDto = (row: MilestoneRow): z.output<typeof MilestoneSchema> => ({
  id: row.id,
  externalId: row.externalId,
  kind: row.kind,
  name: row.name,
  url: row.url,
  startDate: row.startDate,
  dueDate: row.dueDate,
  dueHistory: row.dueHistory,
  status: row.status,
  progress: row.progress,
  completedAt: isoInstant(row.completedAt),
});

export const toTaskDto = (row: TaskRow): z.output<typeof TaskSchema> => ({
  id: row.id,
  externalId: row.externalId,
  identifier: row.identifier,
  title: row.title,
  type: row.type,
  statusName: row.statusName,
  statusCategory: row.statusCategory,
  blocked: row.blocked,
  milestoneIds: row.milestoneIds,
  parentExternalId: row.parentExternalId,
  assignee: row.assignee,
  labels: row.labels,
  startDate: row.startDate,
  dueDate: row.dueDate,
  completedAt: isoInstant(row.completedAt),
  estimate: row.estimate,
  url: row.url,
  remoteUpdatedAt: isoInstant(row.remoteUpdatedAt),
  clientTitle: row.clientTitle,
  deleted: row.deleted,
});
